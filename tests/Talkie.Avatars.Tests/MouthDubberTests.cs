using Talkie.Avatars.Trained;
using Talkie.Media;
using Talkie.Testing;
using Talkie.Vision;
using Xunit.Abstractions;

namespace Talkie.Avatars.Tests;

public sealed class MouthDubberTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AMouthFromOtherLight_TakesTheFramesColour_EvenWhereSomethingElseCrossesTheSeam()
    {
        // A real frame, and the same frame in other light (each channel moved by its own amount) with a blue
        // patch over the left third of the mouth's box: something that differs between the frames, such as
        // a hand or a collar, crossing part of the seam.
        using var frame = await FirstFrameAsync(TestMedia.TalkingHead("wda_alexandria_ocasio_cortez_000.mp4"));
        var face = TestServices.Get<FaceAnalyzer>().AnalyzeImage(frame, new FaceAnalysisRequest(LandmarkEngineKind.Mesh)).Primary!.Raw;
        var placement = FacePlacement.Of(face);
        var region = MouthRegion.Of([face]);
        var box = MouthDubber.Box(placement, region);
        int left = Math.Max(0, (int)box.X), top = Math.Max(0, (int)box.Y), right = Math.Min(frame.Width, (int)MathF.Ceiling(box.Right)), bottom = Math.Min(frame.Height, (int)MathF.Ceiling(box.Bottom));
        var patchEnd = left + ((right - left) / 3);
        ReadOnlySpan<int> light = [14, -9, 6];
        using var other = VideoFrame.Rent(frame.Width, frame.Height, frame.PixelFormat);
        for (var y = 0; y < frame.Height; y++)
        {
            for (var x = 0; x < frame.Width; x++)
            {
                var i = ((y * frame.Width) + x) * 4;
                var patch = x >= left && x < patchEnd && y >= top && y < bottom;
                for (var c = 0; c < 4; c++)
                {
                    other.Pixels[i + c] = c == 3 ? frame.Pixels[i + c] : patch ? (byte)(c == 2 ? 230 : 30) : (byte)Math.Clamp(frame.Pixels[i + c] + light[c], 0, 255);
                }
            }
        }

        using var painted = VideoFrame.Rent(frame.Width, frame.Height, frame.PixelFormat);
        frame.Pixels.CopyTo(painted.Pixels);
        MouthDubber.Paint(painted, placement, other, placement, region);

        // Right of the patch, the painted mouth is the frame's own: the light's shift was taken out, and the
        // patch (under a third of the seam) did not pull the shift its way.
        var (sum, count, changed) = (0L, 0, 0);
        for (var y = top; y < bottom; y++)
        {
            for (var x = left + ((right - left) / 2); x < right; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var i = (((y * frame.Width) + x) * 4) + c;
                    var difference = Math.Abs(painted.Pixels[i] - frame.Pixels[i]);
                    sum += difference;
                    count++;
                    changed += Math.Abs(other.Pixels[i] - frame.Pixels[i]) > 0 ? 1 : 0;
                }
            }
        }

        var mean = (double)sum / count;
        output.WriteLine($"box {right - left}x{bottom - top}: mean difference from the frame's own colours {mean:0.000} levels ({changed} of {count} values differed before painting)");
        Assert.True(changed > count * 0.9, "the other light changes the mouth");
        Assert.True(mean < 0.6, $"the painted mouth is {mean:0.000} levels off the frame's colours");
    }

    private static async Task<VideoFrame> FirstFrameAsync(string path)
    {
        await foreach (var frame in TestServices.Get<MediaDecoder>().ReadFramesAsync(path, FramePixelFormat.Rgba32, CancellationToken.None))
        {
            return frame;
        }

        throw new InvalidOperationException($"{path} has no frames");
    }
}
