using OpenCvSharp;
using Talkie.Media;

namespace Talkie.Vision;

/// <summary>Views Talkie's frames as OpenCV matrices without copying.</summary>
internal static class ImageMats
{
    /// <summary>Wraps an RGBA (or BGRA) frame; the frame must outlive the matrix.</summary>
    public static Mat Wrap(VideoFrame frame)
    {
        var type = frame.PixelFormat switch
        {
            FramePixelFormat.Rgba32 or FramePixelFormat.Bgra32 => MatType.CV_8UC4,
            FramePixelFormat.Rgb24 => MatType.CV_8UC3,
            _ => MatType.CV_8UC1,
        };
        return Mat.FromPixelData(frame.Height, frame.Width, type, frame.Buffer, frame.Stride);
    }

    /// <summary>Copies a continuous float matrix of any shape (DNN outputs are N-dimensional).</summary>
    public static float[] Floats(Mat mat)
    {
        var values = new float[mat.Total()];
        System.Runtime.InteropServices.Marshal.Copy(mat.Data, values, 0, values.Length);
        return values;
    }

    /// <summary>Gets the conversion from the frame's layout to RGB.</summary>
    public static ColorConversionCodes ToRgb(FramePixelFormat format) => format switch
    {
        FramePixelFormat.Rgba32 => ColorConversionCodes.RGBA2RGB,
        FramePixelFormat.Bgra32 => ColorConversionCodes.BGRA2RGB,
        _ => throw new ArgumentException($"{format} frames are not supported here", nameof(format)),
    };
}
