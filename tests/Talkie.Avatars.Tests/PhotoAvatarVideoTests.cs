using Talkie.Speech.Visemes;
using Talkie.Testing;
using Xunit.Abstractions;

namespace Talkie.Avatars.Tests;

/// <summary>The photo avatar's acceptance, measured on decoded videos of both shared portraits.</summary>
public sealed class PhotoAvatarVideoTests : IClassFixture<PhotoVideos>
{
    private readonly PhotoVideos _videos;
    private readonly ITestOutputHelper _output;

    public PhotoAvatarVideoTests(PhotoVideos videos, ITestOutputHelper output)
    {
        _videos = videos;
        _output = output;
    }

    private static Viseme ShapeAt(PhotoVideo video, int frame) => video.Result.Visemes.ShapeAt(TimeSpan.FromSeconds(frame / 25.0));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>
    /// The opening the face mesh reads on closed lips: no more than the silences' median plus 15% of
    /// the way to a wide-open mouth (the mesh reads a face's closed lips as slightly apart, by an amount
    /// that varies with the face, so "closed" is judged against the same face's own scale).
    /// </summary>
    private static double ClosedLevel(PhotoVideo video)
    {
        var rest = Median(video.Frames.Where(f => ShapeAt(video, f.Index) == Viseme.X).Select(f => f.MeasuredOpening));
        var wide = Median(video.Frames.Where(f => ShapeAt(video, f.Index) == Viseme.D).Select(f => f.MeasuredOpening));
        return rest + (0.15 * (wide - rest));
    }

    [Fact]
    public void TheMeasuredMouthFollowsTheVisemeTrack()
    {
        foreach (var video in _videos.Videos)
        {
            var frames = video.Frames;
            var correlation = SpeechScores.Correlation(frames.Select(f => f.IntendedOpening).ToList(), frames.Select(f => f.MeasuredOpening).ToList(), 0);
            _output.WriteLine($"{video.Portrait}: mouth opening (face mesh on the output) vs the viseme track: r = {correlation:0.000} over {frames.Count} frames");
            Assert.True(correlation >= 0.8, $"{video.Portrait}: r = {correlation:0.000}");
        }
    }

    [Fact]
    public void LipsCloseForEveryPbm_AndStayClosedThroughSilences()
    {
        foreach (var video in _videos.Videos)
        {
            var closed = ClosedLevel(video);
            var frames = video.Frames;
            var cues = video.Result.Visemes.Cues;
            var closures = 0;
            foreach (var cue in cues.Where(c => c.Shape == Viseme.A))
            {
                var start = (int)Math.Round(cue.Start.TotalSeconds * 25);
                var nearest = frames.Where(f => Math.Abs(f.Index - start) <= 1).Min(f => f.MeasuredOpening);
                Assert.True(nearest <= closed, $"{video.Portrait}: the p/b/m at {cue.Start.TotalSeconds:0.00} s reads {nearest:0.000} (closed ≤ {closed:0.000})");
                closures++;
            }

            var silences = 0;
            foreach (var cue in cues.Where(c => c.Shape == Viseme.X && c.Duration >= TimeSpan.FromMilliseconds(300)))
            {
                var first = (int)Math.Ceiling(cue.Start.TotalSeconds * 25) + 1;
                var last = (int)Math.Floor(cue.End.TotalSeconds * 25) - 1;
                var widest = frames.Where(f => f.Index >= first && f.Index <= last).Max(f => f.MeasuredOpening);
                Assert.True(widest <= closed, $"{video.Portrait}: the silence {cue.Start.TotalSeconds:0.00}–{cue.End.TotalSeconds:0.00} s opens to {widest:0.000} (closed ≤ {closed:0.000})");
                silences++;
            }

            _output.WriteLine($"{video.Portrait}: {closures} p/b/m closures and {silences} silences ≥ 300 ms read closed (≤ {closed:0.000}; wide open {Median(frames.Where(f => ShapeAt(video, f.Index) == Viseme.D).Select(f => f.MeasuredOpening)):0.000})");
            Assert.True(closures >= 5 && silences >= 3, $"{video.Portrait}: the script should hold p/b/m and pauses");
        }
    }

    [Fact]
    public void TheFaceKeepsItsIdentity_AndMovesOnlyAsIntended()
    {
        foreach (var video in _videos.Videos)
        {
            var frames = video.Frames;
            var worst = frames.MinBy(f => f.Ssim)!;
            var rigid = frames.Where(f => !double.IsNaN(f.RigidError)).ToList();
            _output.WriteLine($"{video.Portrait}: SSIM outside mouth, jaw and eyelids vs the pose-aligned portrait: min {worst.Ssim:0.000} (frame {worst.Index}), median {Median(frames.Select(f => f.Ssim)):0.000}; eye corners, nose and forehead vs intended: mean {rigid.Average(f => f.RigidError):P1}, max {rigid.Max(f => f.RigidError):P1} of the inter-ocular distance; head moves up to {frames.Max(f => f.HeadShift):P1}");
            Assert.True(worst.Ssim >= 0.95, $"{video.Portrait}: SSIM {worst.Ssim:0.000} at frame {worst.Index}");
            Assert.Equal(frames.Count, rigid.Count);
            Assert.True(rigid.Max(f => f.RigidError) <= 0.04, $"{video.Portrait}: a rigid point strays {rigid.Max(f => f.RigidError):P1}");

            // The head does move (a still photo would pass the checks above).
            Assert.True(frames.Max(f => f.HeadShift) >= 0.01, $"{video.Portrait}: the head moves only {frames.Max(f => f.HeadShift):P1}");
        }
    }

    [Fact]
    public void NoSeam_AndNoFlickerOutsideTheFace()
    {
        foreach (var video in _videos.Videos)
        {
            var frames = video.Frames;
            var seam = frames.Max(f => f.SeamEnergy) / video.StillSeamEnergy;
            var flicker = frames.Skip(1).Max(f => f.BackgroundChange);
            _output.WriteLine($"{video.Portrait}: gradient energy along the moving region's border ≤ {seam:0.00}× the portrait's; background change between frames ≤ {flicker:0.00} grey levels");
            Assert.True(seam <= 1.2, $"{video.Portrait}: seam energy {seam:0.00}×");
            Assert.True(flicker <= 1, $"{video.Portrait}: the background changes by {flicker:0.00} grey levels");
        }
    }

    [Fact]
    public void TheEyesBlink()
    {
        // The face mesh sees a closed lid as narrowed, not shut: a blink must read narrower than
        // almost every frame with the eyes open (below their 5th percentile).
        foreach (var video in _videos.Videos)
        {
            var frames = video.Frames;
            var open = frames.Where(f => f.IntendedBlink == 0).Select(f => f.MeasuredEyeOpening).Order().ToList();
            var shut = frames.Where(f => f.IntendedBlink > 0.9).Select(f => f.MeasuredEyeOpening).ToList();
            var narrowOpen = open[open.Count / 20];
            _output.WriteLine($"{video.Portrait}: eye opening {Median(open):0.000} when open (5th percentile {narrowOpen:0.000}); {(shut.Count > 0 ? shut.Max() : double.NaN):0.000} at most in the {shut.Count} frames of closed blinks");
            Assert.True(shut.Count >= 3, $"{video.Portrait}: {shut.Count} blink frames");
            Assert.True(shut.Max() < narrowOpen, $"{video.Portrait}: blinks read {shut.Max():0.000} against {narrowOpen:0.000} (5th percentile open)");
        }
    }
}
