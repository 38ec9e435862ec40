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

    /// <summary>Counts open-mouth pixels of an RGBA frame inside <paramref name="region"/>.</summary>
    public static int Opening(VideoFrame frame, SKRect region)
    {
        var left = Math.Clamp((int)region.Left, 0, frame.Width);
        var right = Math.Clamp((int)Math.Ceiling(region.Right), 0, frame.Width);
        var top = Math.Clamp((int)region.Top, 0, frame.Height);
        var bottom = Math.Clamp((int)Math.Ceiling(region.Bottom), 0, frame.Height);
        var pixels = frame.Pixels;
        var count = 0;
        for (var y = top; y < bottom; y++)
        {
            var row = pixels.Slice(y * frame.Stride, frame.Stride);
            for (var x = left; x < right; x++)
            {
                int r = row[x * 4], g = row[(x * 4) + 1], b = row[(x * 4) + 2];
                var cavity = r < 110 && g < 55 && b < 60 && r > g;
                var teeth = r > 225 && g > 220 && b > 205;
                if (cavity || teeth)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
