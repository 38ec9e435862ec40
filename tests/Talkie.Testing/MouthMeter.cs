using SkiaSharp;
using Talkie.Media;

namespace Talkie.Testing;

/// <summary>
/// Measures a presenter's mouth on decoded video frames: how many pixels inside a region look like
/// the inside of an open mouth (dark red) or teeth (near white). Measured on the output, so it sees
/// what a viewer sees, after encoding.
/// </summary>
public static class MouthMeter
{
    /// <summary>Decodes <paramref name="video"/> and returns the mouth opening of every frame.</summary>
    public static async Task<List<int>> MeasureAsync(string video, SKRect region, CancellationToken cancellationToken = default)
    {
        var decoder = TestServices.Get<MediaDecoder>();
        var openings = new List<int>();
        await foreach (var frame in decoder.ReadFramesAsync(video, FramePixelFormat.Rgba32, cancellationToken))
        {
            using (frame)
            {
                openings.Add(Opening(frame, region));
            }
        }

        return openings;
    }

    /// <summary>
    /// Counts open-mouth pixels of an RGBA frame inside <paramref name="region"/>: teeth (bright, grey)
    /// or mouth cavity (dark red) that is at least three pixels tall, so the thin dark line between
    /// closed lips does not count.
    /// </summary>
    public static int Opening(VideoFrame frame, SKRect region)
    {
        var left = Math.Clamp((int)region.Left, 0, frame.Width);
        var right = Math.Clamp((int)Math.Ceiling(region.Right), 0, frame.Width);
        var top = Math.Clamp((int)region.Top, 0, frame.Height);
        var bottom = Math.Clamp((int)Math.Ceiling(region.Bottom), 0, frame.Height - 2);
        var pixels = frame.Pixels;
        var stride = frame.Stride;
        var count = 0;
        for (var y = top; y < bottom; y++)
        {
            for (var x = left; x < right; x++)
            {
                var at = (y * stride) + (x * 4);
                if (IsTeeth(pixels, at) || (IsCavity(pixels, at) && IsCavity(pixels, at + stride) && IsCavity(pixels, at + (2 * stride))))
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Counts open-mouth pixels of a 32-bit RGBA or BGRA bitmap (red and blue are treated alike).</summary>
    public static int Opening(ReadOnlySpan<byte> pixels, int width, int height, SKRect region)
    {
        using var frame = VideoFrame.Rent(width, height, FramePixelFormat.Rgba32);
        pixels.CopyTo(frame.Pixels);
        return Opening(frame, region);
    }

    private static bool IsCavity(ReadOnlySpan<byte> p, int at)
    {
        int r = p[at], g = p[at + 1], b = p[at + 2];
        return r < 110 && g < 55 && b < 60 && r > g + 15;
    }

    private static bool IsTeeth(ReadOnlySpan<byte> p, int at)
    {
        int r = p[at], g = p[at + 1], b = p[at + 2];
        var max = Math.Max(r, Math.Max(g, b));
        var min = Math.Min(r, Math.Min(g, b));
        return min > 200 && max - min < 40;
    }
}
