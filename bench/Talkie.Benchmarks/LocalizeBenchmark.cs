using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Localization;
using Talkie.Media;

namespace Talkie.Benchmarks;

/// <summary>
/// Dubbing speed: a minute of 720p video of one person talking (made from the shared Obama clip: its
/// picture played forward then backward, so there is no cut, under its sound repeated) dubbed English →
/// Spanish end to end, with each stage's wall time. The target is the dub within 60 s.
/// </summary>
internal static class LocalizeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var media = Environment.GetEnvironmentVariable("TALKIE_SHARED_MEDIA") ?? "/work/shared/media";
        using var work = new RenderBenchmark.TempFolder();
        var given = args.Length > 0 && args[0].Length > 0;
        var input = given ? args[0] : Path.Combine(work.Path, "minute.mp4");
        if (!given)
        {
            var clip = Path.Combine(media, "talking_head", "obama_weekly_address_clip_a.mp4");
            var palindrome = Path.Combine(work.Path, "palindrome.mp4");
            await Testing.Ffmpeg.RunAsync("-i", clip, "-filter_complex", "[0:v]split[a][b];[b]reverse[r];[a][r]concat=n=2:v=1:a=0[v];[0:a][0:a]concat=n=2:v=0:a=1[s]", "-map", "[v]", "-map", "[s]", "-c:v", "libx264", "-crf", "16", "-c:a", "aac", palindrome);
            await Testing.Ffmpeg.RunAsync("-stream_loop", "7", "-i", palindrome, "-t", "60", "-c", "copy", input);
        }

        using var services = BenchSetup.Services();
        var info = await services.GetRequiredService<MediaProbe>().ProbeAsync(input, CancellationToken.None);
        var seconds = info.Duration?.TotalSeconds ?? 0;
        var clock = Stopwatch.StartNew();
        var result = await services.GetRequiredService<Localizer>().LocalizeAsync(
            new LocalizationRequest { VideoPath = input, To = "es", OutputPath = Path.Combine(work.Path, "minute.es.mp4") }, null, CancellationToken.None);
        var wall = clock.Elapsed.TotalSeconds;
        var report = result.Report;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dubbing {seconds:0.0} s of {info.Video!.Width}x{info.Video.Height}@{info.Video.FrameRate:0.##} en→es: {wall:0.0} s wall = {wall / seconds:0.00} s per second of video (target: the minute in <= 60 s); {report.Segments} segments, lip-sync {report.LipSync}"));
        foreach (var (stage, time) in report.Stages)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {stage,-12} {time.TotalSeconds,6:0.0} s"));
        }

        Console.WriteLine("(tracking runs beside listening, translating and voicing from the start; its time is its own wall time)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"voice: {report.Voice}, speaker {report.SpeakerPitch:0} Hz, dub {report.DubPitch:0} Hz, shift {report.PitchShift:+0.0;-0.0} st, formants x{report.FormantScale:0.00}; pitch range {report.DubPitchRange:0.0} against {report.SpeakerPitchRange:0.0} st; {report.DubSyllableRate:0.0} against {report.SpeakerSyllableRate:0.0} syllables/s"));
        foreach (var note in result.Notes)
        {
            Console.WriteLine($"note: {note}");
        }

        return 0;
    }
}
