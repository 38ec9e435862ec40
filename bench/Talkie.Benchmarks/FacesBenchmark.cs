using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Talkie.Media;
using Talkie.Vision;
using Talkie.Vision.Dlib;
using Talkie.Vision.Mesh;

namespace Talkie.Benchmarks;

/// <summary>
/// `faces [PORTRAIT] [VIDEO]`: milliseconds per face for detection and for each landmark engine, cold
/// (model loading and first call) and warm, and frames per second tracking a 720p video with each
/// engine against decoding alone.
/// </summary>
internal static class FacesBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var media = Environment.GetEnvironmentVariable("TALKIE_SHARED_MEDIA") ?? "/work/shared/media";
        var portraitPath = args.Length > 0 ? args[0] : Path.Combine(media, "portraits", "obama_official_portrait_2012.jpg");
        var videoPath = args.Length > 1 ? args[1] : Path.Combine(media, "talking_head", "obama_weekly_address_clip_a.mp4");
        using var services = BenchSetup.Services();
        var options = services.GetRequiredService<IOptions<VisionOptions>>();
        using var portrait = ImageFile.Load(portraitPath);
        Console.WriteLine(FormattableString.Invariant($"portrait {Path.GetFileName(portraitPath)} {portrait.Width}x{portrait.Height}, video {Path.GetFileName(videoPath)}"));

        // Cold: a fresh engine, its model read, then the first face.
        var watch = Stopwatch.StartNew();
        using var blaze = new BlazeFaceDetector(options);
        var detection = blaze.Detect(portrait)[0];
        Report("BlazeFace detection", "cold", watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        var dlib = new DlibLandmarkEngine(options);
        var dlibFace = dlib.LocateInBox(portrait, detection.Box);
        Report("dlib 68 landmarks", "cold", watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        using var mesh = new FaceMeshEngine(options);
        var meshFace = mesh.LocateInBox(portrait, detection.Box, LandmarkPrecision.Tracking);
        Report("mesh 468 landmarks", "cold", watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        using var haar = new HaarFaceDetector(options);
        haar.Detect(portrait);
        Report("Haar detection", "cold", watch.Elapsed.TotalMilliseconds);

        // Warm: the median of many calls on the same face.
        Report("BlazeFace detection", "warm", Median(200, () => blaze.Detect(portrait)));
        Report("Haar detection", "warm", Median(10, () => haar.Detect(portrait)));
        var box = dlibFace.Box;
        Report("dlib 68 landmarks", "warm", Median(500, () => dlib.LocateInBox(portrait, box)));
        Report("mesh 468 landmarks", "warm", Median(300, () => mesh.Follow(portrait, meshFace)));
        Report("mesh 468 landmarks, still", "warm", Median(20, () => mesh.LocateInBox(portrait, box)));

        // Tracking: decoding alone, then decoding + tracking with each engine.
        var decoder = services.GetRequiredService<MediaDecoder>();
        var analyzer = services.GetRequiredService<FaceAnalyzer>();
        for (var round = 0; round < 2; round++)
        {
            watch.Restart();
            var frames = 0;
            await foreach (var frame in decoder.ReadFramesAsync(videoPath, FramePixelFormat.Rgba32, CancellationToken.None))
            {
                frame.Dispose();
                frames++;
            }

            var decodeFps = frames / watch.Elapsed.TotalSeconds;
            Console.WriteLine(FormattableString.Invariant($"decoding alone: {frames} frames, {decodeFps:0} fps"));
            foreach (var engine in new[] { LandmarkEngineKind.Dlib, LandmarkEngineKind.Mesh })
            {
                watch.Restart();
                var tracked = 0;
                await foreach (var faces in analyzer.TrackVideoAsync(videoPath, new FaceAnalysisRequest(engine), null, CancellationToken.None))
                {
                    tracked += faces.Faces.Count > 0 ? 1 : 0;
                }

                var fps = frames / watch.Elapsed.TotalSeconds;
                Console.WriteLine(FormattableString.Invariant($"tracking with {engine.Name()}: {tracked}/{frames} frames with a face, {fps:0} fps ({fps / decodeFps:0.00}× decoding alone)"));
            }
        }

        return 0;
    }

    private static double Median(int runs, Action action)
    {
        for (var i = 0; i < Math.Min(50, runs); i++)
        {
            action();
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }

    private static void Report(string what, string state, double milliseconds)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-30} {state}: {milliseconds,8:0.00} ms"));
}
