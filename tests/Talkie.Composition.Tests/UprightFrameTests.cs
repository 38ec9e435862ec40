using SkiaSharp;
using Talkie.Avatars;
using Talkie.Composition.Captions;
using Talkie.Testing;

namespace Talkie.Composition.Tests;

/// <summary>Upright (phone) frames, measured on the decoded video: where the presenter, the name bar and the captions land.</summary>
public sealed class UprightFrameTests
{
    private const string Script = "Hello there, and welcome to the weekly update from our small team. Today we look at three new features.";

    private static readonly SKColor Green = new(0x00, 0xFF, 0x00);

    [Fact]
    public async Task Produce_UprightFrame_KeepsTheNameBarAndCaptionsBelowTheFaceAndApart()
    {
        using var temp = new TempDirectory();
        var scene = new SceneSpec { Width = 360, Height = 640, FrameRate = 25, Captions = CaptionMode.None };
        var plain = await ProduceAsync(temp, "plain", scene);
        var captioned = await ProduceAsync(temp, "captioned", scene with { Captions = CaptionMode.Burn });
        var both = await ProduceAsync(temp, "both", scene with { Captions = CaptionMode.Burn, LowerThird = "Ava Stone", LowerThirdSubtitle = "Host" });

        // 1.5 s in: the name bar has slid in, and a caption shows. The caption is what the captioned video adds
        // to the plain one; the name bar, what the video with both adds to the captioned one.
        const int frame = 37;
        var (a, width, height) = await RgbaFrames.ReadAsync(plain.OutputPath, frame);
        var (b, _, _) = await RgbaFrames.ReadAsync(captioned.OutputPath, frame);
        var (c, _, _) = await RgbaFrames.ReadAsync(both.OutputPath, frame);
        var caption = ChangedRows(a, b, width, height);
        var name = ChangedRows(b, c, width, height);
        Assert.NotNull(name);
        Assert.NotNull(caption);

        var avatar = TestServices.Get<AvatarCatalog>().Resolve("stock:ava");
        using var renderer = avatar.CreateRenderer(plain.Performance);
        var bounds = Compositor.AvatarBoundsFor(scene, renderer);
        var face = renderer.FaceBounds(bounds);

        // The presenter stands larger than the frame's width, the shoulders running off its sides.
        Assert.True(bounds.Width > width, $"presenter box {bounds}");
        Assert.True(name.Value.Top >= face.Bottom, $"name bar rows {name} reach into the face {face}");
        Assert.True(caption.Value.Top > name.Value.Bottom, $"caption rows {caption} overlap the name bar {name}");
        Assert.True(caption.Value.Bottom < height - 8, $"caption rows {caption} run to the frame's foot");

        // The text is sized by the frame's width: the name bar is about as tall as on a landscape frame 360 high.
        Assert.InRange(name.Value.Bottom - name.Value.Top, 20, 60);

        // Cue lines are cut for the narrow frame, so none is wrapped or cut when burned in.
        var cues = await File.ReadAllTextAsync(Path.ChangeExtension(captioned.OutputPath, ".vtt"));
        var lines = cues.Split('\n').Where(l => l.Length > 0 && !l.Contains("-->", StringComparison.Ordinal) && l != "WEBVTT").ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.True(l.Length <= CaptionOptions.LineLengthFor(width, height), $"line '{l}'"));
    }

    [Theory]
    [InlineData(Placement.Left)]
    [InlineData(Placement.Right)]
    public async Task Produce_UprightFrameBesideATitle_StacksTheTitleAboveThePresenter(Placement placement)
    {
        using var temp = new TempDirectory();
        var scene = new SceneSpec { Width = 360, Height = 640, FrameRate = 25, Captions = CaptionMode.None, Placement = placement };
        var plain = await ProduceAsync(temp, "plain", scene);
        var titled = await ProduceAsync(temp, "titled", scene with { Title = "Quarterly results are in" });
        var (a, width, height) = await RgbaFrames.ReadAsync(plain.OutputPath, 37);
        var (b, _, _) = await RgbaFrames.ReadAsync(titled.OutputPath, 37);
        var title = ChangedRows(a, b, width, height);
        Assert.NotNull(title);

        // No room beside the presenter in a frame 360 wide: it stands at the foot, as large as in the full layout
        // (wider than the frame), and the title stands in the space above it, its letters sized by the width.
        var avatar = TestServices.Get<AvatarCatalog>().Resolve("stock:ava");
        using var renderer = avatar.CreateRenderer(plain.Performance);
        var bounds = Compositor.AvatarBoundsFor(scene, renderer);
        Assert.True(bounds.Width > width && Math.Abs(bounds.Bottom - height) < 0.5 && Math.Abs(bounds.MidX - (width / 2f)) < 0.5, $"presenter box {bounds}");
        Assert.True(title.Value.Bottom < bounds.Top, $"title rows {title} reach the presenter's box {bounds}");
        Assert.True(title.Value.Bottom - title.Value.Top is > 20 and < 120, $"title rows {title}");
    }

    [Theory]
    [InlineData(360, 640, 0, 0.005)]
    [InlineData(360, 360, 0, 0.005)]
    [InlineData(640, 360, 0.15, 1)]
    public async Task Produce_PhotoHeadAndShoulders_FillsUprightAndSquareFrames(int width, int height, double least, double most)
    {
        using var temp = new TempDirectory();
        var portrait = TestMedia.Portraits.Single(p => Path.GetFileName(p).StartsWith("obama", StringComparison.Ordinal));
        var scene = new SceneSpec { Width = width, Height = height, FrameRate = 25, Captions = CaptionMode.None, Backdrop = new SolidBackdrop(Green) };
        var result = await TestServices.Get<VideoProducer>().ProduceAsync(
            new VideoRequest { Script = "Hi there.", PhotoPath = portrait, OutputPath = temp.File("photo.mp4"), Seed = 3, Scene = scene },
            null,
            CancellationToken.None);

        // The share of the frame that shows the scene's green backdrop: none where the photo covers the frame
        // (its sides not faded either), and the sides of a landscape frame, where the photo stands as a square.
        var (pixels, w, h) = await RgbaFrames.ReadAsync(result.OutputPath, 10);
        var green = 0;
        for (var i = 0; i < w * h; i++)
        {
            if (pixels[i * 4] < 90 && pixels[(i * 4) + 1] > 190 && pixels[(i * 4) + 2] < 90)
            {
                green++;
            }
        }

        Assert.InRange((double)green / (w * h), least, most);
    }

    private static Task<VideoResult> ProduceAsync(TempDirectory temp, string name, SceneSpec scene)
        => TestServices.Get<VideoProducer>().ProduceAsync(
            new VideoRequest { Script = Script, AvatarId = "stock:ava", OutputPath = temp.File(name + ".mp4"), Seed = 7, Scene = scene with { Backdrop = new SolidBackdrop(new SKColor(0x20, 0x30, 0x40)) } },
            null,
            CancellationToken.None);

    // The first and last rows where the two frames differ (an overlay drawn on one of them).
    private static (int Top, int Bottom)? ChangedRows(byte[] a, byte[] b, int width, int height)
        => RgbaFrames.ChangedArea(a, b, width, height) is { } r ? (r.Top, r.Bottom - 1) : null;
}
