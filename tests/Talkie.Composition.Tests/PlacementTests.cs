using SkiaSharp;
using Talkie.Media;
using Talkie.Testing;

namespace Talkie.Composition.Tests;

public sealed class PlacementTests
{
    [Theory]
    [InlineData(Placement.Left)]
    [InlineData(Placement.Right)]
    [InlineData(Placement.Circle)]
    [InlineData(Placement.Full)]
    public async Task Produce_Placement_PutsThePresenterThereAndTheMouthMoves(Placement placement)
    {
        using var temp = new TempDirectory();
        var result = await TestServices.Get<VideoProducer>().ProduceAsync(
            new VideoRequest
            {
                Script = "Good morning, and thank you for watching.",
                OutputPath = temp.File("p.mp4"),
                AvatarId = "stock:marcus",
                Scene = new SceneSpec
                {
                    Width = 640,
                    Height = 360,
                    Placement = placement,
                    Title = "Quarterly results",
                    LowerThird = "Marcus",
                    LowerThirdSubtitle = "Host",
                    Backdrop = new SolidBackdrop(new SKColor(0x20, 0x30, 0x40)),
                    Captions = CaptionMode.None,
                },
            },
            null,
            CancellationToken.None);

        var mouth = result.MouthRegion;
        switch (placement)
        {
            case Placement.Left:
                Assert.True(mouth.MidX < 320 * 0.8);
                break;
            case Placement.Right:
                Assert.True(mouth.MidX > 320 * 1.2);
                break;
            case Placement.Circle:
                Assert.True(mouth.MidX > 480 && mouth.MidY > 220);
                break;
            default:
                Assert.InRange(mouth.MidX, 310, 330);
                break;
        }

        var openings = await MouthMeter.MeasureAsync(result.OutputPath, mouth);
        Assert.True(openings.Max() > 20, $"max opening {openings.Max()}");
        Assert.Equal(0, openings[0]);
    }

    [Fact]
    public async Task Produce_CircleWithAWholePhoto_PutsTheFaceInTheBubble()
    {
        using var temp = new TempDirectory();
        var portrait = TestMedia.Portraits.Single(p => Path.GetFileName(p).StartsWith("obama", StringComparison.Ordinal));
        var scene = new SceneSpec { Width = 640, Height = 360, Placement = Placement.Circle, Captions = CaptionMode.None };
        var result = await TestServices.Get<VideoProducer>().ProduceAsync(
            new VideoRequest { Script = "Hi there.", PhotoPath = portrait, PhotoFraming = Talkie.Avatars.Photo.PhotoFraming.Photo, OutputPath = temp.File("c.mp4"), Seed = 2, Scene = scene },
            null,
            CancellationToken.None);

        // The bubble: 42% of the shorter side across, 5% of it from the bottom-right corner. The whole photo
        // has its face high up; it is moved so the face is in the bubble's middle (before, only the chin showed).
        using var avatar = await TestServices.Get<Talkie.Avatars.Photo.PhotoAvatarFactory>().CreateAsync(portrait, Talkie.Avatars.Photo.PhotoFraming.Photo, allowSmallFace: false, CancellationToken.None);
        using var renderer = avatar.CreateRenderer(result.Performance);
        var face = renderer.FaceBounds(Compositor.AvatarBoundsFor(scene, renderer));
        var (diameter, margin) = (360 * 0.42f, 360 * 0.05f);
        var centre = new SKPoint(640 - margin - (diameter / 2), 360 - margin - (diameter / 2));
        Assert.True(SKPoint.Distance(new SKPoint(face.MidX, face.MidY), centre) < 0.3f * diameter / 2, $"face {face}, bubble centre {centre}");
        Assert.True(face.Height < diameter, $"face {face}");
    }

    [Fact]
    public async Task Produce_ImageBackdrop_FillsTheFrame()
    {
        using var temp = new TempDirectory();
        var image = temp.File("backdrop.png");
        await TestServices.Get<ToolRunner>().RunAsync(
            new ToolCommand("ffmpeg", "ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "color=c=0x2E8B57:s=300x200", "-frames:v", "1", "-y", image]),
            CancellationToken.None);

        var result = await TestServices.Get<VideoProducer>().ProduceAsync(
            new VideoRequest
            {
                Script = "Hi.",
                OutputPath = temp.File("bg.mp4"),
                Scene = new SceneSpec { Width = 320, Height = 180, Backdrop = SceneOptionParser.ParseBackdrop(image), Captions = CaptionMode.None },
            },
            null,
            CancellationToken.None);

        // The top-left corner of the first frame shows the image's sea green, not a default backdrop.
        var (p, _, _) = await RgbaFrames.ReadAsync(result.OutputPath);
        Assert.InRange(p[0], 30, 60);
        Assert.InRange(p[1], 120, 155);
        Assert.InRange(p[2], 70, 105);
    }
}
