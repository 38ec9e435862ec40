using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Talkie.Avatars;
using Talkie.Avatars.Photo;
using Talkie.Avatars.Trained;
using Talkie.Composition;
using Talkie.Composition.Captions;
using Talkie.Media;
using Talkie.Speech;

namespace Talkie.Benchmarks;

/// <summary>
/// Renders a 60-second script at 1280x720@25 and compares the wall time with ffmpeg alone encoding the
/// same number of frames (raw frames piped, same preset, same audio) in the same run. Prints both,
/// their ratio, and the peak memory of this process.
/// </summary>
internal static class RenderBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        using var services = BenchSetup.Services();
        var avatar = services.GetRequiredService<AvatarCatalog>().Resolve("stock:ava");
        var scene = new SceneSpec { Width = 1280, Height = 720, FrameRate = 25, Placement = Placement.Left, Title = "Quarterly update", LowerThird = "Ava", LowerThirdSubtitle = "Presenter", Captions = CaptionMode.Burn };
        return await RunAsync(services, avatar, scene, rounds);
    }

    /// <summary>
    /// `photo [PORTRAIT] [ROUNDS]`: the same script rendered by a photo avatar (head and shoulders, no
    /// titles), after timing the portrait's analysis (cold: no cache).
    /// </summary>
    public static async Task<int> RunPhotoAsync(string[] args)
    {
        var media = Environment.GetEnvironmentVariable("TALKIE_SHARED_MEDIA") ?? "/work/shared/media";
        var portrait = args.Length > 0 ? args[0] : Path.Combine(media, "portraits", "obama_official_portrait_2012.jpg");
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        using var cache = new TempFolder();
        Environment.SetEnvironmentVariable("Talkie__Avatars__Photo__CacheDirectory", cache.Path);
        using var services = BenchSetup.Services();
        var photos = services.GetRequiredService<PhotoAvatarFactory>();

        // Cold: the face models load and the photo is analysed; then warm (another analysis, no cache hit).
        var clock = Stopwatch.StartNew();
        using (await photos.CreateAsync(portrait, PhotoFraming.Head, allowSmallFace: true, CancellationToken.None))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"photo analysis of {Path.GetFileName(portrait)}, cold (models loading): {clock.Elapsed.TotalSeconds:0.00} s"));
        }

        var analyzer = services.GetRequiredService<PhotoAnalyzer>();
        foreach (var file in Directory.GetFiles(cache.Path))
        {
            File.Delete(file);
        }

        clock.Restart();
        await analyzer.AnalyzeAsync(portrait, allowSmallFace: true, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"photo analysis, warm (models loaded, not cached): {clock.Elapsed.TotalSeconds:0.00} s"));
        clock.Restart();
        using var avatar = await photos.CreateAsync(portrait, PhotoFraming.Head, allowSmallFace: true, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"photo avatar from the cached analysis: {clock.Elapsed.TotalSeconds:0.00} s"));

        var scene = new SceneSpec { Width = 1280, Height = 720, FrameRate = 25, Placement = Placement.Full, Captions = CaptionMode.None };
        return await RunAsync(services, avatar, scene, rounds);
    }

    /// <summary>
    /// `trained [VIDEO] [ROUNDS]`: training speed on two minutes of footage, then the render benchmark
    /// (1280x720) with the trained avatar. Without VIDEO, the footage is the shared 8-second clip played
    /// forward and backward (a continuous shot, sound included) for 120 s.
    /// </summary>
    public static async Task<int> RunTrainedAsync(string[] args)
    {
        var media = Environment.GetEnvironmentVariable("TALKIE_SHARED_MEDIA") ?? "/work/shared/media";
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        using var work = new TempFolder();
        var given = args.Length > 0 && args[0].Length > 0;
        var footage = given ? args[0] : Path.Combine(work.Path, "two-minutes.mp4");
        if (!given)
        {
            var clip = Path.Combine(media, "talking_head", "wda_alexandria_ocasio_cortez_000.mp4");
            var palindrome = Path.Combine(work.Path, "palindrome.mp4");
            await Testing.Ffmpeg.RunAsync("-i", clip, "-filter_complex", "[0:v]split[a][b];[b]reverse[r];[a][r]concat=n=2:v=1:a=0[v];[0:a]asplit[c][d];[d]areverse[e];[c][e]concat=n=2:v=0:a=1[s]", "-map", "[v]", "-map", "[s]", "-c:v", "libx264", "-crf", "14", "-c:a", "aac", palindrome);
            await Testing.Ffmpeg.RunAsync("-stream_loop", "7", "-i", palindrome, "-t", "120", "-c", "copy", footage);
        }

        Environment.SetEnvironmentVariable("Talkie__Avatars__Trained__Directory", Path.Combine(work.Path, "avatars"));
        using var services = BenchSetup.Services();
        var probe = await services.GetRequiredService<MediaProbe>().ProbeAsync(footage, CancellationToken.None);
        var seconds = probe.Duration?.TotalSeconds ?? 0;
        var clock = Stopwatch.StartNew();
        var trained = await services.GetRequiredService<AvatarTrainer>().TrainAsync(footage, "bench", "en", null, CancellationToken.None);
        var training = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training on {seconds:0.0} s of footage ({trained.Manifest.Width}x{trained.Manifest.Height}@{trained.Manifest.FrameRate}): {training:0.0} s = {training / seconds:0.000} s per second of footage (target <= 0.5); {trained.Model.Loops.Jumps.Count} loop points"));
        Console.WriteLine("(peak memory below includes the speech and face models training loaded into this process; `/usr/bin/time -v talkie create --avatar ...` measures a render alone)");
        var avatar = services.GetRequiredService<AvatarCatalog>().Resolve("trained:bench");
        var scene = new SceneSpec { Width = 1280, Height = 720, FrameRate = 25, Placement = Placement.Full, Captions = CaptionMode.None };
        return await RunAsync(services, avatar, scene, rounds);
    }

    private static async Task<int> RunAsync(ServiceProvider services, IAvatar avatar, SceneSpec scene, int rounds)
    {
        int width = scene.Width, height = scene.Height, fps = scene.FrameRate;
        var voices = services.GetRequiredService<VoiceCatalog>();
        var encoder = services.GetRequiredService<VideoEncoder>();
        var renderer = services.GetRequiredService<VideoRenderer>();
        var threads = services.GetRequiredService<IOptions<CompositionOptions>>().Value.RenderThreads;
        var preset = services.GetRequiredService<IOptions<MediaOptions>>().Value.X264Preset;

        var speechClock = Stopwatch.StartNew();
        var script = ScriptParser.Parse(BenchSetup.Script);
        using var narration = await voices.SynthesizeAsync(script, voices.Resolve(null, "en", avatar.Gender), CancellationToken.None);
        speechClock.Stop();

        var frames = (long)Math.Ceiling(narration.Duration.TotalSeconds * fps);
        var duration = TimeSpan.FromSeconds((double)frames / fps);
        narration.Audio.SetLength((int)Math.Round(duration.TotalSeconds * narration.Audio.SampleRate));
        var performance = BenchSetup.Performance(narration, duration, fps);
        var captions = scene.Captions == CaptionMode.Burn ? CaptionBuilder.Build(narration.Words) : [];

        using var work = new TempFolder();
        var wav = Path.Combine(work.Path, "narration.wav");
        WavFile.Write(wav, narration.Audio);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Script: {script.WordCount} words, {duration.TotalSeconds:0.0} s of speech ({frames} frames at {width}x{height}@{fps}); speech synthesized in {speechClock.Elapsed.TotalSeconds:0.00} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{avatar.Kind} avatar {avatar.Name}; x264 preset {preset}; {threads} render thread(s); {Environment.ProcessorCount} cores; {rounds} rounds each, best kept"));

        // Talkie first, so its peak memory is not mixed with the baseline's frames held in memory.
        var renderTimes = new List<double>();
        var renderPeaks = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            ResetPeakMemory();
            var clock = Stopwatch.StartNew();
            await renderer.RenderAsync(scene, () => new Compositor(scene, avatar.CreateRenderer(performance), captions, duration), frames, wav, Path.Combine(work.Path, "render.mp4"), threads, null, CancellationToken.None);
            renderTimes.Add(clock.Elapsed.TotalSeconds);
            renderPeaks.Add(PeakMemoryMiB());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Talkie render, round {round + 1}: {renderTimes[^1]:0.00} s, peak {renderPeaks[^1]:0} MiB"));
        }

        // The baseline's frames: the first five seconds of the real render, kept in memory and cycled,
        // so ffmpeg encodes the same kind of pictures without any drawing.
        var ring = new List<byte[]>();
        using (var compositor = new Compositor(scene, avatar.CreateRenderer(performance), captions, duration))
        {
            for (var i = 0; i < 125; i++)
            {
                using var frame = VideoFrame.Rent(width, height, Compositor.PixelFormat, i);
                compositor.Render(frame, TimeSpan.FromSeconds((double)i / fps));
                ring.Add(frame.Pixels.ToArray());
            }
        }

        var encodeTimes = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            await encoder.EncodeAsync(new VideoEncodeSettings(Path.Combine(work.Path, "baseline.mp4"), width, height, fps) { AudioPath = wav }, Cycle(ring, frames, width, height), CancellationToken.None);
            encodeTimes.Add(clock.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ffmpeg alone, round {round + 1}: {encodeTimes[^1]:0.00} s"));
        }

        var render = renderTimes.Min();
        var encode = encodeTimes.Min();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ffmpeg alone (same frames, same preset): {encode:0.00} s ({frames / encode:0} fps)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Talkie render (draw + encode):           {render:0.00} s ({frames / render:0} fps, {duration.TotalSeconds / render:0.0}x real time)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio render / ffmpeg alone:             {render / encode:0.00} (target <= 1.50)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak memory while rendering:             {renderPeaks.Max():0} MiB (this process; ffmpeg not included)"));
        return 0;
    }

    /// <summary>Resets the kernel's peak-RSS counter of this process (Linux: writing 5 to clear_refs).</summary>
    private static void ResetPeakMemory()
    {
        // Aggressive: the heap left over from earlier work (a training in this process) is given back
        // to the system, so it does not count as the render's.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Reads the peak resident memory (VmHWM) of this process.</summary>
    private static double PeakMemoryMiB()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kb = line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024;
    }

    private static ChannelReader<VideoFrame> Cycle(List<byte[]> ring, long count, int width, int height)
    {
        var channel = Channel.CreateBounded<VideoFrame>(3);
        _ = Task.Run(async () =>
        {
            for (long i = 0; i < count; i++)
            {
                var frame = VideoFrame.Rent(width, height, Compositor.PixelFormat, i);
                ring[(int)(i % ring.Count)].CopyTo(frame.Pixels);
                await channel.Writer.WriteAsync(frame);
            }

            channel.Writer.Complete();
        });
        return channel.Reader;
    }

    internal sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("talkie-bench-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
