using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Media;
using Talkie.Speech;
using Talkie.Speech.Recognition;
using Talkie.Speech.Visemes;

namespace Talkie.Cli;

/// <summary><c>talkie visemes</c>: the timed mouth-shape track in Rhubarb Lip Sync's formats.</summary>
internal static class VisemesCommand
{
    public static Command Create()
    {
        var text = new Option<string?>("--text", "-t") { Description = "What to say (text or SSML)" };
        var script = new Option<FileInfo?>("--script", "-s") { Description = "A script file (.txt or .ssml)" };
        var voice = new Option<string?>("--voice") { Description = "Voice id (see `talkie voices`)" };
        var lang = new Option<string?>("--lang", "-l") { Description = "Language, e.g. en, es" };
        var format = new Option<string>("--format", "-f") { Description = "json or tsv (Rhubarb's formats)", DefaultValueFactory = _ => "json" };
        var fps = new Option<double>("--fps") { Description = "Frame rate of the animation: no shape is shorter than one frame", DefaultValueFactory = _ => 25 };
        var shapes = new Option<string>("--extended-shapes") { Description = "Which of G, H, X to use, as in Rhubarb (e.g. GHX, X, or \"\")", DefaultValueFactory = _ => "GHX" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the cues here instead of stdout" };
        var wav = new Option<FileInfo?>("--wav") { Description = "Also write the synthesized speech as a WAV file" };
        var audio = new Option<FileInfo?>("--audio", "-a") { Description = "A recording to read the mouth shapes from (any format ffmpeg reads) instead of a script" };
        var transcript = new Option<FileInfo?>("--transcript", "--dialog", "-d") { Description = "The words spoken in --audio (aligned instead of recognized; more accurate)" };
        var command = new Command("visemes", "Print the timed mouth shapes (Rhubarb Lip Sync's A–H, X) of a script's speech or of a recording")
        {
            text, script, audio, transcript, voice, lang, format, fps, shapes, output, wav,
        };
        command.SetAction((parse, cancellationToken) => TalkieCommand.GuardAsync(async () =>
        {
            var json = (parse.GetValue(format) ?? "json").Trim().ToLowerInvariant() switch
            {
                "json" => true,
                "tsv" => false,
                var other => throw new InvalidInputException($"format '{other}' is not one of json, tsv"),
            };
            var frameRate = parse.GetValue(fps);
            if (frameRate is < 1 or > 240)
            {
                throw new InvalidInputException("--fps must be between 1 and 240");
            }

            var extended = parse.GetValue(shapes) ?? "GHX";
            if (extended.Any(c => "GHXghx".IndexOf(c, StringComparison.Ordinal) < 0))
            {
                throw new InvalidInputException($"--extended-shapes '{extended}' may only hold the letters G, H and X");
            }

            var recording = parse.GetValue(audio);
            if (recording is not null && (parse.GetValue(text) is not null || parse.GetValue(script) is not null))
            {
                throw new InvalidInputException("give either a script (--text or --script) or a recording (--audio), not both");
            }

            if (recording is null && parse.GetValue(transcript) is not null)
            {
                throw new InvalidInputException("--transcript (--dialog) goes with --audio: it names the words spoken in the recording");
            }

            if (recording is not null && parse.GetValue(wav) is not null)
            {
                throw new InvalidInputException("--wav writes synthesized speech; with --audio the recording is the sound");
            }

            var source = recording is null ? ScriptInput.Read(parse.GetValue(text), parse.GetValue(script)) : null;
            var transcriptText = parse.GetValue(transcript) is { } transcriptFile ? ScriptInput.Read(null, transcriptFile) : null;
            if (recording is not null)
            {
                AudioInput.Check(recording);
            }

            using var pendingCues = parse.GetValue(output) is { } cuesFile ? PendingOutput.Begin(cuesFile.FullName) : null;
            using var pendingWav = parse.GetValue(wav) is { } wavFile ? PendingOutput.Begin(wavFile.FullName) : null;
            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose), "visemes");
            var options = new VisemeOptions { FrameRate = frameRate, ExtendedShapes = extended };
            VisemeTrack track;
            Dictionary<string, string> metadata;
            if (recording is not null)
            {
                var analyzer = services.GetRequiredService<SpeechAnalyzer>();
                var timed = await analyzer.TimeSpeechAsync(recording.FullName, transcriptText, parse.GetValue(lang), null, cancellationToken).ConfigureAwait(false);
                track = VisemeTrackBuilder.Build(timed.Phones, timed.Duration, options);
                metadata = new Dictionary<string, string>
                {
                    ["soundFile"] = recording.FullName,
                    ["generator"] = "talkie",
                    ["timing"] = timed.Method.ToString().ToLowerInvariant(),
                };
                if (timed.Phones.Count == 0)
                {
                    await Console.Error.WriteLineAsync($"note: no speech found in {recording.Name}: the track is the rest shape throughout").ConfigureAwait(false);
                }

                foreach (var note in timed.Notes)
                {
                    await Console.Error.WriteLineAsync($"note: {note}").ConfigureAwait(false);
                }
            }
            else
            {
                var catalog = services.GetRequiredService<VoiceCatalog>();
                var parsed = ScriptParser.Parse(source!, new ScriptLimits { MaxWords = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SpeechOptions>>().Value.MaxScriptWords });
                var chosen = catalog.Resolve(parse.GetValue(voice), parse.GetValue(lang) ?? parsed.Language);
                using var narration = await catalog.SynthesizeAsync(parsed, chosen, cancellationToken).ConfigureAwait(false);
                track = VisemeTrackBuilder.Build(narration.Phones, narration.Duration, options);
                metadata = new Dictionary<string, string>
                {
                    ["soundFile"] = parse.GetValue(wav)?.FullName ?? string.Empty,
                    ["generator"] = "talkie",
                    ["voice"] = chosen.Id,
                    ["language"] = chosen.Language,
                };
                if (pendingWav is not null)
                {
                    WavFile.Write(pendingWav.TemporaryPath, narration.Audio);
                    pendingWav.Commit();
                }
            }

            var rest = extended.Contains('X', StringComparison.OrdinalIgnoreCase) ? Viseme.X : Viseme.A;
            var body = json ? RhubarbFormat.ToJson(track, metadata) + "\n" : RhubarbFormat.ToTsv(track, rest);

            if (pendingCues is not null)
            {
                await File.WriteAllTextAsync(pendingCues.TemporaryPath, body, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
                pendingCues.Commit();
            }
            else
            {
                await Console.Out.WriteAsync(body).ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }
}
