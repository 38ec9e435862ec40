using Talkie.Media;

namespace Talkie.Testing;

/// <summary>Decoded video frames as RGBA bytes (4 a pixel, rows packed), and comparing two of them.</summary>
public static class RgbaFrames
{
    /// <summary>Decodes frame <paramref name="index"/> of a video.</summary>
    public static async Task<(byte[] Pixels, int Width, int Height)> ReadAsync(string path, long index = 0)
    {
        await foreach (var frame in TestServices.Get<MediaDecoder>().ReadFramesAsync(path, FramePixelFormat.Rgba32, CancellationToken.None))
        {
            using (frame)
            {
                if (frame.Index == index)
                {
                    return (frame.Pixels.ToArray(), frame.Width, frame.Height);
                }
            }
        }

        throw new InvalidDataException($"{path} has no frame {index}");
    }

    /// <summary>
    /// Gets the area (right and bottom exclusive) spanned by the rows where two frames differ in at least three pixels
    /// (an overlay drawn on one of them), or null where none does.
    /// </summary>
    public static (int Left, int Top, int Right, int Bottom)? ChangedArea(byte[] a, byte[] b, int width, int height)
    {
        int left = width, top = height, right = -1, bottom = -1;
        for (var y = 0; y < height; y++)
        {
            var changed = Enumerable.Range(0, width).Where(x => Changed(a, b, width, x, y, 40)).ToList();
            if (changed.Count >= 3)
            {
                (left, top, right, bottom) = (Math.Min(left, changed[0]), Math.Min(top, y), Math.Max(right, changed[^1]), y);
            }
        }

        return bottom < 0 ? null : (left, top, right + 1, bottom + 1);
    }

    /// <summary>Gets whether any colour channel of pixel (<paramref name="x"/>, <paramref name="y"/>) differs by more than <paramref name="threshold"/>.</summary>
    public static bool Changed(byte[] a, byte[] b, int width, int x, int y, int threshold)
    {
        var i = ((y * width) + x) * 4;
        return Math.Abs(a[i] - b[i]) > threshold || Math.Abs(a[i + 1] - b[i + 1]) > threshold || Math.Abs(a[i + 2] - b[i + 2]) > threshold;
    }
}
