using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Avatars;
using Talkie.Avatars.Photo;
using Talkie.Avatars.Trained;
using Talkie.Composition;

namespace Talkie.Cli;

/// <summary><c>talkie create</c> and <c>talkie demo</c>.</summary>
internal static class ProduceCommands
{
    public static Command Demo()
    {
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the MP4", DefaultValueFactory = _ => new FileInfo("talkie-demo.mp4") };
        var avatar = new Option<string?>("--avatar") { Description = "Presenter (stock:ava, stock:marcus, ...)" };
        var command = new Command("demo", "Render a short demo video with a stock presenter; needs no media of yours") { output, avatar };
        command.SetAction((parse, cancellationToken) => TalkieCommand.GuardAsync(async () =>
        {
            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose), "demo");
            var presenter = services.GetRequiredService<AvatarCatalog>().Resolve(parse.GetValue(avatar));
            var request = new VideoRequest
            {
                Script = DemoScript(presenter.Name),
                AvatarId = presenter.Id,
                OutputPath = parse.GetValue(output)!.FullName,
                Scene = new SceneSpec
                {
                    Placement = Placement.Left,
                    Title = "Meet your AI presenter",
                    LowerThird = presenter.Name,
                    LowerThirdSubtitle = "Talkie stock presenter",
                    Captions = CaptionMode.Burn,
                },
            };
            return await ProduceAsync(services, request, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    public static Command Create()
    {
        var text = new Option<string?>("--text", "-t") { Description = "The script as text, or SSML starting with <speak>" };
        var script = new Option<FileInfo?>("--script", "-s") { Description = "A script file: plain text (.txt) or SSML (.ssml)" };
        var audio = new Option<FileInfo?>("--audio") { Description = "Use a recording as the narration instead of a script (wav, mp3, m4a, flac, or a video's sound)" };
        var transcript = new Option<FileInfo?>("--transcript") { Description = "The words spoken in --audio (aligned instead of recognized; also gives the captions)" };
        var avatar = new Option<string?>("--avatar", "-a") { Description = "Presenter, e.g. stock:ava (see `talkie avatars`)" };
        var photo = new Option<FileInfo?>("--photo", "-p") { Description = "Animate a portrait as the presenter (JPEG, PNG or WebP of one face looking at the camera)" };
        var smallFace = new Option<bool>("--allow-small-face") { Description = "Animate a --photo whose eyes are fewer than 80 px apart (the video looks softer) instead of refusing it" };
        var framing = new Option<string>("--framing") { Description = "How a --photo fills the presenter's place: head (head and shoulders) or photo (the whole photo as it is)", DefaultValueFactory = _ => "head" };
        var voice = new Option<string?>("--voice") { Description = "Voice id (see `talkie voices`); default: the best voice for the language and presenter" };
        var lang = new Option<string?>("--lang", "-l") { Description = "Language, e.g. en, es, fr, de, ru, cmn" };
        var size = new Option<string?>("--size") { Description = "WIDTHxHEIGHT (even, up to 3840x2160) or 720p, 1080p, 4k, square, vertical; default 1280x720 (a trained avatar: its footage's size)" };
        var fps = new Option<int?>("--fps") { Description = "Frames per second: 24, 25, 30 or 60; default 25 (a trained avatar: its footage's rate)" };
        var background = new Option<string?>("--background", "-b") { Description = "A colour (#1e3a5f, navy), a gradient (#ffffff-#c8d4e3) or an image file" };
        var placement = new Option<string>("--placement") { Description = "full, left, right or circle", DefaultValueFactory = _ => "full" };
        var title = new Option<string?>("--title") { Description = "A title shown with the presenter" };
        var lowerThird = new Option<string?>("--lower-third") { Description = "A name bar: \"Name\" or \"Name|Role\"" };
        var captions = new Option<string>("--captions") { Description = "burn (into the picture, plus files), file (.vtt and .srt beside the video) or none", DefaultValueFactory = _ => "file" };
        var accent = new Option<string?>("--accent") { Description = "Accent colour for titles and name bars" };
        var seed = new Option<int?>("--seed") { Description = "Seed of blinks and head motion (default: from the script)" };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the MP4", Required = true };

        var command = new Command("create", "Make a video of a presenter speaking a script")
        {
            text, script, audio, transcript, avatar, photo, framing, smallFace, voice, lang, size, fps, background, placement, title, lowerThird, captions, accent, seed, output,
        };
        command.SetAction((parse, cancellationToken) => TalkieCommand.GuardAsync(async () =>
        {
            var recording = parse.GetValue(audio);
            if (recording is not null && (parse.GetValue(text) is not null || parse.GetValue(script) is not null))
            {
                throw new InvalidInputException("give either a script (--text or --script) or a recording (--audio), not both");
            }

            if (recording is null && parse.GetValue(transcript) is not null)
            {
                throw new InvalidInputException("--transcript goes with --audio: it names the words spoken in the recording");
            }

            var scriptText = recording is null ? ScriptInput.Read(parse.GetValue(text), parse.GetValue(script)) : null;
            var transcriptText = parse.GetValue(transcript) is { } transcriptFile ? ScriptInput.Read(null, transcriptFile) : null;
            if (recording is not null)
            {
                AudioInput.Check(recording);
            }

            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose), job: "create");

            // A trained avatar brings its own picture: by default the video keeps its shape and rate.
            var trained = parse.GetValue(avatar) is { } avatarId && parse.GetValue(photo) is null
                ? services.GetRequiredService<AvatarCatalog>().Resolve(avatarId) as TrainedAvatar
                : null;
            var (width, height) = parse.GetValue(size) is { } wanted
                ? SceneOptionParser.ParseSize(wanted)
                : trained is not null ? (trained.Manifest.Width, trained.Manifest.Height) : (1280, 720);
            var rate = parse.GetValue(fps) ?? (trained is { Manifest.FrameRate: 24 or 25 or 30 or 60 } ? trained.Manifest.FrameRate : 25);
            var scene = new SceneSpec
            {
                Width = width,
                Height = height,
                FrameRate = SceneOptionParser.ParseFrameRate(rate),
                Placement = SceneOptionParser.ParsePlacement(parse.GetValue(placement)!),
                Captions = SceneOptionParser.ParseCaptions(parse.GetValue(captions)!),
                Title = parse.GetValue(title),
            };
            if (parse.GetValue(background) is { } backdrop)
            {
                scene = scene with { Backdrop = SceneOptionParser.ParseBackdrop(backdrop) };
            }

            if (parse.GetValue(accent) is { } accentText)
            {
                scene = scene with { Accent = SceneOptionParser.ParseAccent(accentText) };
            }

            if (parse.GetValue(lowerThird) is { } bar)
            {
                var (name, role) = SceneOptionParser.ParseLowerThird(bar);
                scene = scene with { LowerThird = name, LowerThirdSubtitle = role };
            }

            var request = new VideoRequest
            {
                Script = scriptText,
                AudioPath = recording?.FullName,
                Transcript = transcriptText,
                AvatarId = parse.GetValue(avatar),
                PhotoPath = parse.GetValue(photo)?.FullName,
                PhotoFraming = PhotoFramings.Parse(parse.GetValue(framing)),
                AllowSmallFace = parse.GetValue(smallFace),
                VoiceId = parse.GetValue(voice),
                Language = parse.GetValue(lang),
                Scene = scene,
                OutputPath = parse.GetValue(output)!.FullName,
                Seed = parse.GetValue(seed),
            };
            return await ProduceAsync(services, request, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> ProduceAsync(IServiceProvider services, VideoRequest request, CancellationToken cancellationToken)
    {
        var producer = services.GetRequiredService<VideoProducer>();
        var result = await ProgressDisplay.RunAsync(progress => producer.ProduceAsync(request, progress, cancellationToken)).ConfigureAwait(false);
        var speed = result.Duration.TotalSeconds / Math.Max(0.001, result.RenderTime.TotalSeconds);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Wrote {result.OutputPath} ({result.Duration.TotalSeconds:0.0} s, {request.Scene.Width}x{request.Scene.Height}@{request.Scene.FrameRate}; {result.Avatar.Name}, {(result.Voice is { } v ? "voice " + v.Id : "speech " + result.Timing)}; rendered at {speed:0.0}x real time)"));
        foreach (var note in result.Notes)
        {
            await Console.Error.WriteLineAsync($"note: {note}").ConfigureAwait(false);
        }

        if (result.WebVttPath is not null)
        {
            Console.WriteLine($"Captions: {result.WebVttPath}, {result.SrtPath}");
        }

        return 0;
    }

    private static string DemoScript(string name) => $"""
        <speak>
          <p>Hi, I'm {name}, a Talkie presenter.</p>
          <p>Type a script, choose a presenter and a voice, and Talkie turns it into a video like this one,
          with my lips <emphasis>in sync</emphasis> with every word.</p>
          <p>It all runs on your own computer. <break time="250ms"/> No cloud, no graphics card, and nothing to download.</p>
          <p>Let's make something great together!</p>
        </speak>
        """;
}
