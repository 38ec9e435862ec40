using SkiaSharp;
using Talkie.Speech;
using Talkie.Speech.Visemes;

namespace Talkie.Avatars.Tests;

public sealed class StockAvatarTests
{
    private static readonly Viseme[] Shapes = [Viseme.X, Viseme.A, Viseme.B, Viseme.C, Viseme.D, Viseme.E, Viseme.F, Viseme.G, Viseme.H];

    /// <summary>A performance holding each shape for one second, in <see cref="Shapes"/> order.</summary>
    private static AvatarPerformance AllShapes()
        => new(new VisemeTrack(Shapes.Select((s, i) => new MouthCue(TimeSpan.FromSeconds(i), TimeSpan.FromSeconds(i + 1), s)).ToList(), TimeSpan.FromSeconds(Shapes.Length)), [], [], Seed: 2);

    private static SKBitmap Draw(IAvatarRenderer renderer, int size, TimeSpan time)
    {
        var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(new SKColor(0xE0, 0xE8, 0xF0));
        renderer.Render(canvas, new SKRect(0, 0, size, size), time);
        return bitmap;
    }

    private static int OpenMouthPixels(SKBitmap bitmap, SKRect region)
        => Testing.MouthMeter.Opening(bitmap.GetPixelSpan(), bitmap.Width, bitmap.Height, region);

    [Fact]
    public void Looks_AreAtLeastFourDistinctPresentersOneWithGlasses()
    {
        var looks = StockLooks.All;
        Assert.True(looks.Count >= 4);
        Assert.Equal(looks.Count, looks.Select(l => l.Id).Distinct().Count());
        Assert.Contains(looks, l => l.Glasses is not null);
        Assert.True(looks.Select(l => l.Skin).Distinct().Count() >= 4);
        Assert.True(looks.Select(l => l.HairStyle).Distinct().Count() >= 4);
        Assert.True(looks.Select(l => l.Garment).Distinct().Count() >= 4);
        Assert.Contains(looks, l => l.Gender == VoiceGender.Male);
        Assert.Contains(looks, l => l.Gender == VoiceGender.Female);
    }

    [Theory]
    [MemberData(nameof(LookIds))]
    public void Render_EachShape_OpensTheMouthByItsOwnAmount(string lookId)
    {
        using var renderer = new StockAvatar(StockLooks.Find(lookId)!).CreateRenderer(AllShapes());
        var region = renderer.MouthBounds(new SKRect(0, 0, 600, 600));
        var open = new Dictionary<Viseme, int>();
        for (var i = 0; i < Shapes.Length; i++)
        {
            using var bitmap = Draw(renderer, 600, TimeSpan.FromSeconds(i + 0.5));
            open[Shapes[i]] = OpenMouthPixels(bitmap, region);
        }

        // Closed lips show at most a trace of the dark line between them.
        Assert.True(open[Viseme.X] <= open[Viseme.D] * 0.03, string.Join(", ", open));
        Assert.True(open[Viseme.A] <= open[Viseme.D] * 0.03, string.Join(", ", open));
        Assert.True(open[Viseme.D] > open[Viseme.C] && open[Viseme.C] > open[Viseme.F], string.Join(", ", open));
        Assert.True(open[Viseme.C] > open[Viseme.B] && open[Viseme.B] > open[Viseme.A] * 3, string.Join(", ", open));
        Assert.True(open[Viseme.G] > 0 && open[Viseme.H] > 0 && open[Viseme.E] > 0, string.Join(", ", open));
    }

    [Fact]
    public void Render_Blink_ClosesTheEyes()
    {
        using var renderer = new StockAvatarRenderer(StockLooks.All[0], AllShapes());
        var blink = renderer.Style.Blinks[0] + TimeSpan.FromMilliseconds(75);
        using var open = Draw(renderer, 600, blink - TimeSpan.FromMilliseconds(400));
        using var shut = Draw(renderer, 600, blink);
        var eyes = new SKRect(150, 200, 450, 290);

        static int White(SKBitmap b, SKRect r)
        {
            var n = 0;
            for (var y = (int)r.Top; y < r.Bottom; y++)
            {
                for (var x = (int)r.Left; x < r.Right; x++)
                {
                    var c = b.GetPixel(x, y);
                    n += c.Red > 240 && c.Green > 240 && c.Blue > 240 ? 1 : 0;
                }
            }

            return n;
        }

        Assert.True(White(open, eyes) > 100);
        Assert.True(White(shut, eyes) < White(open, eyes) / 10);
    }

    [Fact]
    public void Render_AtTwoScales_DrawsTheSamePicture()
    {
        using var renderer = new StockAvatarRenderer(StockLooks.All[2], AllShapes());
        using var small = Draw(renderer, 400, TimeSpan.FromSeconds(4.5));
        using var large = Draw(renderer, 1600, TimeSpan.FromSeconds(4.5));
        using var reduced = large.Resize(new SKImageInfo(400, 400), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));

        double diff = 0;
        for (var y = 0; y < 400; y++)
        {
            for (var x = 0; x < 400; x++)
            {
                SKColor a = small.GetPixel(x, y), b = reduced.GetPixel(x, y);
                diff += Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);
            }
        }

        Assert.True(diff / (400 * 400 * 3) < 3, $"mean difference {diff / (400 * 400 * 3):0.00}");
    }

    [Fact]
    public void Catalog_ResolvesIdsAndNamesTheChoicesWhenUnknown()
    {
        var catalog = new AvatarCatalog();
        Assert.Equal("stock:lena", catalog.Resolve("lena").Id);
        Assert.Equal("stock:lena", catalog.Resolve("STOCK:Lena").Id);
        Assert.Equal(catalog.Default, catalog.Resolve(null));
        var error = Assert.Throws<UnknownAvatarException>(() => catalog.Resolve("stock:nobody"));
        Assert.Contains("stock:ava", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> LookIds()
    {
        var data = new TheoryData<string>();
        foreach (var look in StockLooks.All)
        {
            data.Add(look.Id);
        }

        return data;
    }
}
