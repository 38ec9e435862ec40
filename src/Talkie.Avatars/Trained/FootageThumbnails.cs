using OpenCvSharp;
using Talkie.Media;
using Talkie.Vision;
using Talkie.Vision.Landmarks;

namespace Talkie.Avatars.Trained;

/// <summary>Footage frames as the small grey pictures <see cref="FootageLoops"/> compares.</summary>
public static class FootageThumbnails
{
    /// <summary>The side of a thumbnail (pixels; the frame is squeezed into a square).</summary>
    public const int Side = 48;

    /// <summary>A frame's thumbnail: grey levels, area-averaged.</summary>
    public static float[] Of(VideoFrame image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var wrapped = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC4, image.Buffer, image.Stride);
        using var grey = new Mat();
        Cv2.CvtColor(wrapped, grey, image.PixelFormat == FramePixelFormat.Bgra32 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.RGBA2GRAY);
        using var small = new Mat();
        Cv2.Resize(grey, small, new Size(Side, Side), 0, 0, InterpolationFlags.Area);
        using var floats = new Mat();
        small.ConvertTo(floats, MatType.CV_32F);
        floats.GetArray(out float[] values);
        return values;
    }

    /// <summary>
    /// The thumbnail pixels that hold the mouth, jaw and what lies below them in any frame (they are
    /// re-rendered, so loops are found on the rest: head, eyes, body, background).
    /// </summary>
    public static bool[] MouthMask(IEnumerable<FaceLandmarks> faces, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(faces);
        float left = float.MaxValue, top = float.MaxValue, right = float.MinValue;
        foreach (var face in faces)
        {
            var lips = FaceBox.Around([.. face.OuterLips, face.Chin]);
            (left, top, right) = (Math.Min(left, lips.X), Math.Min(top, lips.Y), Math.Max(right, lips.Right));
        }

        var margin = 0.2f * (right - left);
        var mask = new bool[Side * Side];
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                var (px, py) = ((x + 0.5f) * width / Side, (y + 0.5f) * height / Side);
                mask[(y * Side) + x] = px >= left - margin && px <= right + margin && py >= top - margin;
            }
        }

        return mask;
    }
}
