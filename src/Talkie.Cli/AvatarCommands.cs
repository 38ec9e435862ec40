using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Avatars.Trained;

namespace Talkie.Cli;

/// <summary><c>talkie avatar train|delete</c>: avatars trained from footage.</summary>
internal static class AvatarCommands
{
    public static Command Avatar()
    {
        var command = new Command("avatar", "Train an avatar from footage of a person talking, or delete one");
        command.Subcommands.Add(Train());
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

    private static Command Delete()
    {
        var name = new Argument<string>("NAME") { Description = "The trained avatar to delete" };
        var command = new Command("delete", "Delete a trained avatar and its stored footage") { name };
        command.SetAction(parse => TalkieCommand.GuardAsync(() =>
        {
            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose));
            var store = services.GetRequiredService<AvatarStore>();
            var stored = AvatarStore.CheckName(parse.GetValue(name));
            store.Delete(stored);
            Console.WriteLine($"Deleted trained:{stored}");
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
