using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Localization;
using Talkie.Localization.Translation;

namespace Talkie.Cli;

/// <summary><c>talkie localize</c> (dub a video into another language) and <c>talkie languages</c>.</summary>
internal static class LocalizeCommands
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Localize()
    {
        var video = new Argument<FileInfo?>("VIDEO") { Description = "The video to dub: a person speaking (never modified)", Arity = ArgumentArity.ZeroOrOne };
        var to = new Option<string?>("--to") { Description = "The language of the dub (talkie languages lists them), e.g. es" };
        var from = new Option<string?>("--from") { Description = "The language spoken in the video (default en)" };
        var voice = new Option<string?>("--voice") { Description = "The dub's voice (talkie voices --lang LANG); default: one matched to the speaker" };
        var timing = new Option<string?>("--timing") { Description = "keep (default): fit each sentence into its original slot (the video keeps its length); stretch-video: hold the picture where the dub runs long" };
        var transcript = new Option<FileInfo?>("--transcript") { Description = "What is said: subtitles (SRT, WebVTT; any language) or plain text (English); instead of recognition" };
        var glossary = new Option<FileInfo?>("--glossary") { Description = "Terms to keep (one per line) or to translate a fixed way (term = translation)" };
        var review = new Option<bool>("--review") { Description = "Stop after translating: write the project (JSON) and subtitles to edit, then render with --project" };
        var project = new Option<FileInfo?>("--project") { Description = "Render a reviewed project instead of a video" };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The dubbed MP4 (subtitles and the project are written beside it)", Required = true };
        var format = new Option<string>("--format") { Description = "text or json (the report)", DefaultValueFactory = _ => "text" };
        var command = new Command("localize", "Dub a video into another language: translated speech in a voice matched to the speaker, fitted to the timing, the mouth re-synced")
        {
            video, to, from, voice, timing, transcript, glossary, review, project, output, format,
        };
        command.SetAction((parse, cancellationToken) => TalkieCommand.GuardAsync(async () =>
        {
            var json = CatalogCommands.IsJson(parse.GetValue(format));
            if (parse.GetValue(video) is null == (parse.GetValue(project) is null))
            {
                throw new InvalidInputException("give either the VIDEO to dub or --project FILE (a reviewed project), not both or neither");
            }

            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose), job: "localize");
            var localizer = services.GetRequiredService<Localizer>();
            var request = new LocalizationRequest
            {
                VideoPath = parse.GetValue(video)?.FullName,
                ProjectPath = parse.GetValue(project)?.FullName,
                OutputPath = parse.GetValue(output)!.FullName,
                From = parse.GetValue(from),
                To = parse.GetValue(to),
                Voice = parse.GetValue(voice),
                Timing = ParseTiming(parse.GetValue(timing)),
                TranscriptPath = parse.GetValue(transcript)?.FullName,
                GlossaryPath = parse.GetValue(glossary)?.FullName,
                Review = parse.GetValue(review),
            };
            LocalizationResult result;
            try
            {
                result = await ProgressDisplay.RunStagesAsync<LocalizationStage, LocalizationResult>(
                    Label,
                    LocalizationStage.Checking,
                    progress => localizer.LocalizeAsync(request, new Progress<LocalizationProgress>(p => progress.Report((p.Stage, p.Fraction))), cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                TalkieCommand.WriteError("cancelled; no video was written, and the finished stages are kept: run the same command again to pick up from there");
                return TalkieCommand.Cancelled;
            }
            foreach (var note in result.Notes)
            {
                await Console.Error.WriteLineAsync($"note: {note}").ConfigureAwait(false);
            }

            var report = result.Report;
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { result.Video, result.Project, result.Subtitles, result.Notes, Report = report, StageSeconds = report.Stages.ToDictionary(s => s.Key.ToString().ToLowerInvariant(), s => Math.Round(s.Value.TotalSeconds, 2)) }, Json));
                return 0;
            }

            if (result.Video is null)
            {
                Console.WriteLine($"Wrote the project {result.Project} ({report.Segments} segments) and the subtitles {string.Join(", ", result.Subtitles.Select(Path.GetFileName))}.");
                Console.WriteLine("Fix the recognized text (\"source\") and the translation (\"target\") there; a corrected source whose target you leave alone is translated again. Then:");
                Console.WriteLine($"  talkie localize --project {result.Project} -o {request.OutputPath}");
                return 0;
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Wrote {result.Video} ({report.Duration.TotalSeconds:0.0} s, {report.Segments} segments, voice {report.Voice}, pitch {report.DubPitch:0} Hz for the speaker's {report.SpeakerPitch:0} Hz, mouth {(report.LipSync ? "re-synced" : "as it was")})"));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Voice against the speaker: pitch range {report.DubPitchRange:0.0} against {report.SpeakerPitchRange:0.0} semitones, {report.DubSyllableRate:0.0} against {report.SpeakerSyllableRate:0.0} syllables a second, formants x{report.FormantScale:0.00}"));
            Console.WriteLine($"Subtitles: {string.Join(", ", result.Subtitles.Select(Path.GetFileName))}; project: {Path.GetFileName(result.Project)}");
            Console.WriteLine(string.Join(", ", report.Stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key.ToString().ToLowerInvariant()} {s.Value.TotalSeconds:0.0} s"))));
            return 0;
        }));
        return command;
    }

    public static Command Languages()
    {
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        var command = new Command("languages", "List the directions a video can be dubbed in (talkie localize)") { format };
        command.SetAction(parse => TalkieCommand.GuardAsync(() =>
        {
            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose));
            var directions = services.GetRequiredService<Localizer>().Directions();
            if (directions.Count == 0)
            {
                throw new InvalidInputException("no translation pairs are installed: run ./talkie setup (it installs apertium and its English pairs)");
            }

            if (CatalogCommands.IsJson(parse.GetValue(format)))
            {
                Console.WriteLine(JsonSerializer.Serialize(directions.Select(d => new { d.Direction.From, d.Direction.To, Engine = d.Direction.Engine, Pair = d.Direction.Name, d.NeedsTranscript }), Json));
                return Task.FromResult(0);
            }

            Console.WriteLine("from\tto\tsource speech");
            foreach (var (direction, needsTranscript) in directions)
            {
                Console.WriteLine($"{direction.From} ({LanguageCodes.NameOf(direction.From)})\t{direction.To} ({LanguageCodes.NameOf(direction.To)})\t{(needsTranscript ? "give --transcript (subtitles)" : "recognized, or --transcript")}");
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    // Not given: a new dub keeps the timing, a project keeps its own setting.
    private static DubTiming? ParseTiming(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "keep" => DubTiming.Keep,
        "stretch-video" => DubTiming.StretchVideo,
        var other => throw new InvalidInputException($"--timing '{other}' is not one of keep, stretch-video"),
    };

    private static string Label(LocalizationStage stage) => stage switch
    {
        LocalizationStage.Checking => "Checking the video",
        LocalizationStage.Listening => "Listening to the speech",
        LocalizationStage.Translating => "Translating",
        LocalizationStage.Voicing => "Voicing the translation",
        LocalizationStage.Tracking => "Learning the speaker's mouth",
        _ => "Re-syncing the mouth",
    };
}
