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
            throw new UnreadableImageException(Directory.Exists(path) ? $"the image {path} is a folder; give a picture file in it" : $"the image {path} does not exist; check the path");
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

    /// <summary>
    /// Reads a photo as an RGBA frame, keeping its transparency (PNG, WebP alpha) and scaling it down
    /// so that neither side exceeds <paramref name="maxSide"/> (a 50-megapixel photo becomes a
    /// working copy of a few megapixels; nothing is ever scaled up).
    /// </summary>
    /// <exception cref="UnreadableImageException">The file is missing, empty or not a decodable image.</exception>
    public static LoadedImage LoadPhoto(string path, int maxSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 16);
        using var colour = Load(path);
        var hasAlpha = false;
        using (var full = MayHaveAlpha(path) ? Decode(path, ImreadModes.Unchanged) : new Mat())
        {
            if (full.Channels() == 4 && full.Width == colour.Width && full.Height == colour.Height)
            {
                using var alpha = full.ExtractChannel(3);
                using var alpha8 = new Mat();
                alpha.ConvertTo(alpha8, MatType.CV_8U, full.Depth() == MatType.CV_16U ? 1 / 257.0 : 1);
                Cv2.MinMaxLoc(alpha8, out double lowest, out _);
                if (lowest < 255)
                {
                    hasAlpha = true;
                    using var target = ImageMats.Wrap(colour);
                    Cv2.MixChannels([alpha8], [target], [0, 3]);
                }
            }
        }

        var scale = Math.Min(1, (float)maxSide / Math.Max(colour.Width, colour.Height));
        if (scale >= 1)
        {
            return new LoadedImage(Copy(colour), hasAlpha, 1, colour.Width, colour.Height);
        }

        var width = Math.Max(1, (int)Math.Round(colour.Width * scale));
        var height = Math.Max(1, (int)Math.Round(colour.Height * scale));
        var small = VideoFrame.Rent(width, height, FramePixelFormat.Rgba32);
        using (var source = ImageMats.Wrap(colour))
        using (var target = ImageMats.Wrap(small))
        {
            Cv2.Resize(source, target, new Size(width, height), 0, 0, InterpolationFlags.Area);
        }

        return new LoadedImage(small, hasAlpha, (float)width / colour.Width, colour.Width, colour.Height);
    }

    // PNG, WebP and TIFF can carry transparency; JPEG and BMP cannot (read by content, not by name).
    private static bool MayHaveAlpha(string path)
    {
        Span<byte> head = stackalloc byte[12];
        using var stream = File.OpenRead(path);
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        return head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47])
            || (head.Length == 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..].SequenceEqual("WEBP"u8))
            || head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8);
    }

    private static VideoFrame Copy(VideoFrame frame)
    {
        var copy = VideoFrame.Rent(frame.Width, frame.Height, frame.PixelFormat);
        frame.Pixels.CopyTo(copy.Pixels);
        return copy;
    }

    private static Mat Decode(string path, ImreadModes mode = ImreadModes.Color)
    {
        try
        {
            return Cv2.ImRead(path, mode);
        }
        catch (OpenCVException e)
        {
            throw new UnreadableImageException($"{path} is not an image that can be read ({e.Message}); use a JPEG, PNG or WebP file", e);
        }
    }
}

/// <summary>A photo read for analysis.</summary>
/// <param name="Image">The RGBA pixels (owned: dispose them).</param>
/// <param name="HasAlpha">Whether some pixels are transparent.</param>
/// <param name="Scale">The working copy's size ÷ the file's (1 when not scaled down).</param>
/// <param name="OriginalWidth">The file's width.</param>
/// <param name="OriginalHeight">The file's height.</param>
public sealed record LoadedImage(VideoFrame Image, bool HasAlpha, float Scale, int OriginalWidth, int OriginalHeight) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Image.Dispose();
}
