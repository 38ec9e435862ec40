using Talkie.Testing;

namespace Talkie.Localization.Tests;

[Collection(Dubbing.Collection)]
public sealed class ResumeTests
{
    [Fact]
    public async Task An_interrupted_dub_picks_up_its_finished_stages_and_leaves_no_partial_video()
    {
        using var temp = new TempDirectory();
        var request = new LocalizationRequest { VideoPath = TestMedia.TalkingHead("obama_weekly_address_clip_b.mp4"), OutputPath = temp.File("talk.es.mp4"), To = "es" };
        var localizer = TestServices.Get<Localizer>();

        // Stopped as rendering starts: what was heard, the translation and the face are done by then.
        using var stop = new CancellationTokenSource();
        var stopping = new StopAt(LocalizationStage.Rendering, stop);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => localizer.LocalizeAsync(request, stopping, stop.Token));
        Assert.False(File.Exists(request.OutputPath));
        Assert.Single(Directory.GetDirectories(temp.Path, ".*talkie-work"));

        var result = await localizer.LocalizeAsync(request, null, CancellationToken.None);
        Assert.True(File.Exists(result.Video));
        Assert.Contains(result.Notes, n => n.Contains("picked up where the last run on this video stopped, keeping what was said, the translation, the speaker's face and mouth", StringComparison.Ordinal));
        Assert.True(result.Report.LipSync);
        Assert.Empty(Directory.GetDirectories(temp.Path, ".*talkie-work"));

        // A finished dub leaves nothing to pick up: the next run starts afresh.
        result = await localizer.LocalizeAsync(request with { OutputPath = temp.File("again.mp4") }, null, CancellationToken.None);
        Assert.DoesNotContain(result.Notes, n => n.Contains("picked up", StringComparison.Ordinal));
    }

    // Reports synchronously, so the stop lands exactly when the stage begins.
    private sealed class StopAt(LocalizationStage stage, CancellationTokenSource stop) : IProgress<LocalizationProgress>
    {
        public void Report(LocalizationProgress value)
        {
            if (value.Stage == stage)
            {
                stop.Cancel();
            }
        }
    }
}
