using Microsoft.Extensions.DependencyInjection;
using Talkie.Avatars.Trained;
using Talkie.Composition;
using Talkie.Testing;
using Talkie.Vision;

namespace Talkie.Avatars.Tests;

/// <summary>Training from footage with a moment of trouble in it, and two trainings at once.</summary>
public sealed class FootageTroubleTests
{
    private const string Script = "Good morning, everyone. Today we look at the city's new transit plan, the bus lines that change next month, and what they mean for your commute. Maybe we can meet on Monday to talk about it.";

    [Fact]
    public async Task FaceHiddenForAMoment_IsNeverShown_NorItsMouthUsed()
    {
        using var temp = new TempDirectory();

        // A grey card over the whole face from 3.0 to 3.3 s (as a hand would cover it): under 5% of the footage,
        // so it trains. Before, those frames were played in the video and their grey mouths pasted into others.
        var covered = temp.File("covered.mp4");
        await Ffmpeg.RunAsync("-i", TrainedVideos.Footage, "-vf", "drawbox=x=100:y=100:w=330:h=360:color=gray:t=fill:enable='between(t,3,3.3)'", "-c:v", "libx264", "-c:a", "copy", covered);
        using var services = TestServices.Build(new Dictionary<string, string?> { ["Talkie:Avatars:Trained:Directory"] = temp.File("avatars") });
        var training = await services.GetRequiredService<AvatarTrainer>().TrainAsync(covered, "covered", "en", null, CancellationToken.None);
        Assert.Contains(training.Manifest.Notes, n => n.Contains("the face could not be seen in", StringComparison.Ordinal) && n.Contains("first at 3.0 s", StringComparison.Ordinal) && n.Contains("jumps over them", StringComparison.Ordinal));
        var hidden = training.Model.Frames.Select((f, i) => (f, i)).Where(x => x.f.Hidden).Select(x => x.i).ToList();
        Assert.InRange(hidden.Count, 8, 12);
        Assert.All(hidden, i => Assert.InRange(i, 73, 85));

        var avatar = (TrainedAvatar)services.GetRequiredService<AvatarCatalog>().Resolve("covered");
        var scene = new SceneSpec { Width = avatar.Manifest.Width, Height = avatar.Manifest.Height, FrameRate = avatar.Manifest.FrameRate, Captions = CaptionMode.None };
        var video = await services.GetRequiredService<VideoProducer>().ProduceAsync(new VideoRequest { Script = Script, AvatarId = "covered", Scene = scene, Seed = 4, OutputPath = temp.File("video.mp4") }, null, CancellationToken.None);
        var (walk, mouths) = avatar.Plan(video.Performance);
        Assert.DoesNotContain(walk, b => training.Model.Frames[b.From].Hidden || training.Model.Frames[b.To].Hidden);
        Assert.DoesNotContain(mouths, m => training.Model.Frames[m].Hidden);

        // On the video itself: a face is found in every frame.
        var frames = 0;
        var faceless = new List<long>();
        await foreach (var found in services.GetRequiredService<FaceAnalyzer>().TrackVideoAsync(video.OutputPath, new FaceAnalysisRequest(LandmarkEngineKind.Mesh), null, CancellationToken.None))
        {
            frames++;
            if (found.Primary is null)
            {
                faceless.Add(found.Index);
            }
        }

        Assert.True(frames > 300, $"{frames} frames");
        Assert.True(faceless.Count == 0, $"no face in frames {string.Join(", ", faceless)}");
    }

    [Fact]
    public async Task TwoTrainingsOfOneName_OneIsStored_TheOtherRefused_NeitherHangs()
    {
        using var temp = new TempDirectory();
        using var services = TestServices.Build(new Dictionary<string, string?> { ["Talkie:Avatars:Trained:Directory"] = temp.File("avatars") });
        var trainer = services.GetRequiredService<AvatarTrainer>();

        // Before, the second to start deleted the first one's package folder as stale, and the first hung for ever.
        Task<TrainingResult> Train(string clip) => Task.Run(() => trainer.TrainAsync(TestMedia.TalkingHead(clip), "race", "en", null, CancellationToken.None));
        var trainings = new[] { Train("wda_alexandria_ocasio_cortez_000.mp4"), Train("obama_weekly_address_clip_a.mp4") };
        try
        {
            await Task.WhenAll(trainings).WaitAsync(TimeSpan.FromMinutes(5));
        }
        catch (InvalidInputException)
        {
            // One is refused: looked at below.
        }

        Assert.All(trainings, t => Assert.True(t.IsCompleted, "a training hangs"));
        var stored = Assert.Single(trainings, t => t.IsCompletedSuccessfully);
        var refused = Assert.Single(trainings, t => t.IsFaulted);
        var error = Assert.IsType<InvalidInputException>(refused.Exception!.InnerException);
        Assert.Contains("an avatar called 'race'", error.Message, StringComparison.Ordinal);

        // One whole avatar, nothing half-written beside it.
        Assert.Equal(["race"], Directory.GetFileSystemEntries(temp.File("avatars")).Select(Path.GetFileName));
        Assert.Equal((await stored).Manifest.SourceFile, ((TrainedAvatar)services.GetRequiredService<AvatarCatalog>().Resolve("race")).Manifest.SourceFile);
    }
}
