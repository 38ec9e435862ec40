using Talkie.Avatars.Trained;
using Talkie.Testing;
using Talkie.Vision;
using Talkie.Vision.Landmarks;
using Xunit.Abstractions;

namespace Talkie.Avatars.Tests;

public sealed class FootageLoopsTests
{
    private readonly ITestOutputHelper _output;

    public FootageLoopsTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Clips => new(TestMedia.TalkingHeads.Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Clips))]
    public async Task ASixtySecondWalk_ThroughShortFootage_NeverJumpsMoreThanTheFootageSteps(string clip)
    {
        // The footage as thumbnails, and the mouth's region (re-rendered, so left out) from the face mesh.
        var path = TestMedia.TalkingHead(clip);
        var thumbnails = new List<float[]>();
        var faces = new List<FaceLandmarks>();
        var (width, height) = (0, 0);
        await foreach (var frame in TestServices.Get<FaceAnalyzer>().TrackVideoAsync(path, new FaceAnalysisRequest(LandmarkEngineKind.Mesh), null, CancellationToken.None, (image, found) =>
        {
            (width, height) = (image.Width, image.Height);
            thumbnails.Add(FootageThumbnails.Of(image));
            if (found.Primary is { } face)
            {
                faces.Add(face.Landmarks);
            }
        }))
        {
            _ = frame;
        }

        var ignore = FootageThumbnails.MouthMask(faces, width, height);

        var shortestLoop = 25;
        var loops = FootageLoops.Find(thumbnails, ignore, shortestLoop);
        var walk = loops.Walk(1500, shortestRun: 25, seed: 3);

        var kept = Enumerable.Range(0, FootageThumbnails.Side * FootageThumbnails.Side).Where(i => !ignore[i]).ToArray();
        float[] Shown(BaseFrame f) => [.. kept.Select(i => (thumbnails[f.From][i] * (1 - f.Mix)) + (thumbnails[f.To][i] * f.Mix))];
        var steps = new List<float>();
        var jumps = 0;
        for (var k = 1; k < walk.Length; k++)
        {
            var (a, b) = (walk[k - 1], walk[k]);
            Assert.True(a != b, $"{clip}: the walk stands still at {a}");
            var forward = b.From == a.From + 1 || (b.Mix == 0 && a.Mix > 0 && b.From == a.To + 1);
            Assert.True(forward || b.From <= a.From + 1 - shortestLoop || (b.Mix > 0 && b.From == a.From + 1), $"{clip}: frame {a} is followed by {b} (only forward, or a loop back)");
            jumps += b.Mix > 0 && a.Mix == 0 ? 1 : 0;

            // The footage's own steps replay as they were; what the walk adds (loops, dissolves) is measured.
            var natural = a.Mix == 0 && b.Mix == 0 && b.From == a.From + 1;
            if (!natural)
            {
                steps.Add(FootageLoops.Difference(Shown(a), Shown(b)));
            }
        }

        _output.WriteLine($"{clip}: {thumbnails.Count} frames, {loops.Jumps.Count} jumps kept; a 60 s walk loops {jumps} times, {walk.Count(f => f.Mix > 0)} frames dissolving; its largest step across a loop {steps.Max():0.00} grey levels against the footage's 99th percentile {loops.StepLimit:0.00} (median {loops.StepMedian:0.00})");
        Assert.True(jumps >= 5, $"{clip}: the walk loops {jumps} times");
        Assert.True(steps.Max() <= loops.StepLimit, $"{clip}: a step of {steps.Max():0.00} against {loops.StepLimit:0.00}");
    }

    [Fact]
    public async Task TheWalk_FollowsTheSpeech_IntoTalkingAndRestingFootage()
    {
        var path = TestMedia.TalkingHead("wda_alexandria_ocasio_cortez_000.mp4");
        var thumbnails = new List<float[]>();
        await foreach (var frame in TestServices.Get<Media.MediaDecoder>().ReadFramesAsync(path, Media.FramePixelFormat.Rgba32, CancellationToken.None))
        {
            using (frame)
            {
                thumbnails.Add(FootageThumbnails.Of(frame));
            }
        }

        // Labels for the test: the footage "talks" in alternate 2-second stretches, the speech in alternate 3-second ones.
        var loops = FootageLoops.Find(thumbnails, null, shortestLoop: 25);
        var footage = Enumerable.Range(0, thumbnails.Count).Select(i => i / 50 % 2 == 0).ToArray();
        var wanted = Enumerable.Range(0, 1500).Select(k => k / 75 % 2 == 0).ToArray();
        double Agreement(BaseFrame[] walk) => walk.Select((b, k) => footage[b.From] == wanted[k]).Average(a => a ? 1.0 : 0);

        var seeds = Enumerable.Range(1, 5).ToList();
        var plain = seeds.Average(seed => Agreement(loops.Walk(1500, 25, seed)));
        var steered = seeds.Average(seed => Agreement(loops.Walk(1500, 25, seed, footageSpeaking: footage, wantedSpeaking: wanted)));
        _output.WriteLine($"footage state matches the speech's on {plain:P0} of frames unsteered, {steered:P0} steered");
        Assert.True(steered > plain + 0.1, $"{steered:P0} against {plain:P0}");
    }

    [Theory]
    [InlineData("73-85")]
    [InlineData("30-35,120-125,140-150")]
    public async Task AWalk_JumpsOverFramesWithTheFaceHidden_AndUsesTheFootageOnAllSides(string hiddenRanges)
    {
        var thumbnails = new List<float[]>();
        await foreach (var frame in TestServices.Get<Media.MediaDecoder>().ReadFramesAsync(TestMedia.TalkingHead("wda_alexandria_ocasio_cortez_000.mp4"), Media.FramePixelFormat.Rgba32, CancellationToken.None))
        {
            using (frame)
            {
                thumbnails.Add(FootageThumbnails.Of(frame));
            }
        }

        // The face hidden for a moment or three (a hand over it): 73-85 is 2.9 to 3.4 s, 2.9 s of footage before it
        // and 4.6 s after. Before, the walk kept to the longest part. Parts under a second (25 frames) are left out.
        var ranges = hiddenRanges.Split(',').Select(r => r.Split('-').Select(int.Parse).ToArray()).ToArray();
        var hidden = Enumerable.Range(0, thumbnails.Count).Select(i => ranges.Any(r => i >= r[0] && i <= r[1])).ToArray();
        var loops = FootageLoops.Find(thumbnails, null, shortestLoop: 25, hidden);
        var edges = ranges.SelectMany(r => new[] { r[0] - 1, r[1] + 1 }).Prepend(0).Append(thumbnails.Count - 1).ToArray();
        var parts = Enumerable.Range(0, edges.Length / 2).Select(p => new FootageStretch(edges[2 * p], edges[(2 * p) + 1])).Where(p => p.Length >= 25).ToList();
        Assert.Equal(parts, loops.Stretches);

        // Stored and read back as a package does, the loops walk the same.
        var restored = FootageLoops.Restore(loops.KeptThumbnails, System.Text.Json.JsonSerializer.Deserialize<LoopPoints>(System.Text.Json.JsonSerializer.Serialize(loops.Points))!);
        foreach (var seed in Enumerable.Range(1, 5))
        {
            var walk = loops.Walk(1500, shortestRun: 25, seed);
            Assert.Equal(walk, restored.Walk(1500, shortestRun: 25, seed));
            Assert.DoesNotContain(walk, b => hidden[b.From] || hidden[b.To]);
            Assert.DoesNotContain(Enumerable.Range(1, walk.Length - 1), k => walk[k] == walk[k - 1]);
            var shares = parts.Select(p => walk.Count(b => p.Contains(b.From)) / (double)walk.Length).ToList();
            _output.WriteLine($"seed {seed}: a 60 s walk spends {string.Join(", ", shares.Select(x => x.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))} of its frames in the parts {string.Join(", ", parts)}");
            Assert.All(shares, share => Assert.True(share > 0.05, $"seed {seed}: {string.Join(", ", shares)}"));

            // Every step the walk adds (a jump, a dissolve) is within the footage's own.
            for (var k = 1; k < walk.Length; k++)
            {
                var (a, b) = (walk[k - 1], walk[k]);
                if (!(a.Mix == 0 && b.Mix == 0 && b.From == a.From + 1))
                {
                    float[] Shown(BaseFrame f) => [.. thumbnails[f.From].Zip(thumbnails[f.To], (x, y) => (x * (1 - f.Mix)) + (y * f.Mix))];
                    Assert.True(FootageLoops.Difference(Shown(a), Shown(b)) <= loops.StepLimit, $"seed {seed}: {a} to {b}");
                }
            }
        }

        // A package from before these jumps (its longest stretch, its jumps within it) still walks within that stretch.
        var old = loops.Points with { Others = null, Stretches = null };
        Assert.All(FootageLoops.Restore(loops.KeptThumbnails, old).Walk(1500, 25, 1), b => Assert.InRange(b.From, loops.First, loops.Last));
    }
}
