using Talkie.Speech.Visemes;

namespace Talkie.Avatars.Tests;

public sealed class TalkingStyleTests
{
    private static VisemeTrack Track(params (double Start, double End, Viseme Shape)[] cues)
        => new(cues.Select(c => new MouthCue(TimeSpan.FromSeconds(c.Start), TimeSpan.FromSeconds(c.End), c.Shape)).ToList(), TimeSpan.FromSeconds(cues[^1].End));

    [Fact]
    public void Blinks_OverAMinute_ComeEveryTwoToSixSecondsAndLastAbout150Ms()
    {
        var style = new TalkingStyle(new AvatarPerformance(Track((0, 60, Viseme.X)), [], [], Seed: 7), TimeSpan.FromSeconds(60));

        var starts = style.Blinks;
        Assert.InRange(starts.Count, 10, 32);
        var gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.All(gaps, g => Assert.True(g is (> 0.3 and < 0.34) or (>= 2 and <= 6.4), $"gap {g:0.00} s"));

        // Eyes closed: measure how long the lid is more than half shut in one blink.
        var blink = starts[0];
        var closedMs = Enumerable.Range(0, 400).Count(ms => style.At(blink + TimeSpan.FromMilliseconds(ms)).Blink > 0.5);
        Assert.InRange(closedMs, 60, 160);
        Assert.Equal(0, style.At(blink - TimeSpan.FromMilliseconds(100)).Blink);
    }

    [Fact]
    public void Blinks_SameSeed_SamePlan()
    {
        var track = Track((0, 30, Viseme.X));
        var a = new TalkingStyle(new AvatarPerformance(track, [], [], Seed: 3), TimeSpan.FromSeconds(30));
        var b = new TalkingStyle(new AvatarPerformance(track, [], [], Seed: 3), TimeSpan.FromSeconds(30));
        var c = new TalkingStyle(new AvatarPerformance(track, [], [], Seed: 4), TimeSpan.FromSeconds(30));
        Assert.Equal(a.Blinks, b.Blinks);
        Assert.NotEqual(a.Blinks, c.Blinks);
    }

    [Fact]
    public void Mouth_ReachesEachTargetWhenItsCueStarts()
    {
        var track = Track((0, 0.4, Viseme.X), (0.4, 0.6, Viseme.D), (0.6, 0.64, Viseme.A), (0.64, 1.0, Viseme.X));
        var style = new TalkingStyle(new AvatarPerformance(track, [], [], FrameRate: 25), TimeSpan.FromSeconds(1));

        Assert.Equal(MouthPose.For(Viseme.D), style.Mouth(TimeSpan.FromSeconds(0.4)));
        Assert.Equal(MouthPose.For(Viseme.A), style.Mouth(TimeSpan.FromSeconds(0.6)));
        Assert.Equal(MouthPose.For(Viseme.X), style.Mouth(TimeSpan.FromSeconds(0.2)));

        // In the frame before a cue the mouth is on its way, not there yet and not where it was.
        var between = style.Mouth(TimeSpan.FromSeconds(0.385));
        Assert.InRange(between.Open, 0.01, MouthPose.For(Viseme.D).Open - 0.01);
    }

    [Fact]
    public void Motion_SentenceEnd_NodsAndEmphasis_RaisesBrows()
    {
        var track = Track((0, 10, Viseme.X));
        var style = new TalkingStyle(new AvatarPerformance(track, [TimeSpan.FromSeconds(5)], [TimeSpan.FromSeconds(2)], Seed: 1), TimeSpan.FromSeconds(10));

        Assert.True(style.At(TimeSpan.FromSeconds(5.12)).Nod > 6);
        Assert.True(style.At(TimeSpan.FromSeconds(1.95)).BrowRaise > 0.8);
        Assert.True(style.At(TimeSpan.FromSeconds(8.5)).BrowRaise < 0.05);
    }
}
