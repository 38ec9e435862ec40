using System.CommandLine;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Composition.Captions;
using Talkie.Media;
using Talkie.Speech;
using Talkie.Speech.Recognition;

namespace Talkie.Cli;

/// <summary><c>talkie transcribe</c>: speech recognition with word times, as JSON, SRT, WebVTT or text.</summary>
internal static class TranscribeCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "Recordings (any format ffmpeg reads, or a video); several are transcribed side by side", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format", "-f") { Description = "json, srt, vtt or text", DefaultValueFactory = _ => "json" };
        var lang = new Option<string>("--lang", "-l") { Description = "The language spoken (recognition has an English model)", DefaultValueFactory = _ => "en" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write here instead of stdout (one input); with several inputs each result goes beside its input" };
        var command = new Command("transcribe", "Recognize the speech in recordings, with word times and confidences") { files, format, lang, output };
        command.SetAction((parse, cancellationToken) => TalkieCommand.GuardAsync(async () =>
        {
            var kind = (parse.GetValue(format) ?? "json").Trim().ToLowerInvariant();
            if (kind is not ("json" or "srt" or "vtt" or "text"))
            {
                throw new InvalidInputException($"format '{kind}' is not one of json, srt, vtt, text");
            }

            var inputs = parse.GetValue(files)!;
            foreach (var input in inputs)
            {
                AudioInput.Check(input);
            }

            var target = parse.GetValue(output);
            if (target is not null && inputs.Length > 1)
            {
                throw new InvalidInputException("--output names one file; with several inputs each transcript is written beside its input");
            }

            using var pending = target is null ? null : PendingOutput.Begin(target.FullName);
            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose), "transcribe");
            var recognizer = services.GetRequiredService<ISpeechRecognizer>();
            var options = new TranscriptionOptions { Language = parse.GetValue(lang) ?? "en" };
            var extension = kind == "text" ? "txt" : kind;

            // Files are transcribed side by side: each keeps a decoder busy, and the models stay loaded.
            var results = new Transcript[inputs.Length];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, inputs.Length),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount), CancellationToken = cancellationToken },
                async (i, token) => results[i] = await recognizer.TranscribeAsync(inputs[i].FullName, options, null, token).ConfigureAwait(false)).ConfigureAwait(false);

            for (var i = 0; i < inputs.Length; i++)
            {
                var body = Format(results[i], kind);
                if (results[i].Segments.Count == 0)
                {
                    await Console.Error.WriteLineAsync($"note: no speech found in {inputs[i].Name}").ConfigureAwait(false);
                }

                if (pending is not null)
                {
                    await File.WriteAllTextAsync(pending.TemporaryPath, body, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
                    pending.Commit();
                }
                else if (inputs.Length > 1)
                {
                    var beside = Path.ChangeExtension(inputs[i].FullName, extension);
                    using var file = PendingOutput.Begin(beside);
                    await File.WriteAllTextAsync(file.TemporaryPath, body, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
                    file.Commit();
                    Console.WriteLine($"Wrote {beside}");
                }
                else
                {
                    await Console.Out.WriteAsync(body).ConfigureAwait(false);
                }
            }

            return 0;
        }));
        return command;
    }

    internal static string Format(Transcript transcript, string kind)
    {
        switch (kind)
        {
            case "text":
                return transcript.Text + "\n";
            case "srt":
            case "vtt":
                var words = transcript.Segments
                    .SelectMany(s => s.Words.Select((w, i) => new WordEvent(w.Start, w.End, w.Word) { EndsSentence = i == s.Words.Count - 1 }))
                    .ToList();
                var cues = CaptionBuilder.Build(words);
                return kind == "srt" ? CaptionBuilder.ToSrt(cues) : CaptionBuilder.ToWebVtt(cues);
            default:
                var document = new
                {
                    language = transcript.Language,
                    duration = Round(transcript.Duration),
                    segments = transcript.Segments.Select(s => new
                    {
                        start = Round(s.Start),
                        end = Round(s.End),
                        text = s.Text,
                        words = s.Words.Select(w => new { start = Round(w.Start), end = Round(w.End), word = w.Word, confidence = Math.Round(w.Confidence, 3) }),
                    }),
                };
                return JsonSerializer.Serialize(document, Json) + "\n";
        }
    }

    private static double Round(TimeSpan time) => Math.Round(time.TotalSeconds, 2);
}
