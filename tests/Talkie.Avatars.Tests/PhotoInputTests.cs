using Microsoft.Extensions.DependencyInjection;
using OpenCvSharp;
using SkiaSharp;
using Talkie.Avatars.Photo;
using Talkie.Speech.Visemes;
using Talkie.Testing;
using Talkie.Vision;
using Xunit.Abstractions;

namespace Talkie.Avatars.Tests;

/// <summary>Portraits that cannot become a presenter, or need care: each gets a clear answer.</summary>
public sealed class PhotoInputTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ITestOutputHelper _output;

    public PhotoInputTests(ITestOutputHelper output) => _output = output;

    private static string Obama => TestMedia.Portraits.Single(p => p.Contains("obama", StringComparison.Ordinal));

    private static string Eileen => TestMedia.Portraits.Single(p => p.Contains("eileen", StringComparison.Ordinal));

    public void Dispose() => _temp.Dispose();

    private static Task<PhotoAvatar> CreateAsync(string path, PhotoFraming framing = PhotoFraming.Head, bool allowSmallFace = false)
        => TestServices.Get<PhotoAvatarFactory>().CreateAsync(path, framing, allowSmallFace, CancellationToken.None);

    private string Write(string name, Mat image)
    {
        var path = _temp.File(name);
        Cv2.ImWrite(path, image);
        return path;
    }

    private string Write(string name, Func<Mat> make)
    {
        using var image = make();
        return Write(name, image);
    }

    private async Task<TException> RefusedAsync<TException>(string path)
        where TException : Exception
    {
        var error = await Assert.ThrowsAsync<TException>(() => CreateAsync(path));
        _output.WriteLine($"{Path.GetFileName(path)}: {error.Message}");
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public async Task APictureWithoutAFace_IsRefused()
    {
        var error = await RefusedAsync<UnsuitablePhotoException>(Path.Combine(TestMedia.Root, "websites", "square_opensource", "images", "logo.png"));
        Assert.StartsWith("no face found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralFaces_TheLargestIsAnimated_WithANote()
    {
        using var obama = Cv2.ImRead(Obama);
        using var eileen = Cv2.ImRead(Eileen);
        using var smaller = new Mat();
        Cv2.Resize(eileen, smaller, new Size(obama.Height * eileen.Width / eileen.Height / 2, obama.Height / 2));
        using var padded = new Mat();
        Cv2.CopyMakeBorder(smaller, padded, 0, obama.Height - smaller.Height, 0, 0, BorderTypes.Constant, Scalar.All(255));
        using var both = new Mat();
        Cv2.HConcat([padded, obama], both);
        using var avatar = await CreateAsync(Write("two.jpg", both));
        _output.WriteLine(string.Join(" | ", avatar.Analysis.Notes));
        Assert.Contains(avatar.Analysis.Notes, n => n.StartsWith("2 faces", StringComparison.Ordinal) && n.Contains("largest", StringComparison.Ordinal));

        // The animated face is Obama's, the larger one, on the right.
        Assert.True(avatar.Analysis.Points[0] > smaller.Width, "the larger face is animated");
    }

    [Fact]
    public async Task ATinyFace_IsRefused_NamingTheMinimum()
    {
        using var obama = Cv2.ImRead(Obama);
        using var tiny = new Mat();
        Cv2.Resize(obama, tiny, new Size(obama.Width / 4, obama.Height / 4), 0, 0, InterpolationFlags.Area);
        var error = await RefusedAsync<UnsuitablePhotoException>(Write("tiny.jpg", tiny));
        _output.WriteLine(error.Message);

        // The quarter-size portrait's eyes are 26 px apart: found, measured and refused, not "no face".
        Assert.Contains("too small: its eyes are 26 px apart and at least 80 px is needed (never fewer than 40 px)", error.Message, StringComparison.Ordinal);

        // Allowing a small face does not go below the floor: a face this small is never animated.
        var floor = await Assert.ThrowsAsync<UnsuitablePhotoException>(() => CreateAsync(Write("tiny.jpg", tiny), allowSmallFace: true));
        _output.WriteLine(floor.Message);
        Assert.Contains("its eyes are 26 px apart", floor.Message, StringComparison.Ordinal);
        Assert.Contains("never fewer than 40 px", floor.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASmallFace_IsRefusedNamingTheMinimum_UnlessAllowed_ThenAnimatedWithANote()
    {
        // Eileen Collins's portrait is 512 px square: her eyes are about 43 px apart.
        var error = await RefusedAsync<UnsuitablePhotoException>(Eileen);
        Assert.Contains("too small", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 80 px", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-small-face", error.Message, StringComparison.Ordinal);

        using var avatar = await CreateAsync(Eileen, allowSmallFace: true);
        Assert.InRange(avatar.Analysis.EyeDistance, 40, 80);
        Assert.Contains(avatar.Analysis.Notes, n => n.Contains("look soft", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFaceTurnedAway_IsRefused()
    {
        // A strong turn: no face is found at all, and the message says what kind of photo works.
        var error = await RefusedAsync<UnsuitablePhotoException>(Write("profile.jpg", () => Turned(0.3f, 0.62f, 0.15f)));
        Assert.StartsWith("no face found", error.Message, StringComparison.Ordinal);

        // A milder turn (about 17°) is found; with the limit set to 10° it is refused, naming the limit.
        // (Squeezed sideways, this face's eyes are under 80 px apart: a small face is allowed here.)
        var path = Write("turned.jpg", () => Turned(0.25f, 0.7f, 0.1f));
        using var strict = TestServices.Build(new Dictionary<string, string?> { ["Talkie:Avatars:Photo:MaxYaw"] = "10", ["Talkie:Avatars:Photo:CacheDirectory"] = _temp.File("cache") });
        var refused = await Assert.ThrowsAsync<UnsuitablePhotoException>(() => strict.GetRequiredService<PhotoAvatarFactory>().CreateAsync(path, PhotoFraming.Head, allowSmallFace: true, CancellationToken.None));
        _output.WriteLine(refused.Message);
        Assert.Contains("turned", refused.Message, StringComparison.Ordinal);
        Assert.Contains("at most 10°", refused.Message, StringComparison.Ordinal);
        using var avatar = await CreateAsync(path, allowSmallFace: true);
        Assert.InRange(Math.Abs(avatar.Analysis.Pose.X), 10, 30);
    }

    private static Mat Turned(float left, float right, float tilt)
    {
        using var obama = Cv2.ImRead(Obama);
        var turned = new Mat();
        var w = obama.Width;
        var h = obama.Height;
        using var warp = Cv2.GetPerspectiveTransform(
            [new(0, 0), new(w, 0), new(w, h), new(0, h)],
            [new(w * left, h * tilt), new(w * right, 0), new(w * right, h), new(w * left, h * (1 - tilt))]);
        Cv2.WarpPerspective(obama, turned, warp, new Size(w, h));
        return turned;
    }

    [Fact]
    public async Task FilesThatAreNotImages_GetClearErrors()
    {
        var text = _temp.File("notes.jpg");
        await File.WriteAllTextAsync(text, "this is not a picture");
        await RefusedAsync<UnreadableImageException>(text);
        var empty = _temp.File("empty.png");
        await File.WriteAllBytesAsync(empty, []);
        await RefusedAsync<UnreadableImageException>(empty);
        await RefusedAsync<UnreadableImageException>(_temp.File("missing.jpg"));
    }

    [Fact]
    public async Task AFiftyMegapixelPhoto_IsScaledDown_NotACrash()
    {
        using var obama = Cv2.ImRead(Obama);
        using var huge = new Mat();
        Cv2.Resize(obama, huge, new Size(7200, 9000), 0, 0, InterpolationFlags.Linear);
        using var avatar = await CreateAsync(Write("huge.jpg", huge));
        var analysis = avatar.Analysis;
        _output.WriteLine($"7200x9000 worked at {analysis.Width}x{analysis.Height} (scale {analysis.Scale:0.000}), eyes {analysis.EyeDistance:0} px apart in the file");
        Assert.True(Math.Max(analysis.Width, analysis.Height) <= 2560);
        Assert.InRange(analysis.EyeDistance, 600, 900);
    }

    [Fact]
    public async Task ATransparentPhoto_ShowsTheSceneBehindThePerson()
    {
        // The portrait cut out: transparent outside an ellipse around the head and shoulders.
        using var obama = Cv2.ImRead(Obama);
        using var rgba = new Mat();
        Cv2.CvtColor(obama, rgba, ColorConversionCodes.BGR2BGRA);
        using var alpha = new Mat(obama.Size(), MatType.CV_8UC1, Scalar.All(0));
        Cv2.Ellipse(alpha, new Point(obama.Width / 2, obama.Height / 2), new Size(obama.Width * 0.3, obama.Height * 0.55), 0, 0, 360, Scalar.All(255), -1);
        Cv2.MixChannels([alpha], [rgba], [0, 3]);
        using var avatar = await CreateAsync(Write("cutout.png", rgba), PhotoFraming.Photo);
        Assert.True(avatar.Analysis.HasAlpha);
        Assert.Contains(avatar.Analysis.Notes, n => n.Contains("transparent", StringComparison.Ordinal));

        using var renderer = avatar.CreateRenderer(new AvatarPerformance(new VisemeTrack([new MouthCue(TimeSpan.Zero, TimeSpan.FromSeconds(2), Viseme.D)], TimeSpan.FromSeconds(2)), [], []));
        using var bitmap = new SKBitmap(new SKImageInfo(720, 720, SKColorType.Bgra8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0, 200, 0));
            renderer.Render(canvas, new SKRect(0, 0, 720, 720), TimeSpan.FromSeconds(1));
        }

        // The corners of the photo show the green scene; its middle shows the face.
        var photoLeft = (720 - (obama.Width * 720f / obama.Height)) / 2;
        Assert.Equal(new SKColor(0, 200, 0), bitmap.GetPixel((int)photoLeft + 5, 5));
        Assert.NotEqual(new SKColor(0, 200, 0), bitmap.GetPixel(360, 300));
    }

    [Fact]
    public async Task APortraitWithItsMouthClosed_OpensOnTeethDrawnInItsTones()
    {
        // A closed-mouth portrait: a frame of the photo avatar itself, in a silence.
        var closedPath = _temp.File("closed.png");
        using (var smiling = await CreateAsync(Obama, PhotoFraming.Photo))
        {
            Assert.True(smiling.Analysis.Mouth.TeethVisible);
            var png = Draw(smiling, Viseme.X, out var still);
            still.Dispose();
            await File.WriteAllBytesAsync(closedPath, png);
        }

        using var closed = await CreateAsync(closedPath, PhotoFraming.Photo);
        Assert.False(closed.Analysis.Mouth.TeethVisible);

        // Wide open: light teeth under the upper lip, a dark cavity below them.
        Draw(closed, Viseme.D, out var open);
        using (open)
        {
            using var renderer = (PhotoAvatarRenderer)closed.CreateRenderer(Holding(Viseme.D));
            var points = renderer.Landmarks(new SKRect(0, 0, open.Width, open.Height), TimeSpan.FromSeconds(0.5));
            var upper = points[13];
            var lower = points[14];
            var gap = lower.Y - upper.Y;
            var teeth = Light(open.GetPixel((int)upper.X, (int)(upper.Y + (0.15f * gap))));
            var cavity = Light(open.GetPixel((int)upper.X, (int)(upper.Y + (0.6f * gap))));
            var skin = closed.Analysis.Skin;
            _output.WriteLine($"gap {gap:0} px; teeth {teeth:0}, cavity {cavity:0}, skin {(skin.R + skin.G + skin.B) / 3:0}");
            Assert.True(gap > 0.2f * closed.Analysis.InterOcular, $"the mouth opens {gap:0} px");
            Assert.True(teeth > (skin.R + skin.G + skin.B) / 3, "drawn teeth are lighter than the skin");
            Assert.True(cavity < 0.5f * teeth, "the cavity is dark");
        }
    }

    [Fact]
    public async Task ASmilingPortrait_OpensOnItsOwnTeeth_WithTheirBitingEdges()
    {
        using var smiling = await CreateAsync(Obama, PhotoFraming.Photo);
        Assert.True(smiling.Analysis.Mouth.TeethVisible);
        var teeth = smiling.Analysis.Mouth.Teeth;
        var teethLight = (teeth.R + teeth.G + teeth.B) / 3f;

        // The teeth's depth below the upper lip, column by column across the middle of the mouth: on the still
        // photo, and wide open (where the teeth hang clear of the lower lip).
        using var renderer = (PhotoAvatarRenderer)smiling.CreateRenderer(Holding(Viseme.D));
        var bounds = new SKRect(0, 0, smiling.Analysis.Width, smiling.Analysis.Height);
        using var still = new SKBitmap(new SKImageInfo(smiling.Analysis.Width, smiling.Analysis.Height, SKColorType.Bgra8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(still))
        {
            canvas.Clear(SKColors.White);
            renderer.RenderStill(canvas, bounds);
        }

        Draw(smiling, Viseme.D, out var open);
        using (open)
        {
            var before = Depths(still, renderer.StillLandmarks(bounds));
            var after = Depths(open, renderer.Landmarks(bounds, TimeSpan.FromSeconds(0.5)));

            // The edge's own shape (each profile less its smooth trend): the incisors' scallops. Cut straight
            // across, the open mouth's edge would have none; kept, it follows the photo's.
            var (a, b) = (Detrended(before), Detrended(after));
            var spread = Math.Sqrt(b.Average(v => v * v));
            var r = SpeechScores.Correlation(a, b, 0);
            _output.WriteLine($"teeth depth: photo {before.Average():0.0} px, open {after.Average():0.0} px; edge shape r {r:0.00}, spread {spread:0.00} px");
            // Measured: depth 21.6 px in the photo and 20.1 open, edge r 0.65, spread 0.83 px. The old cut across
            // the teeth halfway to the lower lip gave 13.4 px, r 0.21 and 0.27 px.
            Assert.True(after.Average() > 0.8 * before.Average(), $"the teeth are cut short ({after.Average():0.0} px of {before.Average():0.0})");
            Assert.True(spread > 0.5, $"the teeth's edge is a straight cut (spread {spread:0.00} px)");
            Assert.True(r > 0.5, $"the teeth's edge does not follow the photo's (r {r:0.00})");
        }

        // Light, with little colour: a tooth's pixel.
        bool Tooth(SKColor c)
        {
            var max = Math.Max(c.Red, Math.Max(c.Green, c.Blue));
            var min = Math.Min(c.Red, Math.Min(c.Green, c.Blue));
            return Light(c) > 0.72f * teethLight && max - min < 0.4f * max;
        }

        // At 40 points between 25% and 75% of the way across the upper inner lip: how far down teeth reach from it.
        double[] Depths(SKBitmap image, System.Numerics.Vector2[] points)
        {
            int[] upperLip = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308];
            var lip = upperLip.Select(i => points[i]).OrderBy(p => p.X).ToArray();
            var result = new double[40];
            for (var k = 0; k < result.Length; k++)
            {
                var x = lip[0].X + ((lip[^1].X - lip[0].X) * (0.25f + (0.5f * k / (result.Length - 1))));
                var j = Math.Clamp(Array.FindLastIndex(lip, p => p.X <= x), 0, lip.Length - 2);
                var y = lip[j].Y + ((lip[j + 1].Y - lip[j].Y) * (x - lip[j].X) / Math.Max(1e-3f, lip[j + 1].X - lip[j].X));
                // The end of the column's first run of tooth pixels (a line between two teeth of a pixel or two
                // does not end it), before the lower lip.
                var column = (int)MathF.Round(x);
                var lowest = y;
                var dark = 0;
                var started = false;
                for (var row = (int)MathF.Ceiling(y); row < Math.Min(image.Height, y + (0.5f * smiling.Analysis.InterOcular)) && dark <= 2; row++)
                {
                    if (Tooth(image.GetPixel(column, row)))
                    {
                        (started, lowest, dark) = (true, row + 1, 0);
                    }
                    else if (started)
                    {
                        dark++;
                    }
                }

                result[k] = lowest - y;
            }

            return result;
        }
    }

    // A profile less its least-squares parabola.
    private static double[] Detrended(double[] values)
    {
        var n = values.Length;
        var x = Enumerable.Range(0, n).Select(i => (2.0 * i / (n - 1)) - 1).ToArray();
        using var design = new Mat(n, 3, MatType.CV_64FC1);
        using var target = new Mat(n, 1, MatType.CV_64FC1);
        for (var i = 0; i < n; i++)
        {
            design.Set(i, 0, 1.0);
            design.Set(i, 1, x[i]);
            design.Set(i, 2, x[i] * x[i]);
            target.Set(i, 0, values[i]);
        }

        using var fit = new Mat();
        Cv2.Solve(design, target, fit, DecompTypes.SVD);
        return [.. Enumerable.Range(0, n).Select(i => values[i] - (fit.At<double>(0) + (fit.At<double>(1) * x[i]) + (fit.At<double>(2) * x[i] * x[i])))];
    }

    private static AvatarPerformance Holding(Viseme shape)
        => new(new VisemeTrack([new MouthCue(TimeSpan.Zero, TimeSpan.FromSeconds(1), shape)], TimeSpan.FromSeconds(1)), [], [], Seed: 9);

    // Draws the avatar holding one mouth shape (no blink at 0.5 s with this seed), at the photo's own size.
    private static byte[] Draw(PhotoAvatar avatar, Viseme shape, out SKBitmap bitmap)
    {
        using var renderer = avatar.CreateRenderer(Holding(shape));
        bitmap = new SKBitmap(new SKImageInfo(avatar.Analysis.Width, avatar.Analysis.Height, SKColorType.Bgra8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            renderer.Render(canvas, new SKRect(0, 0, bitmap.Width, bitmap.Height), TimeSpan.FromSeconds(0.5));
        }

        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static float Light(SKColor colour) => (colour.Red + colour.Green + colour.Blue) / 3f;
}
