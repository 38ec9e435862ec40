using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Avatars;
using Talkie.Avatars.Trained;
using Talkie.Media;
using Talkie.Speech.Recognition;
using Talkie.Speech.Visemes;
using Talkie.Vision;
using Talkie.Vision.Landmarks;
using Talkie.Vision.Mesh;

namespace Talkie.Benchmarks;

/// <summary>
/// `reenact [VIDEO...]`: the video avatar's self-reenactment check, on the pieces built so far. The
/// first 70% of a clip gives the mouths and the base track (walked with seamless loops); the last 30%
/// is rendered from its own audio (mouth shapes from its recognized phones) and compared with the real
/// last 30%: the lips' shape error (40 points, head pose and the mouth's position removed, ÷ inter-ocular
/// distance) against the footage's own unrelated mouth, and the correlation of the opening with the
/// real one. "Upper bound" chooses mouths by the real opening instead of the sound: what the choice
/// and the blending can do when the wanted mouth is right.
/// </summary>
internal static class ReenactmentBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var media = Environment.GetEnvironmentVariable("TALKIE_SHARED_MEDIA") ?? "/work/shared/media";
        var clips = args.Length > 0 ? args : Directory.GetFiles(Path.Combine(media, "talking_head"), "*.mp4").Order(StringComparer.Ordinal).ToArray();
        using var services = BenchSetup.Services();
        foreach (var clip in clips)
        {
            await MeasureAsync(services, clip);
        }

        return 0;
    }

    private static async Task MeasureAsync(ServiceProvider services, string path)
    {
        var info = await services.GetRequiredService<FaceAnalyzer>().ProbeVideoAsync(path, CancellationToken.None);
        var Fps = info.Video!.FrameRate;
        var frames = new List<VideoFrame>();
        var faces = new List<FaceLandmarks>();
        await foreach (var found in services.GetRequiredService<FaceAnalyzer>().TrackVideoAsync(path, new FaceAnalysisRequest(LandmarkEngineKind.Mesh), null, CancellationToken.None, (image, result) =>
        {
            if (result.Primary is { } face)
            {
                var copy = VideoFrame.Rent(image.Width, image.Height, image.PixelFormat, image.Index);
                image.Pixels.CopyTo(copy.Pixels);
                frames.Add(copy);
                faces.Add(face.Raw);
            }
        }))
        {
            _ = found;
        }

        try
        {
            var duration = TimeSpan.FromSeconds(frames.Count / Fps);
            var speech = await services.GetRequiredService<SpeechAnalyzer>().TimeSpeechAsync(path, null, "en", null, CancellationToken.None);
            var track = VisemeTrackBuilder.Build(speech.Phones, duration, new VisemeOptions { FrameRate = Fps, SnapToFrames = true });
            var style = new TalkingStyle(new AvatarPerformance(track, [], [], FrameRate: Fps), duration);
            var split = (int)(frames.Count * 0.7);
            var library = new MouthLibrary([.. Enumerable.Range(0, split).Select(i => new MouthSample(i, FacePlacement.Of(faces[i]), faces[i].MouthOpening, faces[i].MouthWidth, track.ShapeAt(At(i))))]);
            var region = MouthRegion.Of(faces.Take(split));
            var walk = FootageLoops.Find([.. frames.Take(split).Select(FootageThumbnails.Of)], FootageThumbnails.MouthMask(faces.Take(split), frames[0].Width, frames[0].Height), shortestLoop: 25)
                .Walk(frames.Count - split, shortestRun: 25, seed: 4);
            var test = Enumerable.Range(split, frames.Count - split).ToList();
            float[][] features;
            using (var audio = await services.GetRequiredService<MediaDecoder>().ReadAudioAsync(path, Talkie.Speech.Features.SpeechFeatures.SampleRate, CancellationToken.None))
            {
                features = Talkie.Speech.Features.SpeechFeatures.PerFrame(audio, Fps, frames.Count);
            }

            var shapes = Enumerable.Range(0, frames.Count).Select(i => track.ShapeAt(At(i))).ToArray();
            var model = MouthModel.Learn(shapes[..split], [.. features[..split].Select(f => f[0])], [.. faces.Take(split).Select(f => f.MouthOpening)], [.. faces.Take(split).Select(f => f.MouthWidth)]);
            Console.WriteLine($"  model: lead {model.LeadFrames}, fit {model.Fit:0.00}, weights {model.ShapeWeight:0.00}/{model.LoudnessWeight:0.000}");
            var predicted = model.Predict(shapes[split..], [.. features[split..].Select(f => f[0])]);
            Console.WriteLine($"  predicted opening vs real: {Correlation([.. predicted.Select(p => (double)p.Opening)], [.. faces.Skip(split).Select(f => (double)f.MouthOpening)]):0.00}");
            library = new MouthLibrary([.. Enumerable.Range(0, split).Select(i => new MouthSample(i, FacePlacement.Of(faces[i]), faces[i].MouthOpening, faces[i].MouthWidth, MouthModel.Shifted(shapes, i, model.LeadFrames)))]);
            var bySound = library.Choose([.. test.Select((i, k) => (predicted[k].Opening, predicted[k].Width, MouthModel.Shifted(shapes, i, model.LeadFrames)))]);
            var byReal = library.Choose([.. test.Select(i => (faces[i].MouthOpening, faces[i].MouthWidth, track.ShapeAt(At(i))))]);
            var mesh = services.GetRequiredService<FaceMeshEngine>();
            foreach (var (name, chosen) in new[] { ("from the sound", bySound), ("upper bound", byReal) })
            {
                var rendered = new List<(float Error, float Baseline, double Opening, double Real)>();
                for (var k = 0; k < walk.Length; k++)
                {
                    var baseFrame = walk[k].From;
                    var sample = library.Samples[chosen[k]];
                    using var output = VideoFrame.Rent(frames[baseFrame].Width, frames[baseFrame].Height, FramePixelFormat.Rgba32);
                    frames[baseFrame].Pixels.CopyTo(output.Pixels);
                    MouthDubber.Paint(output, FacePlacement.Of(faces[baseFrame]), frames[sample.Frame], sample.Placement, region);
                    var seen = mesh.Follow(output, faces[baseFrame]);
                    var real = faces[test[k]];
                    rendered.Add((ShapeError(seen, real), ShapeError(faces[baseFrame], real), seen.MouthOpening, real.MouthOpening));
                }

                var error = rendered.Average(r => r.Error);
                var baseline = rendered.Average(r => r.Baseline);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Path.GetFileName(path)} ({name}): trained on {split} frames, {walk.Length} rendered; lip shape error {error:P1} against {baseline:P1} for the footage's own mouth ({1 - (error / baseline):P0} lower); opening correlation with the real mouth {Correlation(rendered.Select(r => r.Opening).ToList(), rendered.Select(r => r.Real).ToList()):0.00}"));
            }
        }
        finally
        {
            foreach (var frame in frames)
            {
                frame.Dispose();
            }
        }

        TimeSpan At(int frame) => TimeSpan.FromSeconds(frame / Fps);
    }

    // The lips' 40 points with each face in the standard placement and each mouth centred, mean distance ÷ 100.
    private static float ShapeError(FaceLandmarks a, FaceLandmarks b)
    {
        static Vector2[] Centred(FaceLandmarks face)
        {
            var placement = FacePlacement.Of(face);
            var lips = face.OuterLips.Concat(face.InnerLips).Select(placement.ToStandard).ToArray();
            var centre = lips.Aggregate(Vector2.Zero, (sum, p) => sum + p) / lips.Length;
            return [.. lips.Select(p => p - centre)];
        }

        return Centred(a).Zip(Centred(b)).Average(p => Vector2.Distance(p.First, p.Second)) / 100;
    }

    private static double Correlation(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var (ma, mb) = (a.Average(), b.Average());
        var covariance = a.Zip(b).Sum(p => (p.First - ma) * (p.Second - mb));
        var spread = Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(x => (x - mb) * (x - mb)));
        return spread == 0 ? 0 : covariance / spread;
    }
}
