using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Avatars.Photo;
using Talkie.Avatars.Trained;
using Talkie.Speech;

namespace Talkie.Cli;

/// <summary><c>talkie avatar train|photo|delete</c>: avatars trained from footage, and portraits kept under a name.</summary>
internal static class AvatarCommands
{
    public static Command Avatar()
    {
        var command = new Command("avatar", "Train an avatar from footage of a person talking, keep a portrait as a photo avatar, or delete one");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Photo());
        command.Subcommands.Add(Delete());
        return command;
    }

    private static Command Train()
    {
        var video = new Argument<FileInfo>("VIDEO") { Description = "30 s to 2 min of one person talking to the camera, with sound (3 s to 10 min accepted)" };
        var name = new Option<string>("--name", "-n") { Description = "The avatar's name (letters, digits, dashes); use it with create --avatar NAME", Required = true };
        var language = new Option<string?>("--lang") { Description = "The language spoken in the footage (default en; others are timed by phones)" };
        var command = new Command("train", "Learn a person's look and mouth from footage, stored as a trained avatar") { video, name, language };
        command.SetAction((parse, cancellationToken) => TalkieCommand.GuardAsync(async () =>
        {
            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose), job: "avatar-train");
            var trainer = services.GetRequiredService<AvatarTrainer>();
            var path = parse.GetValue(video)!.FullName;
            var result = await ProgressDisplay.RunStagesAsync<TrainingStage, TrainingResult>(
                Label,
                TrainingStage.Checking,
                progress => trainer.TrainAsync(path, parse.GetValue(name)!, parse.GetValue(language), new Progress<TrainingProgress>(p => progress.Report((p.Stage, p.Fraction))), cancellationToken)).ConfigureAwait(false);
            var manifest = result.Manifest;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Trained trained:{manifest.Name} from {manifest.Duration.TotalSeconds:0.0} s of footage ({manifest.Width}x{manifest.Height}@{manifest.FrameRate}) in {manifest.TrainingSeconds:0.0} s; stored in {result.Folder}"));
            Console.WriteLine($"Use it: talkie create --avatar {manifest.Name} --text \"Hello!\" -o hello.mp4");
            foreach (var note in manifest.Notes)
            {
                await Console.Error.WriteLineAsync($"note: {note}").ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }

    private static Command Photo()
    {
        var portrait = new Argument<FileInfo>("PORTRAIT") { Description = "A frontal photo of one person (JPEG, PNG or WebP)" };
        var name = new Option<string>("--name", "-n") { Description = "The avatar's name (letters, digits, dashes); use it with create --avatar NAME", Required = true };
        var framing = new Option<string>("--framing") { Description = "head (head and shoulders) or photo (the whole photo as it is)", DefaultValueFactory = _ => "head" };
        var smallFace = new Option<bool>("--allow-small-face") { Description = "Keep a face whose eyes are 40 to 80 px apart (it will look soft) instead of refusing it" };
        var voice = new Option<string?>("--voice") { Description = "The voice it speaks with where create names none (see `talkie voices`); in another language, that language's voice of the same gender" };
        var command = new Command("photo", "Keep a portrait as a photo avatar: analysed now, listed by `talkie avatars`, used with create --avatar NAME") { portrait, name, framing, smallFace, voice };
        command.SetAction((parse, cancellationToken) => TalkieCommand.GuardAsync(async () =>
        {
            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose));
            var photos = services.GetRequiredService<PhotoAvatarFactory>();

            // An unknown voice is refused before the photo is analysed.
            var spoken = parse.GetValue(voice) is { } wanted
                ? string.IsNullOrWhiteSpace(wanted)
                    ? throw new InvalidInputException("--voice is empty; give a voice id (`talkie voices` lists them), or leave --voice out for the language's default voice")
                    : services.GetRequiredService<VoiceCatalog>().Resolve(wanted, null).Id
                : null;
            var stored = await photos.StoreAsync(
                parse.GetValue(portrait)!.FullName,
                parse.GetValue(name)!,
                PhotoFramings.Parse(parse.GetValue(framing)),
                parse.GetValue(smallFace),
                spoken,
                cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stored photo:{stored.Name} from {stored.SourceFile} (eyes {stored.EyeDistance:0} px apart{(spoken is null ? string.Empty : ", voice " + spoken)}); in {stored.Folder}"));
            Console.WriteLine($"Use it: talkie create --avatar {stored.Name} --text \"Hello!\" -o hello.mp4");
            foreach (var note in stored.Notes)
            {
                await Console.Error.WriteLineAsync($"note: {note}").ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }

    private static Command Delete()
    {
        var name = new Argument<string>("NAME") { Description = "The avatar to delete (trained or photo)" };
        var command = new Command("delete", "Delete a stored avatar: a trained one with its footage, or a photo avatar with its portrait") { name };
        command.SetAction(parse => TalkieCommand.GuardAsync(() =>
        {
            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose));
            var store = services.GetRequiredService<AvatarStore>();
            var given = parse.GetValue(name)!.Trim();
            var colon = given.IndexOf(':', StringComparison.Ordinal);
            var (prefix, stored) = (colon < 0 ? null : given[..colon].ToLowerInvariant(), AvatarStore.CheckName(given[(colon + 1)..]));
            var kind = store.FindPhoto(stored) is null ? "trained" : "photo";
            if (prefix == "stock")
            {
                throw new InvalidInputException("stock presenters are part of Talkie and cannot be deleted; `talkie avatars` lists the stored ones (trained:NAME, photo:NAME)");
            }

            if (prefix is not null && prefix is not ("trained" or "photo"))
            {
                throw new InvalidInputException($"'{given}' is not an avatar id; give NAME, trained:NAME or photo:NAME (see `talkie avatars`)");
            }

            if (prefix is not null && prefix != kind && store.Exists(stored))
            {
                throw new InvalidInputException($"'{stored}' is a {kind} avatar, not a {prefix} one; delete it as {kind}:{stored}");
            }

            store.Delete(stored);
            Console.WriteLine($"Deleted {kind}:{stored}");
            return Task.FromResult(0);
        }));
        return command;
    }

    private static string Label(TrainingStage stage) => stage switch
    {
        TrainingStage.Checking => "Checking the footage",
        TrainingStage.Tracking => "Following the face",
        TrainingStage.Listening => "Listening to the speech",
        TrainingStage.Learning => "Learning the mouth and loops",
        _ => "Writing the avatar",
    };
}
