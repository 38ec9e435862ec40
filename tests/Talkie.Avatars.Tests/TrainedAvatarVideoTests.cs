using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Avatars.Trained;
using Talkie.Media;
using Talkie.Speech.Visemes;
using Talkie.Testing;
using Xunit.Abstractions;

namespace Talkie.Avatars.Tests;

public sealed class TrainedAvatarVideoTests : IClassFixture<TrainedVideos>
{
    private readonly TrainedVideos _videos;
    private readonly ITestOutputHelper _output;

    public TrainedAvatarVideoTests(TrainedVideos videos, ITestOutputHelper output)
    {
        _videos = videos;
        _output = output;
    }

    [Fact]
    public void Training_StoresACompletePackage_AndTheCatalogListsIt()
    {
        var manifest = _videos.Training.Manifest;
        Assert.Equal(AvatarManifest.CurrentSchema, manifest.Schema);
        Assert.Equal("sam", manifest.Name);
        Assert.Equal((512, 512, 25, 200), (manifest.Width, manifest.Height, manifest.FrameRate, manifest.FrameCount));
        foreach (var file in new[] { AvatarStore.ManifestFile, AvatarStore.FootageFile, AvatarStore.MouthsFile, AvatarStore.FacesFile, AvatarStore.ThumbnailsFile, AvatarStore.ModelFile })
        {
            Assert.True(new FileInfo(Path.Combine(_videos.Training.Folder, file)).Length > 0, file);
        }

        Assert.Contains(manifest.Notes, n => n.Contains("30 s or more is recommended", StringComparison.Ordinal));

        // Her voice: a video's default voice is a woman's.
        Assert.InRange(manifest.SpeakerPitch!.Value, 170, 300);
        Assert.Equal(Speech.VoiceGender.Female, _videos.Avatar.Gender);
        Assert.Equal(200, _videos.Training.Model.Frames.Count);
        Assert.InRange(_videos.Training.Model.Mouth.LeadFrames, 0, MouthModel.MaxLead);
        Assert.Single(Directory.GetDirectories(_videos.Store));
        Assert.Contains(_videos.Services.GetRequiredService<AvatarCatalog>().Avatars, a => a.Id == "trained:sam" && a.Kind == "trained");
    }

    [Fact]
    public void TheRenderedMouthIsTheChosenOne_AndFollowsTheSound()
    {
        var frames = _videos.Frames.Where(f => !double.IsNaN(f.Measured)).ToList();
        Assert.True(frames.Count >= _videos.Frames.Count * 0.95, "the face is found in the rendered frames");
        var chosen = SpeechScores.Correlation([.. frames.Select(f => f.Chosen)], [.. frames.Select(f => f.Measured)], 0);
        var predicted = SpeechScores.Correlation([.. frames.Select(f => f.Predicted)], [.. frames.Select(f => f.Measured)], 0);
        var speaking = frames.Where(f => f.Shape is not Viseme.X and not Viseme.A).Average(f => f.Measured);
        var silent = frames.Where(f => f.Shape == Viseme.X).Average(f => f.Measured);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{frames.Count} frames; opening vs chosen mouth r = {chosen:0.00}, vs the sound's prediction r = {predicted:0.00}; mean opening speaking {speaking:0.000}, silent {silent:0.000}"));
        Assert.True(chosen >= 0.8, $"the mouth put in each frame is the one chosen (r = {chosen:0.00})");
        Assert.True(predicted >= 0.5, $"the mouth follows the new speech (r = {predicted:0.00})");
        Assert.True(silent < speaking * 0.8, "silences show the person's resting mouth");
    }

    [Fact]
    public void TheLipsMeetForEveryPBAndM()
    {
        // Each run of frames whose sound closes the lips (Bob, Pam, Maria, bought, big, map, Boston, beautiful,
        // morning, my name) gets one of the person's closed mouths: at most the footage's 10th-percentile opening.
        var closed = _videos.Training.Model.Frames.Select(f => f.Opening).Order().ElementAt(_videos.Training.Model.Frames.Count / 10);
        var runs = new List<List<TrainedFrameMeasure>>();
        foreach (var frame in _videos.Frames.OrderBy(f => f.Index))
        {
            if (frame.Shape != Viseme.A)
            {
                continue;
            }

            if (runs.Count > 0 && runs[^1][^1].Index == frame.Index - 1)
            {
                runs[^1].Add(frame);
            }
            else
            {
                runs.Add([frame]);
            }
        }

        var met = runs.Count(r => r.Min(f => f.Chosen) <= closed);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{runs.Count} closures; {met} get a mouth at most {closed:0.000} open (the footage's 10th percentile)"));
        Assert.True(runs.Count >= 8, $"{runs.Count} closures in the script");
        Assert.True(met >= runs.Count * 0.9, $"only {met} of {runs.Count} closures get a closed mouth");
    }

    [Fact]
    public void NoSeamAlongTheBlendBorder()
    {
        var seam = _videos.Frames.Sum(f => f.Seam);
        var untouched = _videos.Frames.Sum(f => f.BaseSeam);
        var ratios = _videos.Frames.Select(f => f.Seam / Math.Max(f.BaseSeam, 1e-6)).Order().ToList();
        var worst = _videos.Frames.MaxBy(f => f.Seam / Math.Max(f.BaseSeam, 1e-6))!;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gradient energy along the blend border: {seam / untouched:0.00}x the untouched footage's; per frame median {ratios[ratios.Count / 2]:0.00}x, 95th percentile {ratios[(int)(ratios.Count * 0.95)]:0.00}x, worst {ratios[^1]:0.00}x (frame {worst.Index}: {worst.Seam:0.0} against {worst.BaseSeam:0.0})"));
        Assert.True(seam <= 1.2 * untouched, $"{seam / untouched:0.00}x");
    }

    [Fact]
    public async Task AMinuteFromEightSeconds_LoopsWithoutAJump()
    {
        var model = _videos.Avatar.Model;
        Assert.True(_videos.Minute.Duration.TotalSeconds >= 55, $"{_videos.Minute.Duration.TotalSeconds:0} s");
        var faces = AvatarTrainer.ReadFaces(Path.Combine(_videos.Avatar.Folder, AvatarStore.FacesFile))
            .Select(p => Vision.Landmarks.FaceLandmarks.Create(Vision.LandmarkEngineKind.Mesh, p, Vision.FaceBox.Around(p), 1)).ToList();
        var mask = FootageThumbnails.MouthMask(faces, 512, 512);
        var decoder = TestServices.Get<MediaDecoder>();

        async Task<List<float>> StepsAsync(string path)
        {
            var steps = new List<float>();
            float[]? previous = null;
            await foreach (var frame in decoder.ReadFramesAsync(path, FramePixelFormat.Bgra32, CancellationToken.None))
            {
                using (frame)
                {
                    var thumbnail = FootageThumbnails.Of(frame);
                    var kept = thumbnail.Where((_, i) => !mask[i]).ToArray();
                    if (previous is not null)
                    {
                        steps.Add(FootageLoops.Difference(previous, kept));
                    }

                    previous = kept;
                }
            }

            return steps;
        }

        var own = (await StepsAsync(TrainedVideos.Footage)).Order().ToList();
        var limit = own[(int)Math.Ceiling(0.99 * own.Count) - 1];
        var rendered = await StepsAsync(_videos.Minute.OutputPath);

        // Steps where the walk leaves the footage's own order (a jump, or a dissolve into one) are the
        // loops' doing; the others replay the footage's own motion, so its own largest step bounds them.
        var (walk, _) = _videos.Avatar.Plan(_videos.Minute.Performance);
        var jumps = Enumerable.Range(0, Math.Min(rendered.Count, walk.Length - 1)).Where(i => walk[i + 1].From != walk[i].From + 1 || walk[i].Mix > 0 || walk[i + 1].Mix > 0).ToList();
        var played = Enumerable.Range(0, rendered.Count).Except(jumps).ToList();
        var worstJump = jumps.Max(i => rendered[i]);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rendered.Count + 1} frames from {model.Frames.Count}: {jumps.Count} steps at loop points, the largest {worstJump:0.00}; the footage's 99th-percentile step {limit:0.00} (median {own[own.Count / 2]:0.00}, largest {own[^1]:0.00}); the largest replayed step {played.Max(i => rendered[i]):0.00}"));
        Assert.True(jumps.Count > 10, "a minute from eight seconds loops");
        Assert.True(worstJump <= limit, $"a loop point steps {worstJump:0.00} > {limit:0.00}");
        Assert.True(played.Max(i => rendered[i]) <= own[^1] * 1.05, "replayed footage moves as the footage did");
    }

    // The same footage cut so its sound starts 0.54 s after its pictures (as `-c copy` cuts often do): the
    // speech is timed where it plays, so the frames get the mouth shapes they got from the whole clip.
    [Fact]
    public async Task FootageWhoseSoundStartsLate_IsTimedWhereTheSoundPlays()
    {
        using var temp = new TempDirectory();
        var late = temp.File("late-sound.mp4");
        await Ffmpeg.RunAsync("-i", TrainedVideos.Footage, "-c:v", "copy", "-af", "atrim=start=0.6", "-c:a", "aac", late);
        var info = await TestServices.Get<MediaProbe>().ProbeAsync(late, CancellationToken.None);
        Assert.InRange(info.Audio!.StartTime!.Value.TotalSeconds, 0.4, 0.7);

        using var services = TestServices.Build(new Dictionary<string, string?> { ["Talkie:Avatars:Trained:Directory"] = temp.File("avatars") });
        var trained = await services.GetRequiredService<AvatarTrainer>().TrainAsync(late, "late-sound", "en", null, CancellationToken.None);
        var own = _videos.Training.Model.Frames;
        var frames = trained.Model.Frames;
        Assert.Equal(own.Count, frames.Count);

        // Past the missing 0.6 s (15 frames at 25 fps, and a few for the words cut short there).
        var compared = Enumerable.Range(25, own.Count - 25).ToList();
        var same = compared.Count(i => frames[i].Shape == own[i].Shape) / (double)compared.Count;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mouth shapes as from the whole clip: {same:P0}; model fit {trained.Model.Mouth.Fit:0.00} (whole clip {_videos.Training.Model.Mouth.Fit:0.00}), lead {trained.Model.Mouth.LeadFrames} ({_videos.Training.Model.Mouth.LeadFrames})"));
        Assert.True(same >= 0.75, $"only {same:P0} of the frames have the mouth shapes the whole clip gave them: the sound was timed off its pictures");
        Assert.True(frames.Take(10).All(f => f.Shape == Viseme.X), "the frames before the sound starts are silent");
    }
}
