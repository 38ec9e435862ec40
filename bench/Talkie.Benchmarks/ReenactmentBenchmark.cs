using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.DependencyInjection;
using OpenCvSharp;
using Talkie.Avatars;
using Talkie.Avatars.Trained;
using Talkie.Composition;
using Talkie.Media;
using Talkie.Testing;
using Talkie.Vision;
using Talkie.Vision.Landmarks;

namespace Talkie.Benchmarks;

/// <summary>
/// `reenact [VIDEO...]`: the video avatar's self-reenactment check, through the product. The first 70%
/// of a clip is cut out (re-encoded, with its sound) and trained as an avatar; the last 30%'s sound is
/// rendered with it (`create --audio` with that avatar, at the footage's size and rate); landmarks are
/// found on the rendered video and on the real clip, by each of the two engines (dlib's 68 points and
/// the face mesh). Printed per clip and engine: the lips' shape error (each face in its standard
/// placement and each mouth centred, ÷ inter-ocular distance) against the real last 30%, and the same
/// for the baseline (the render's own base frames, with the footage's original, unrelated mouths); the
/// correlation of the rendered mouth opening with the real one; and the SSIM of the mouth region (the
/// real frame moved onto the rendered face). Also printed: yardsticks from the real frames alone, a
/// check of the landmark engine itself (does it read a pasted mouth?), and where the correlation is lost.
/// </summary>
internal static class ReenactmentBenchmark
{
    private static readonly int[] Seeds = [1, 2, 3, 4, 5];

    // dlib first: the mesh reads a mouth pasted into another frame partly from the rest of the face (see
    // the engine check printed), so it under-reports what painting shows.
    private static readonly LandmarkEngineKind[] Engines = [LandmarkEngineKind.Dlib, LandmarkEngineKind.Mesh];

    public static async Task<int> RunAsync(string[] args)
    {
        var media = Environment.GetEnvironmentVariable("TALKIE_SHARED_MEDIA") ?? "/work/shared/media";
        // The walk's seed (the base frames) changes the result by several points on clips this short: the
        // run is repeated with a few seeds and each number reported as a mean and a range.
        var clips = args.Length > 0 ? args : Directory.GetFiles(Path.Combine(media, "talking_head"), "*.mp4").Order(StringComparer.Ordinal).ToArray();
        using var work = new RenderBenchmark.TempFolder();
        Environment.SetEnvironmentVariable("Talkie__Avatars__Trained__Directory", Path.Combine(work.Path, "avatars"));

        // 70% of the 4 s Obama clips is under the 3 s that training asks for.
        Environment.SetEnvironmentVariable("Talkie__Avatars__Trained__MinimumSeconds", "2");
        using var services = BenchSetup.Services();
        for (var i = 0; i < clips.Length; i++)
        {
            await MeasureAsync(services, clips[i], work.Path, $"reenact-{i}");
        }

        return 0;
    }

    private static async Task MeasureAsync(ServiceProvider services, string path, string work, string name)
    {
        var analyzer = services.GetRequiredService<FaceAnalyzer>();
        var fps = (await analyzer.ProbeVideoAsync(path, CancellationToken.None)).Video!.FrameRate;
        var realFrames = new List<VideoFrame>();
        var renders = new List<(List<VideoFrame> Frames, BaseFrame[] Walk, int[] Mouths, (float Opening, float Width)[] Wanted, float[] Loudness)>();
        try
        {
            var real = new Dictionary<LandmarkEngineKind, List<FaceLandmarks>>();
            foreach (var engine in Engines)
            {
                real[engine] = await TrackAsync(analyzer, path, engine, engine == Engines[0] ? realFrames : null);
            }

            var split = (int)(realFrames.Count * 0.7);
            var splitTime = (split / fps).ToString("0.####", CultureInfo.InvariantCulture);
            var train = Path.Combine(work, name + "-train.mp4");
            var test = Path.Combine(work, name + "-test.wav");
            await Ffmpeg.RunAsync("-i", path, "-t", splitTime, "-c:v", "libx264", "-crf", "12", "-c:a", "aac", "-b:a", "192k", train);
            await Ffmpeg.RunAsync("-ss", splitTime, "-i", path, "-vn", "-ac", "1", "-ar", "48000", test);

            var clock = Stopwatch.StartNew();
            var trained = await services.GetRequiredService<AvatarTrainer>().TrainAsync(train, name, "en", null, CancellationToken.None);
            var trainingTime = clock.Elapsed;
            var avatar = (TrainedAvatar)services.GetRequiredService<AvatarCatalog>().Resolve("trained:" + name);
            var scene = new SceneSpec { Width = avatar.Manifest.Width, Height = avatar.Manifest.Height, FrameRate = avatar.Manifest.FrameRate, Captions = CaptionMode.None };
            var outputs = new List<string>();

            // Each render's frames are kept while the first engine tracks it, so that engine's reading is kept too.
            var seen = Engines.ToDictionary(e => e, _ => new List<List<FaceLandmarks>>());
            foreach (var seed in Seeds)
            {
                var output = Path.Combine(work, $"{name}-{seed}.mp4");
                var result = await services.GetRequiredService<VideoProducer>().ProduceAsync(new VideoRequest { AudioPath = test, AvatarId = avatar.Id, Scene = scene, OutputPath = output, Seed = seed }, null, CancellationToken.None);
                var (walk, mouths) = avatar.Plan(result.Performance);
                var rate = avatar.Manifest.FrameRate;
                var performance = result.Performance;
                var shapes = Enumerable.Range(0, walk.Length).Select(k => performance.Visemes.ShapeAt(TimeSpan.FromSeconds((double)k / rate))).ToArray();
                var loudness = Enumerable.Range(0, walk.Length).Select(k => performance.Loudness.Count == 0 ? 0 : performance.Loudness[Math.Min(performance.Loudness.Count - 1, (int)Math.Round(k * performance.FrameRate / rate))]).ToArray();
                var frames = new List<VideoFrame>();
                seen[Engines[0]].Add(await TrackAsync(analyzer, output, Engines[0], frames));
                renders.Add((frames, walk, mouths, avatar.Model.Mouth.Predict(shapes, loudness), loudness));
                outputs.Add(output);
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)}: trained on {split} frames in {trainingTime.TotalSeconds:0.0} s (lead {trained.Model.Mouth.LeadFrames} frames, in-sample fit {trained.Model.Mouth.Fit:0.00}); {Math.Min(renders[0].Frames.Count, realFrames.Count - split)} frames rendered from the last 30%'s sound, {Seeds.Length} seeds"));
            foreach (var engine in Engines)
            {
                foreach (var output in outputs.Skip(seen[engine].Count))
                {
                    seen[engine].Add(await TrackAsync(analyzer, output, engine, null));
                }

                Report(analyzer, engine, avatar, real[engine], realFrames, split, renders, seen[engine]);
            }
        }
        finally
        {
            realFrames.ForEach(f => f.Dispose());
            renders.ForEach(r => r.Frames.ForEach(f => f.Dispose()));
        }
    }

    private static void Report(
        FaceAnalyzer analyzer,
        LandmarkEngineKind engine,
        TrainedAvatar avatar,
        List<FaceLandmarks> real,
        List<VideoFrame> realFrames,
        int split,
        List<(List<VideoFrame> Frames, BaseFrame[] Walk, int[] Mouths, (float Opening, float Width)[] Wanted, float[] Loudness)> renders,
        List<List<FaceLandmarks>> seen)
    {
        var region = avatar.Model.Region;
        var count = Math.Min(seen.Min(s => s.Count), real.Count - split);
        // A frame read alone: BlazeFace, then the engine (the Haar cascade's search for small faces is not needed here).
        FaceLandmarks Read(VideoFrame frame, FaceLandmarks fallback)
            => analyzer.Detector.Detect(frame) is [var face, ..] ? analyzer.Engine(engine).Locate(frame, face) : fallback;

        // Yardsticks from the real frames alone: the training part's mouth closest to each real one (chosen
        // knowing the answer: what choosing from the footage's mouths can reach at best), and the person's one
        // usual mouth (the training frame closest to all the others) held throughout.
        var usual = Enumerable.Range(0, split).MinBy(j => Enumerable.Range(0, split).Sum(i => ShapeError(real[i], real[j])));
        var closest = Enumerable.Range(0, count).Select(k => Enumerable.Range(0, split).MinBy(j => ShapeError(real[j], real[split + k]))).ToArray();

        // The engine's own noise: each real frame read alone (no tracking) against its tracked reading.
        var alone = Enumerable.Range(0, count).Average(k => ShapeError(Read(realFrames[split + k], real[split + k]), real[split + k]));
        var runs = new List<Run>();
        for (var s = 0; s < renders.Count; s++)
        {
            var (frames, walk, mouths, wanted, loudness) = renders[s];
            var rows = new List<Row>();
            for (var k = 0; k < count; k++)
            {
                var truth = real[split + k];
                var baseFrame = Math.Min(walk[k].From, split - 1);
                var best = closest[k];
                rows.Add(new Row(
                    ShapeError(seen[s][k], truth),
                    ShapeError(real[baseFrame], truth),
                    seen[s][k].MouthOpening,
                    truth.MouthOpening,
                    MouthSsim(frames[k], seen[s][k], realFrames[split + k], truth, region),
                    MouthSsim(realFrames[baseFrame], real[baseFrame], realFrames[split + k], truth, region),
                    avatar.Model.Frames[mouths[Math.Min(k, mouths.Length - 1)]].Opening,
                    wanted[Math.Min(k, wanted.Length - 1)].Opening,
                    loudness[Math.Min(k + avatar.Model.Mouth.LeadFrames, loudness.Length - 1)],
                    ShapeError(real[best], truth),
                    ShapeError(real[usual], truth),
                    Painted(best),
                    Painted(split + k)));

                // The footage frame's mouth painted into this frame's base frame as the product paints it, and
                // read alone: what the engine sees of a mouth put into another frame.
                (float Error, float Opening) Painted(int source)
                {
                    using var frame = VideoFrame.Rent(realFrames[baseFrame].Width, realFrames[baseFrame].Height, realFrames[baseFrame].PixelFormat, k);
                    realFrames[baseFrame].Pixels.CopyTo(frame.Pixels);
                    var (target, from) = (FacePlacement.Of(real[baseFrame]), FacePlacement.Of(real[source]));
                    IReadOnlyList<Vector2>[] lips = [[.. real[baseFrame].OuterLips.Select(target.ToStandard)], [.. real[source].OuterLips.Select(from.ToStandard)]];
                    MouthDubber.Paint(frame, target, realFrames[source], from, region, lips);
                    var read = Read(frame, real[baseFrame]);
                    return (ShapeError(read, truth), read.MouthOpening);
                }
            }

            double Lower(Func<Row, double> error) => 1 - (rows.Average(error) / rows.Average(r => r.Baseline));
            double Follows(Func<Row, double> a, Func<Row, double> b) => SpeechScores.Correlation([.. rows.Select(a)], [.. rows.Select(b)], 0);
            runs.Add(new Run(
                Lower(r => r.Error),
                Follows(r => r.Opening, r => r.Real),
                rows.Average(r => r.Ssim),
                rows.Average(r => r.BaseSsim),
                Follows(r => r.Chosen, r => r.Real),
                Follows(r => r.Opening, r => r.Chosen),
                Follows(r => r.Wanted, r => r.Real),
                Follows(r => r.Loud, r => r.Real),
                Lower(r => r.Best),
                Lower(r => r.Usual),
                Lower(r => r.PaintedBest.Error),
                Follows(r => r.PaintedBest.Opening, r => r.Real),
                Lower(r => r.PaintedReal.Error),
                1 - (alone / rows.Average(r => r.Baseline))));
        }

        static string Spread(IEnumerable<double> values, string format)
        {
            var list = values.ToList();
            return string.Create(CultureInfo.InvariantCulture, $"{list.Average().ToString(format, CultureInfo.InvariantCulture)} ({list.Min().ToString(format, CultureInfo.InvariantCulture)} to {list.Max().ToString(format, CultureInfo.InvariantCulture)})");
        }

        Console.WriteLine($"  read by {(engine == LandmarkEngineKind.Dlib ? "dlib (68 points)" : "the face mesh")}:");
        Console.WriteLine($"    lip shape error lower than the base frames' own mouths by {Spread(runs.Select(r => r.Reduction), "P0")}");
        Console.WriteLine($"    opening correlation with the real mouth {Spread(runs.Select(r => r.Correlation), "0.00")}");
        Console.WriteLine($"    mouth-region SSIM {Spread(runs.Select(r => r.Ssim), "0.000")}; base frames {Spread(runs.Select(r => r.BaseSsim), "0.000")}");
        Console.WriteLine($"    yardsticks: the closest footage mouth to each real one, chosen knowing the answer, {Spread(runs.Select(r => r.Best), "P0")} lower, and painted into the base frames {Spread(runs.Select(r => r.PaintedBest), "P0")} lower (opening r {Spread(runs.Select(r => r.PaintedBestCorrelation), "0.00")}); the person's usual mouth held throughout {Spread(runs.Select(r => r.Usual), "P0")} lower");

        // Does the engine read a pasted mouth? The real frame's own mouth painted into the base frame should
        // read about as well as the real frame read alone.
        Console.WriteLine($"    engine check: the real frame's own mouth painted into the base frame reads {Spread(runs.Select(r => r.PaintedReal), "P0")} lower; the real frame read alone {runs[0].Alone:P0} lower");

        // Where the correlation is lost: in the prediction from the sound, in the choice of mouths (their
        // footage openings against the real mouth), or in putting them into the base frames (the rendered
        // opening against the chosen one).
        Console.WriteLine($"    the opening the model predicts from the sound vs the real mouth {Spread(runs.Select(r => r.WantedCorrelation), "0.00")}; the loudness alone {Spread(runs.Select(r => r.LoudnessCorrelation), "0.00")}");
        Console.WriteLine($"    chosen mouths' footage opening vs the real mouth {Spread(runs.Select(r => r.ChosenCorrelation), "0.00")}; rendered vs chosen {Spread(runs.Select(r => r.RenderedVsChosen), "0.00")}");
    }

    // The primary face's landmarks in each frame of a video (the last one found where none is); with
    // <paramref name="frames"/>, a copy of each decoded frame is kept there.
    private static async Task<List<FaceLandmarks>> TrackAsync(FaceAnalyzer analyzer, string path, LandmarkEngineKind engine, List<VideoFrame>? frames)
    {
        var faces = new List<FaceLandmarks>();
        await foreach (var found in analyzer.TrackVideoAsync(path, new FaceAnalysisRequest(engine), null, CancellationToken.None, (image, result) =>
        {
            if (frames is not null)
            {
                var copy = VideoFrame.Rent(image.Width, image.Height, image.PixelFormat, image.Index);
                image.Pixels.CopyTo(copy.Pixels);
                frames.Add(copy);
            }
        }))
        {
            faces.Add(found.Primary?.Raw ?? faces[^1]);
        }

        return faces;
    }

    // SSIM over the mouth region of a rendered (or base) frame, against the real frame moved onto its face;
    // worked out in the region's box only (with a margin wider than SSIM's window, so the result is the same
    // as over the whole frame, at a tenth of the cost).
    private static double MouthSsim(VideoFrame frame, FaceLandmarks face, VideoFrame realFrame, FaceLandmarks realFace, MouthRegion region)
    {
        var placement = FacePlacement.Of(face);
        var around = MouthDubber.Box(placement, region);
        var left = Math.Max(0, (int)around.X - 12);
        var top = Math.Max(0, (int)around.Y - 12);
        var box = new Rect(left, top, Math.Min(frame.Width, (int)MathF.Ceiling(around.Right) + 12) - left, Math.Min(frame.Height, (int)MathF.Ceiling(around.Bottom) + 12) - top);
        using var whole = ImageQuality.Grey(frame);
        using var grey = new Mat(whole, box);
        using var realGrey = ImageQuality.Grey(realFrame);
        using var toFrame = FacePlacement.Of(realFace).To(placement);
        toFrame.Set(0, 2, toFrame.At<double>(0, 2) - left);
        toFrame.Set(1, 2, toFrame.At<double>(1, 2) - top);
        using var moved = new Mat();
        Cv2.WarpAffine(realGrey, moved, toFrame, box.Size, InterpolationFlags.Linear, BorderTypes.Replicate);
        var ellipse = Enumerable.Range(0, 48).Select(i => placement.ToImage(region.Centre + (region.Radii * 0.8f * new Vector2(MathF.Cos(i * MathF.Tau / 48), MathF.Sin(i * MathF.Tau / 48)))) - new Vector2(left, top));
        using var mask = ImageQuality.Polygon(box.Width, box.Height, ellipse);
        return ImageQuality.Ssim(grey, moved, mask);
    }

    // The lips' points (40 from the mesh, 20 from dlib) with each face in the standard placement and each mouth
    // centred, mean distance ÷ 100.
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

    private sealed record Row(float Error, float Baseline, double Opening, double Real, double Ssim, double BaseSsim, double Chosen, double Wanted, double Loud, float Best, float Usual, (float Error, float Opening) PaintedBest, (float Error, float Opening) PaintedReal);

    private sealed record Run(double Reduction, double Correlation, double Ssim, double BaseSsim, double ChosenCorrelation, double RenderedVsChosen, double WantedCorrelation, double LoudnessCorrelation, double Best, double Usual, double PaintedBest, double PaintedBestCorrelation, double PaintedReal, double Alone);
}
