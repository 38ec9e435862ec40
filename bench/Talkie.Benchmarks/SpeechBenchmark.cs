using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Speech.Recognition;

namespace Talkie.Benchmarks;

/// <summary>
/// Speed of recognition and alignment on the shared recordings: real-time factors per file (models
/// already loaded), and the throughput of a batch from a cold start (model loading included and
/// amortized over the batch, files decoded side by side).
/// </summary>
internal static class SpeechBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var media = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("TALKIE_SHARED_MEDIA") ?? "/work/shared/media";
        var transcripts = (await File.ReadAllLinesAsync(Path.Combine(media, "speech", "transcripts.tsv"))).Skip(1).Select(l => l.Split('\t')).ToList();
        var english = transcripts.Where(t => t[1] == "en").Select(t => (Path: Path.Combine(media, "speech", t[0]), Text: t[2])).ToList();
        var all = transcripts.Select(t => Path.Combine(media, "speech", t[0]))
            .Concat(Directory.GetFiles(Path.Combine(media, "talking_head")).Order(StringComparer.Ordinal))
            .ToList();

        // A batch: every shared recording three times over (as a user's folder of clips would be).
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var batch = Enumerable.Repeat(all, rounds).SelectMany(x => x).ToList();
        var alignBatch = Enumerable.Repeat(english, rounds).SelectMany(x => x).ToList();

        // Cold batch: a new process's services, nothing loaded yet.
        double batchSeconds, batchAudio;
        using (var services = BenchSetup.Services())
        {
            var analyzer = services.GetRequiredService<SpeechAnalyzer>();
            var clock = Stopwatch.StartNew();
            var durations = new double[batch.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, token) =>
            {
                var language = Path.GetFileName(batch[i]).StartsWith("zh_", StringComparison.Ordinal) ? "zh" : null;
                var timed = await analyzer.TimeSpeechAsync(batch[i], null, language, null, token);
                durations[i] = timed.Duration.TotalSeconds;
            });
            batchSeconds = clock.Elapsed.TotalSeconds;
            batchAudio = durations.Sum();
        }

        double alignBatchSeconds, alignBatchAudio;
        using (var services = BenchSetup.Services())
        {
            var analyzer = services.GetRequiredService<SpeechAnalyzer>();
            var clock = Stopwatch.StartNew();
            var durations = new double[alignBatch.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, alignBatch.Count), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, token) =>
                durations[i] = (await analyzer.AlignAsync(alignBatch[i].Path, alignBatch[i].Text, null, token)).Duration.TotalSeconds);
            alignBatchSeconds = clock.Elapsed.TotalSeconds;
            alignBatchAudio = durations.Sum();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cold batch, no transcript ({batch.Count} files, {batchAudio:0.0} s of audio, model loading included): {batchSeconds:0.00} s = {batchAudio / batchSeconds:0.0}x real time"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cold batch, with transcripts ({alignBatch.Count} files, {alignBatchAudio:0.0} s, model loading included): {alignBatchSeconds:0.00} s = {alignBatchAudio / alignBatchSeconds:0.0}x real time"));

        // Per file, warm (models loaded), one at a time.
        using var warm = BenchSetup.Services();
        var warmAnalyzer = warm.GetRequiredService<SpeechAnalyzer>();
        await warmAnalyzer.TimeSpeechAsync(english[0].Path, english[0].Text, null, null, CancellationToken.None);
        await warmAnalyzer.TimeSpeechAsync(english[0].Path, null, null, null, CancellationToken.None);
        Console.WriteLine("Per file, models loaded, one file at a time (real-time factor = processing time / audio time):");
        Console.WriteLine("  file                                       audio   transcribe   align (transcript)   phones only");
        foreach (var file in all)
        {
            var text = english.FirstOrDefault(e => e.Path == file).Text;
            var isMandarin = Path.GetFileName(file).StartsWith("zh_", StringComparison.Ordinal);
            var clock = Stopwatch.StartNew();
            var timed = await warmAnalyzer.TimeSpeechAsync(file, null, isMandarin ? "zh" : null, null, CancellationToken.None);
            var recognize = clock.Elapsed.TotalSeconds;
            string align = "-";
            if (text is not null)
            {
                clock.Restart();
                await warmAnalyzer.AlignAsync(file, text, null, CancellationToken.None);
                align = (clock.Elapsed.TotalSeconds / timed.Duration.TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture);
            }

            clock.Restart();
            await warmAnalyzer.TimeSpeechAsync(file, null, "xx", null, CancellationToken.None);
            var phones = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {Path.GetFileName(file),-42} {timed.Duration.TotalSeconds,5:0.0} s   {(isMandarin ? "-" : (recognize / timed.Duration.TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture)),10}   {align,18}   {phones / timed.Duration.TotalSeconds,11:0.000}"));
        }

        return 0;
    }
}
