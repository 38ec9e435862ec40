using Talkie.Testing;
using Xunit.Abstractions;

namespace Talkie.Composition.Tests;

/// <summary>
/// The marks a plan or a render kind puts on a video (the free plan's badge, the TEST and PREVIEW
/// watermarks), found in the decoded picture: the same short video is rendered plain and marked, and
/// the marked frame is compared with the plain one.
/// </summary>
public sealed class MarkingTests(ITestOutputHelper output)
{
    private const int Width = 640;
    private const int Height = 360;

    // A channel that moved by more than this was marked, not merely encoded again: the badge's dark
    // plate and white text move the light backdrop by 100 or more; the watermark's faint letters
    // (white at 31% with a dark outline at 27%) move it by 10–70.
    private const int Badge = 40;
    private const int Watermark = 8;

    [Fact]
    public async Task TheBadge_SitsInTheBottomRightCorner_AndNowhereElse()
    {
        using var temp = new TempDirectory();
        var plain = await MiddleFrameAsync(temp, "plain", new SceneSpec { Width = Width, Height = Height, Captions = CaptionMode.None });
        var badged = await MiddleFrameAsync(temp, "badged", new SceneSpec { Width = Width, Height = Height, Captions = CaptionMode.None, Badge = "Made with Talkie" });

        var (inside, outside) = (0, 0);
        var box = (Left: Width, Top: Height, Right: 0, Bottom: 0);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                if (!RgbaFrames.Changed(plain, badged, Width, x, y, Badge))
                {
                    continue;
                }

                if (x > Width * 0.55 && y > Height * 0.8)
                {
                    inside++;
                    box = (Math.Min(box.Left, x), Math.Min(box.Top, y), Math.Max(box.Right, x), Math.Max(box.Bottom, y));
                }
                else
                {
                    outside++;
                }
            }
        }

        output.WriteLine($"badge: {inside} marked pixels in the corner, within x {box.Left}–{box.Right}, y {box.Top}–{box.Bottom}; {outside} elsewhere");
        Assert.True(inside > 500, $"only {inside} pixels of the bottom-right corner show a badge");
        Assert.True(box.Right > Width - 40 && box.Bottom > Height - 30, "the badge is not against the corner");
        Assert.True(outside < Width * Height / 500, $"{outside} pixels outside the corner changed with the badge");
    }

    [Theory]
    [InlineData("TEST")]
    [InlineData("PREVIEW")]
    public async Task TheWatermark_CrossesTheWholeFrame_OnLightAndDarkGround(string word)
    {
        using var temp = new TempDirectory();
        var plain = await MiddleFrameAsync(temp, "plain", new SceneSpec { Width = Width, Height = Height, Captions = CaptionMode.None });
        var marked = await MiddleFrameAsync(temp, "marked", new SceneSpec { Width = Width, Height = Height, Captions = CaptionMode.None, Watermark = word });

        // Each of a 3 × 3 grid of cells carries some of the word: the near-white backdrop in the top corners
        // (where white letters alone would not show) as well as the presenter's face and clothes.
        var cells = new int[9];
        long lighter = 0, darker = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                if (RgbaFrames.Changed(plain, marked, Width, x, y, Watermark))
                {
                    cells[(y * 3 / Height * 3) + (x * 3 / Width)]++;
                    var i = ((y * Width) + x) * 4;
                    var change = marked[i] + marked[i + 1] + marked[i + 2] - plain[i] - plain[i + 1] - plain[i + 2];
                    (lighter, darker) = change > 0 ? (lighter + 1, darker) : (lighter, darker + 1);
                }
            }
        }

        output.WriteLine($"{word}: marked pixels per cell {string.Join(", ", cells)}; {lighter} lighter, {darker} darker");
        Assert.All(cells, c => Assert.True(c > Width * Height / 9 / 50, $"a cell has only {c} marked pixels"));
    }

    // The same short video each time (the same words, presenter and seed), decoded at its middle frame.
    private static async Task<byte[]> MiddleFrameAsync(TempDirectory temp, string name, SceneSpec scene)
    {
        var result = await TestServices.Get<VideoProducer>().ProduceAsync(
            new VideoRequest { Script = "Hello there, and welcome.", AvatarId = "stock:marcus", Seed = 3, OutputPath = temp.File(name + ".mp4"), Scene = scene },
            null,
            CancellationToken.None);
        var (pixels, width, height) = await RgbaFrames.ReadAsync(result.OutputPath, result.FrameCount / 2);
        Assert.Equal((Width, Height), (width, height));
        return pixels;
    }
}
