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
        var (training, avatar, video) = await TrainAndRenderAsync(services, covered, "covered", Script, 4, temp.File("video.mp4"));
        Assert.Contains(training.Manifest.Notes, n => n.Contains("the face could not be seen in", StringComparison.Ordinal) && n.Contains("first at 3.0 s", StringComparison.Ordinal) && n.Contains("jumps over them", StringComparison.Ordinal));
        var hidden = training.Model.Frames.Select((f, i) => (f, i)).Where(x => x.f.Hidden).Select(x => x.i).ToList();
        Assert.InRange(hidden.Count, 8, 12);
        Assert.All(hidden, i => Assert.InRange(i, 73, 85));

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

    // Filmed too close: the picture ends just under the lower lip, so every mouth crop stops at the frame's edge.
    // Before, painting smeared that edge's last row downwards (pink stripes under the lips on 4 of 124 frames).
    [Fact]
    public async Task ChinOutOfThePicture_IsPaintedWithoutSmears_AndTheNoteSaysHowToFilm()
    {
        using var temp = new TempDirectory();
        var close = temp.File("close.mp4");
        await Ffmpeg.RunAsync("-i", TrainedVideos.Footage, "-vf", "crop=512:400:0:0", "-c:v", "libx264", "-crf", "16", "-c:a", "copy", close);
        using var services = TestServices.Build(new Dictionary<string, string?> { ["Talkie:Avatars:Trained:Directory"] = temp.File("avatars") });
        var (training, _, video) = await TrainAndRenderAsync(services, close, "close", TrainedVideos.Script, 5, temp.File("video.mp4"));
        Assert.Contains(training.Manifest.Notes, n => n.Contains("the chin is out of the picture in 100% of the footage", StringComparison.Ordinal) && n.Contains("film with the whole chin in the picture", StringComparison.Ordinal));

        // The bottom 20 rows under the mouth (columns 200–330): in the footage each row differs from the next about
        // as much as each column from the next (0.90 of it on its flattest frame); a smear repeats one row (0.14).
        var own = await FlattestBottomAsync(close);
        var rendered = await FlattestBottomAsync(video.OutputPath);
        Assert.True(own >= 0.5, $"the footage's own bottom rows: {own:0.00}");
        Assert.True(rendered >= 0.5, $"a frame's bottom rows under the mouth repeat one row (ratio {rendered:0.00}, the footage's {own:0.00}): a smear");
    }

    // The chin comes into the picture over the first 5 s (the crop slides down): the frames where it is out give no mouth.
    [Fact]
    public async Task ChinLeavingThePictureForAWhile_ThoseMouthsAreNotUsed()
    {
        using var temp = new TempDirectory();
        var sliding = temp.File("sliding.mp4");
        await Ffmpeg.RunAsync("-i", TrainedVideos.Footage, "-vf", "crop=512:440:0:'72*min(1\\,t/5)'", "-c:v", "libx264", "-crf", "16", "-c:a", "copy", sliding);
        using var services = TestServices.Build(new Dictionary<string, string?> { ["Talkie:Avatars:Trained:Directory"] = temp.File("avatars") });
        var (training, avatar, video) = await TrainAndRenderAsync(services, sliding, "sliding", Script, 4, temp.File("video.mp4"));
        var inView = TrainedPlayback.MouthsInView(avatar);
        var cut = inView.Count(v => !v);
        Assert.InRange(cut, 10, 150);
        Assert.Contains(training.Manifest.Notes, n => n.Contains($"the chin left the picture in {cut} frames (first at 0.0 s): their mouths are not used", StringComparison.Ordinal));

        var (_, mouths) = avatar.Plan(video.Performance);
        Assert.DoesNotContain(mouths, m => !inView[m]);
    }

    // Trains an avatar named `name` from `footage` and renders `script` with it at the footage's own size and rate.
    private static async Task<(TrainingResult Training, TrainedAvatar Avatar, VideoResult Video)> TrainAndRenderAsync(ServiceProvider services, string footage, string name, string script, int seed, string output)
    {
        var training = await services.GetRequiredService<AvatarTrainer>().TrainAsync(footage, name, "en", null, CancellationToken.None);
        var avatar = (TrainedAvatar)services.GetRequiredService<AvatarCatalog>().Resolve(name);
        var scene = new SceneSpec { Width = avatar.Manifest.Width, Height = avatar.Manifest.Height, FrameRate = avatar.Manifest.FrameRate, Captions = CaptionMode.None };
        var video = await services.GetRequiredService<VideoProducer>().ProduceAsync(new VideoRequest { Script = script, AvatarId = name, Scene = scene, Seed = seed, OutputPath = output }, null, CancellationToken.None);
        return (training, avatar, video);
    }

    // Over every frame, the least ratio of row-to-row change to column-to-column change in the bottom 20 rows of
    // columns 200–330 (grey levels).
    private static async Task<double> FlattestBottomAsync(string path)
    {
        var least = double.MaxValue;
        await foreach (var frame in TestServices.Get<Media.MediaDecoder>().ReadFramesAsync(path, Media.FramePixelFormat.Bgra32, CancellationToken.None))
        {
            using (frame)
            {
                double Grey(int x, int y)
                {
                    var i = (y * frame.Stride) + (x * 4);
                    return (0.114 * frame.Buffer[i]) + (0.587 * frame.Buffer[i + 1]) + (0.299 * frame.Buffer[i + 2]);
                }

                double down = 0, across = 0;
                for (var y = frame.Height - 20; y < frame.Height; y++)
                {
                    for (var x = 200; x < 330; x++)
                    {
                        down += y > frame.Height - 20 ? Math.Abs(Grey(x, y) - Grey(x, y - 1)) : 0;
                        across += x > 200 ? Math.Abs(Grey(x, y) - Grey(x - 1, y)) : 0;
                    }
                }

                least = Math.Min(least, down / Math.Max(1e-6, across));
            }
        }

        return least;
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
