using OpenCvSharp;
using Talkie.Media;

namespace Talkie.Vision;

/// <summary>Reads still images (JPEG, PNG, WebP, BMP, TIFF) into RGBA frames with OpenCV.</summary>
public static class ImageFile
{
    /// <summary>Returns whether OpenCV recognizes the file's content as an image it can decode.</summary>
    public static bool IsImage(string path)
    {
        OpenCvRuntime.EnsureLoaded();
        try
        {
            return File.Exists(path) && new FileInfo(path).Length > 0 && Cv2.HaveImageReader(path);
        }
        catch (OpenCVException)
        {
            return false;
        }
    }

    /// <summary>Reads an image (its EXIF orientation applied) as an RGBA frame.</summary>
    /// <exception cref="UnreadableImageException">The file is missing, empty or not a decodable image.</exception>
    public static VideoFrame Load(string path)
    {
        OpenCvRuntime.EnsureLoaded();
        if (!File.Exists(path))
        {
            throw new UnreadableImageException($"the image {path} does not exist; check the path");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new UnreadableImageException($"the image {path} is empty (0 bytes); export it again");
        }

        using var decoded = Decode(path);
        if (decoded.Empty())
        {
            throw new UnreadableImageException($"{path} is not an image that can be read (corrupt or an unsupported format); use a JPEG, PNG or WebP file");
        }

        var frame = VideoFrame.Rent(decoded.Width, decoded.Height, FramePixelFormat.Rgba32);
        using var target = ImageMats.Wrap(frame);
        Cv2.CvtColor(decoded, target, ColorConversionCodes.BGR2RGBA);
        return frame;
    }

    private static Mat Decode(string path)
    {
        try
        {
            return Cv2.ImRead(path, ImreadModes.Color);
        }
        catch (OpenCVException e)
        {
            throw new UnreadableImageException($"{path} is not an image that can be read ({e.Message}); use a JPEG, PNG or WebP file", e);
        }
    }
}
