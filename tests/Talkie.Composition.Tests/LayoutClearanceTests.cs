using SkiaSharp;
using Talkie.Media;
using Talkie.Testing;
using Talkie.Vision;

namespace Talkie.Composition.Tests;

/// <summary>
/// Where titles and name bars land around the presenter, measured on the decoded video: each overlay is what a
/// video with it adds to the same video without it, and the face is found in the plain video's frame.
/// </summary>
public sealed class LayoutClearanceTests
{
    private const string Script = "Hello and welcome to our quarterly update. Today we talk about growth, and about the road ahead.";

    private static readonly SKColor Green = new(0x00, 0xFF, 0x00);

    [Fact]
    public async Task Produce_PhotoBesideATitleInASquareFrame_StandsTheFrameTallWithTheNameBarOffTheFace()
    {
        using var temp = new TempDirectory();
        var scene = new SceneSpec { Width = 360, Height = 360, FrameRate = 25, Captions = CaptionMode.Burn, Placement = Placement.Left, Title = "Quarterly update", Backdrop = new SolidBackdrop(Green) };
        var plain = await ProducePhotoAsync(temp, "plain", scene);
        var named = await ProducePhotoAsync(temp, "named", scene with { LowerThird = "Barack Obama", LowerThirdSubtitle = "President" });
        var (a, width, height) = await RgbaFrames.ReadAsync(plain, 37);
        var (b, _, _) = await RgbaFrames.ReadAsync(named, 37);
        var face = FaceIn(a, width, height);
        var bar = ChangedArea(a, b, width, height);
        Assert.NotNull(bar);
        Assert.False(bar.Value.IntersectsWith(face), $"name bar {bar} covers the face {face}");

        // The photo takes the frame's height beside the title: its top-left corner shows the photo, not the
        // scene (before, it stood as a square 56% of the frame high at the bottom, the scene above it).
        Assert.True(GreenShare(a, width, SKRectI.Create(0, 0, width / 3, height / 4)) < 0.01, "the scene shows above the photo");
    }

    [Fact]
    public async Task Produce_DrawnPresenterBesideATitleInASquareFrame_StandsLarge()
    {
        using var temp = new TempDirectory();
        var scene = new SceneSpec { Width = 360, Height = 360, FrameRate = 25, Captions = CaptionMode.None, Placement = Placement.Left, Title = "Quarterly update", Backdrop = new SolidBackdrop(Green) };
        var video = await ProduceStockAsync(temp, "square", scene);
        var (a, width, height) = await RgbaFrames.ReadAsync(video, 37);

        // The top of Ava's dark hair, in the left half: before, she stood in a square 56% of the frame high at the
        // bottom, her hair starting at 53% of the height, the top half of her side empty.
        var hair = Enumerable.Range(0, height).First(y => Enumerable.Range(0, width / 2).Count(x =>
        {
            var i = ((y * width) + x) * 4;
            return (0.2126 * a[i]) + (0.7152 * a[i + 1]) + (0.0722 * a[i + 2]) < 80;
        }) >= 3);
        Assert.True(hair < height * 0.4, $"the hair starts at row {hair} of {height}");
    }

    [Fact]
    public async Task Produce_LongRoleInTheNameBar_TakesASecondLineInsteadOfBeingCut()
    {
        using var temp = new TempDirectory();
        var scene = new SceneSpec { Width = 360, Height = 360, FrameRate = 25, Captions = CaptionMode.None, Backdrop = new SolidBackdrop(Green) };
        var plain = await ProduceStockAsync(temp, "plain", scene);
        var shortRole = await ProduceStockAsync(temp, "short", scene with { LowerThird = "Alexandria Montgomery-Richardson", LowerThirdSubtitle = "Host" });
        var longRole = await ProduceStockAsync(temp, "long", scene with { LowerThird = "Alexandria Montgomery-Richardson", LowerThirdSubtitle = "Senior Vice President of Global Sales and Marketing" });
        var (a, width, height) = await RgbaFrames.ReadAsync(plain, 37);
        var (b, _, _) = await RgbaFrames.ReadAsync(shortRole, 37);
        var (c, _, _) = await RgbaFrames.ReadAsync(longRole, 37);
        var one = ChangedArea(a, b, width, height);
        var two = ChangedArea(a, c, width, height);
        Assert.NotNull(one);
        Assert.NotNull(two);

        // Before, the role ended in "…" on one line and both bars were the same height.
        Assert.True(two.Value.Height - one.Value.Height >= 8, $"bars {one} and {two}");
        Assert.True(two.Value.Right <= width - 8, $"bar {two} runs off the frame");
    }

    [Fact]
    public async Task Produce_TitleOverAPhotoInTheFullLayout_StandsBesideTheHead()
    {
        using var temp = new TempDirectory();
        var scene = new SceneSpec { Width = 640, Height = 360, FrameRate = 25, Captions = CaptionMode.None };
        var plain = await ProducePhotoAsync(temp, "plain", scene);
        var titled = await ProducePhotoAsync(temp, "titled", scene with { Title = "Quarterly update for all staff" });

        // 1.5 s in, the pill is shown. The head is the face with its hair: a third of the face's height above it.
        var (a, width, height) = await RgbaFrames.ReadAsync(plain, 37);
        var (b, _, _) = await RgbaFrames.ReadAsync(titled, 37);
        var face = FaceIn(a, width, height);
        var head = SKRectI.Create(face.Left, face.Top - (face.Height / 3), face.Width, face.Height + (face.Height / 3));
        var pill = ChangedArea(a, b, width, height);
        Assert.NotNull(pill);
        Assert.False(pill.Value.IntersectsWith(head), $"title {pill} covers the head {head}");
        Assert.True(pill.Value.Top < height * 0.15, $"title {pill} is not at the top");
    }

    [Fact]
    public async Task Produce_CircleInAnUprightFrame_StandsLargeInTheMiddleUnderTheTitle()
    {
        using var temp = new TempDirectory();
        var scene = new SceneSpec { Width = 360, Height = 640, FrameRate = 25, Captions = CaptionMode.None, Placement = Placement.Circle, Backdrop = new SolidBackdrop(Green) };
        var plain = await ProduceStockAsync(temp, "plain", scene);
        var dressed = await ProduceStockAsync(temp, "dressed", scene with { Title = "Quarterly update", Captions = CaptionMode.Burn });
        var (a, width, height) = await RgbaFrames.ReadAsync(plain, 37);
        var (b, _, _) = await RgbaFrames.ReadAsync(dressed, 37);

        // The bubble is all that is not the green scene in the plain video. Before, it was 151 px across in the
        // bottom-right corner, the frame's middle empty.
        var bubble = NotGreen(a, width, height);
        Assert.True(bubble.Width > width * 0.7, $"bubble {bubble}");
        Assert.InRange(bubble.MidX, (width / 2) - 4, (width / 2) + 4);
        Assert.InRange(bubble.MidY, height * 0.4, height * 0.56);

        // The title stands above it and the caption below it.
        var above = ChangedArea(a, b, width, bubble.Top);
        Assert.NotNull(above);
        Assert.True(above.Value.Height > 12, $"title rows {above}");
        var below = ChangedArea(a.AsSpan(bubble.Bottom * width * 4).ToArray(), b.AsSpan(bubble.Bottom * width * 4).ToArray(), width, height - bubble.Bottom);
        Assert.NotNull(below);
        Assert.True(below.Value.Height > 12, $"caption rows {below}");
    }

    [Fact]
    public async Task Produce_PhotoInACircle_ShowsTheWholeHead()
    {
        using var temp = new TempDirectory();
        var scene = new SceneSpec { Width = 360, Height = 640, FrameRate = 25, Captions = CaptionMode.None, Placement = Placement.Circle, Backdrop = new SolidBackdrop(Green) };
        var video = await ProducePhotoAsync(temp, "circle", scene);
        var (a, width, height) = await RgbaFrames.ReadAsync(video, 37);
        var bubble = NotGreen(a, width, height);
        var face = FaceIn(a, width, height);

        // Before, the photo was zoomed until the face filled the bubble from brow to chin (the face 0.85 of its
        // height), the top of the head cut off. Now the face takes about half of it and the hair (a third of the
        // face's height above it) is inside.
        Assert.True(face.Height < bubble.Height * 0.62, $"face {face} in the bubble {bubble}");
        Assert.True(face.Top - (face.Height / 3) > bubble.Top, $"the head above the face {face} is cut by the bubble {bubble}");
        Assert.InRange(face.MidX, bubble.MidX - (bubble.Width / 10), bubble.MidX + (bubble.Width / 10));
    }

    [Fact]
    public async Task Produce_TitleOnAMidGreyScene_StandsOnAPlateThatSetsItsLettersOff()
    {
        using var temp = new TempDirectory();
        var scene = new SceneSpec { Width = 640, Height = 360, FrameRate = 25, Captions = CaptionMode.None, Placement = Placement.Left, Backdrop = new SolidBackdrop(new SKColor(0x80, 0x80, 0x80)) };
        var plain = await ProduceStockAsync(temp, "plain", scene);
        var titled = await ProduceStockAsync(temp, "titled", scene with { Title = "Quarterly Results and Plans" });
        var (a, width, height) = await RgbaFrames.ReadAsync(plain, 37);
        var (b, _, _) = await RgbaFrames.ReadAsync(titled, 37);
        var title = ChangedArea(a, b, width, height);
        Assert.NotNull(title);

        // Dark letters on mid grey read poorly (before, they stood on the grey itself): now the area behind them
        // is light, and the letters dark.
        int light = 0, dark = 0, all = 0;
        for (var y = title.Value.Top; y < title.Value.Bottom; y++)
        {
            for (var x = title.Value.Left; x < title.Value.Right; x++)
            {
                var i = ((y * width) + x) * 4;
                var l = (0.2126 * b[i]) + (0.7152 * b[i + 1]) + (0.0722 * b[i + 2]);
                (light, dark, all) = (light + (l > 190 ? 1 : 0), dark + (l < 70 ? 1 : 0), all + 1);
            }
        }

        Assert.True(light > all / 2, $"{light} of {all} pixels behind the title are light");
        Assert.True(dark > all / 20, $"{dark} of {all} pixels are dark letters");
    }

    private static async Task<string> ProducePhotoAsync(TempDirectory temp, string name, SceneSpec scene)
    {
        var portrait = TestMedia.Portraits.Single(p => Path.GetFileName(p).StartsWith("obama", StringComparison.Ordinal));
        var result = await TestServices.Get<VideoProducer>().ProduceAsync(
            new VideoRequest { Script = Script, PhotoPath = portrait, OutputPath = temp.File(name + ".mp4"), Seed = 3, Scene = scene },
            null,
            CancellationToken.None);
        return result.OutputPath;
    }

    private static async Task<string> ProduceStockAsync(TempDirectory temp, string name, SceneSpec scene)
    {
        var result = await TestServices.Get<VideoProducer>().ProduceAsync(
            new VideoRequest { Script = Script, AvatarId = "stock:ava", OutputPath = temp.File(name + ".mp4"), Seed = 7, Scene = scene },
            null,
            CancellationToken.None);
        return result.OutputPath;
    }

    // The face the detector finds in a decoded frame.
    private static SKRectI FaceIn(byte[] pixels, int width, int height)
    {
        using var frame = VideoFrame.Rent(width, height, FramePixelFormat.Rgba32);
        pixels.CopyTo(frame.Pixels);
        var box = Assert.Single(TestServices.Get<FaceDetector>().Detect(frame)).Box;
        return SKRectI.Create((int)box.X, (int)box.Y, (int)box.Width, (int)box.Height);
    }

    // The rows and columns where the two frames differ (an overlay drawn on one of them).
    private static SKRectI? ChangedArea(byte[] a, byte[] b, int width, int height)
        => RgbaFrames.ChangedArea(a, b, width, height) is { } r ? new SKRectI(r.Left, r.Top, r.Right, r.Bottom) : null;

    // The box around all that is not the green scene.
    private static SKRectI NotGreen(byte[] pixels, int width, int height)
    {
        int left = width, top = height, right = -1, bottom = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (!IsGreen(pixels, ((y * width) + x) * 4))
                {
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                }
            }
        }

        return new SKRectI(left, top, right + 1, bottom + 1);
    }

    private static bool IsGreen(byte[] pixels, int i) => pixels[i] < 90 && pixels[i + 1] > 190 && pixels[i + 2] < 90;

    private static double GreenShare(byte[] pixels, int width, SKRectI area)
    {
        var green = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var i = ((y * width) + x) * 4;
                green += IsGreen(pixels, i) ? 1 : 0;
            }
        }

        return (double)green / (area.Width * area.Height);
    }
}
