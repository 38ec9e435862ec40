using System.Numerics;
using Talkie.Media;
using Talkie.Testing;
using Talkie.Vision.Tracking;
using Xunit.Abstractions;

namespace Talkie.Vision.Tests;

public sealed class TrackingTests
{
    private readonly ITestOutputHelper _output;

    public TrackingTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string, LandmarkEngineKind> Videos()
    {
        var data = new TheoryData<string, LandmarkEngineKind>();
        foreach (var video in TestMedia.TalkingHeads)
        {
            data.Add(Path.GetFileName(video), LandmarkEngineKind.Dlib);
            data.Add(Path.GetFileName(video), LandmarkEngineKind.Mesh);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Videos))]
    public async Task TrackingATalkingHead_IsSteadyWhereTheHeadIsStill_AndTheMouthFollowsSpeech(string name, LandmarkEngineKind engine)
    {
        var path = TestMedia.TalkingHead(name);
        var frames = new List<FaceFrame>();
        await foreach (var frame in TestServices.Get<FaceAnalyzer>().TrackVideoAsync(path, new FaceAnalysisRequest(engine), null, CancellationToken.None))
        {
            frames.Add(frame);
        }

        Assert.All(frames, f => Assert.NotNull(f.Primary));
        Assert.All(frames, f => Assert.Single(f.Faces));
        var primary = frames.Select(f => f.Primary!).ToList();
        Assert.True(primary.Select(p => p.Id).Distinct().Count() == 1, "the face kept its track");

        var smoothed = Jitter(primary.Select(p => p.Landmarks).ToList());
        var raw = Jitter(primary.Select(p => p.Raw).ToList());
        _output.WriteLine($"{name} {engine}: jitter on still frames {smoothed.Jitter:P2} of the inter-ocular distance smoothed, {raw.Jitter:P2} raw, over {smoothed.StillFrames} of {frames.Count} frames");
        Assert.True(smoothed.StillFrames >= 20, $"only {smoothed.StillFrames} still frames");
        Assert.True(smoothed.Jitter <= 0.005, $"jitter {smoothed.Jitter:P2}");

        // The mouth opening follows the loudness of the speech.
        var audio = await TestServices.Get<MediaDecoder>().ReadAudioAsync(path, 16000, CancellationToken.None);
        var info = await TestServices.Get<MediaProbe>().ProbeAsync(path, CancellationToken.None);
        var perFrame = 16000 / info.Video!.FrameRate;
        var loudness = new List<double>();
        var opening = new List<double>();
        for (var i = 0; i < primary.Count; i++)
        {
            var start = (int)(i * perFrame);
            var end = Math.Min(audio.Samples.Length, (int)((i + 1) * perFrame));
            if (end <= start)
            {
                break;
            }

            double energy = 0;
            for (var s = start; s < end; s++)
            {
                energy += audio.Samples[s] * audio.Samples[s];
            }

            loudness.Add(Math.Sqrt(energy / (end - start)));
            opening.Add(primary[i].Landmarks.MouthOpening);
        }

        var correlation = SpeechScores.Correlation(opening, loudness, 0);
        _output.WriteLine($"{name} {engine}: mouth opening vs loudness correlation {correlation:0.000}");
        // Above what chance gives over these 100–200 frames (about ±0.1), not merely positive.
        Assert.True(correlation > 0.1, $"correlation {correlation:0.000}");
    }

    [Fact]
    public void TheTracker_HandlesACut_ASecondFace_AndAFaceLeaving()
    {
        using var obama = ImageFile.Load(TestMedia.Portraits.Single(p => p.Contains("obama", StringComparison.Ordinal)));
        using var eileen = ImageFile.Load(TestMedia.Portraits.Single(p => p.Contains("eileen", StringComparison.Ordinal)));
        var analyzer = TestServices.Get<FaceAnalyzer>();
        var tracker = new FaceTracker(analyzer.Engine(LandmarkEngineKind.Mesh), analyzer.Engine(LandmarkEngineKind.Mesh), analyzer.Detector, new VisionOptions(), 25);
        var results = new List<FaceFrame>();
        long index = 0;
        void Feed(int count, Action<Span<byte>> paint)
        {
            for (var i = 0; i < count; i++)
            {
                using var frame = VideoFrame.Rent(1280, 720, FramePixelFormat.Rgba32, index++);
                frame.Pixels.Fill(40);
                paint(frame.Pixels);
                results.Add(tracker.Process(frame));
            }
        }

        // 0–9: Obama alone; 10–19: a cut to Eileen alone; 20–59: Obama joins; 60–79: Eileen slides out.
        Feed(10, p => Paste(p, obama, 0.55f, 300, 20));
        Feed(10, p => Paste(p, eileen, 1.2f, 700, 50));
        Feed(40, p =>
        {
            Paste(p, eileen, 1.2f, 700, 50);
            Paste(p, obama, 0.5f, 40, 60);
        });
        for (var step = 0; step < 20; step++)
        {
            var x = 700 + (step * 40);
            Feed(1, p =>
            {
                Paste(p, eileen, 1.2f, x, 50);
                Paste(p, obama, 0.5f, 40, 60);
            });
        }

        Assert.All(results.Take(10), r => Assert.Single(r.Faces));
        Assert.Contains(results[10].Notes, n => n.Contains("cut", StringComparison.Ordinal));
        var eileenId = results[10].Primary!.Id;
        Assert.NotEqual(results[9].Primary!.Id, eileenId);
        Assert.True(results[10].Primary!.Landmarks.NoseTip.X > 700, "after the cut the face is the new one");

        // The second (small) face is found within a second and tracked beside the primary one.
        Assert.Contains(results.Skip(20).Take(27), r => r.Faces.Count == 2);
        Assert.All(results.Skip(47).Take(13), r => Assert.Equal(2, r.Faces.Count));
        Assert.All(results.Skip(20).Take(40), r => Assert.Equal(eileenId, r.Primary!.Id));

        // Sliding out: lost with a note; the other face becomes primary.
        Assert.Contains(results.Skip(60), r => r.Notes.Any(n => n.Contains("left the frame", StringComparison.Ordinal) || n.Contains("lost", StringComparison.Ordinal)));
        var last = results[^1];
        var remaining = Assert.Single(last.Faces);
        Assert.True(remaining.IsPrimary);
        Assert.True(remaining.Landmarks.NoseTip.X < 640);
        foreach (var r in results.Where(r => r.Notes.Count > 0))
        {
            _output.WriteLine($"frame {r.Index}: {string.Join("; ", r.Notes)}");
        }
    }

    [Fact]
    public void OneEuro_StillsNoise_ButFollowsAMove()
    {
        var options = new VisionOptions();
        var random = new Random(5);
        var filter = new OneEuroFilter(options.SmoothingMinCutoff, options.SmoothingBeta);
        var still = Enumerable.Range(0, 200).Select(_ => filter.Filter(100 + (random.NextDouble() - 0.5), 0.04, 60)).Skip(50).ToList();
        Assert.True(still.Max() - still.Min() < 0.25, $"still spread {still.Max() - still.Min():0.000}");

        // A quick 30-pixel move (half the inter-ocular distance in 0.2 s) is followed within a few pixels.
        var moving = new OneEuroFilter(options.SmoothingMinCutoff, options.SmoothingBeta);
        for (var i = 0; i < 10; i++)
        {
            moving.Filter(100, 0.04, 60);
        }

        double value = 0;
        for (var i = 1; i <= 5; i++)
        {
            value = moving.Filter(100 + (6 * i), 0.04, 60);
        }

        Assert.True(value > 118, $"lagged to {value:0.0}");
    }

    /// <summary>
    /// High-frequency jitter of the rigid points (eye corners, nose bridge): each point's distance from
    /// its own centred 9-frame mean, ÷ inter-ocular distance, RMS over frames where that mean moves
    /// less than 0.3% of the inter-ocular distance per frame (the head is still).
    /// </summary>
    private static (double Jitter, int StillFrames) Jitter(List<Landmarks.FaceLandmarks> track)
    {
        const int Half = 4;
        var rigid = track[0].Layout.RigidPoints;
        double sum = 0;
        var count = 0;
        var stillFrames = 0;
        for (var t = Half + 1; t < track.Count - Half - 1; t++)
        {
            var iod = track[t].InterOcular;
            var still = true;
            var residual = 0.0;
            foreach (var index in rigid)
            {
                var mean = Mean(track, index, t);
                var next = Mean(track, index, t + 1);
                still &= Vector2.Distance(mean, next) / iod < 0.005;
                residual += Vector2.DistanceSquared(track[t].Points[index], mean) / (iod * iod);
            }

            if (still)
            {
                stillFrames++;
                sum += residual;
                count += rigid.Length;
            }
        }

        return (count == 0 ? double.NaN : Math.Sqrt(sum / count), stillFrames);

        static Vector2 Mean(List<Landmarks.FaceLandmarks> track, int index, int t)
        {
            var sum = Vector2.Zero;
            for (var k = -Half; k <= Half; k++)
            {
                sum += track[t + k].Points[index];
            }

            return sum / ((2 * Half) + 1);
        }
    }

    private static void Paste(Span<byte> canvas, VideoFrame image, float scale, int left, int top)
    {
        var width = (int)(image.Width * scale);
        var height = (int)(image.Height * scale);
        var source = image.Pixels;
        for (var y = 0; y < height && top + y < 720; y++)
        {
            var sy = Math.Min(image.Height - 1, (int)(y / scale));
            for (var x = 0; x < width && left + x < 1280; x++)
            {
                var sx = Math.Min(image.Width - 1, (int)(x / scale));
                source.Slice(((sy * image.Width) + sx) * 4, 4).CopyTo(canvas.Slice((((top + y) * 1280) + left + x) * 4, 4));
            }
        }
    }
}
