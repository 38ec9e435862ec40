using Talkie.Composition.Captions;
using Talkie.Speech;

namespace Talkie.Composition.Tests;

public sealed class CaptionBuilderTests
{
    private static List<WordEvent> Words(string text, double start = 0, double step = 0.3, double gapAfterSentence = 0)
    {
        var words = new List<WordEvent>();
        var t = start;
        foreach (var word in text.Split(' '))
        {
            var ends = word.EndsWith('.');
            words.Add(new WordEvent(TimeSpan.FromSeconds(t), TimeSpan.FromSeconds(t + step - 0.05), word) { EndsSentence = ends });
            t += step + (ends ? gapAfterSentence : 0);
        }

        return words;
    }

    [Fact]
    public void Build_LongSentence_AtMostTwoLinesOf42()
    {
        var cues = CaptionBuilder.Build(Words("Talkie turns a script into a presenter video with captions in every language that the voices speak, and it runs entirely offline on an ordinary computer."));
        Assert.True(cues.Count >= 2);
        Assert.All(cues, c =>
        {
            Assert.InRange(c.Lines.Count, 1, 2);
            Assert.All(c.Lines, l => Assert.True(l.Length <= 42, l));
        });
        Assert.Equal("Talkie turns a script into a presenter video with captions in every language that the voices speak, and it runs entirely offline on an ordinary computer.", string.Join(' ', cues.SelectMany(c => c.Lines)));
    }

    [Fact]
    public void Build_SentenceEnd_StartsANewCaptionAndCuesDoNotOverlap()
    {
        var cues = CaptionBuilder.Build(Words("Hello there. How are you?", gapAfterSentence: 0.1));
        Assert.Equal(["Hello there.", "How are you?"], cues.Select(c => c.Text));
        Assert.True(cues[0].End <= cues[1].Start);
    }

    [Fact]
    public void Build_NoCueRunsPastTheVideo()
    {
        // The last word ends at 1.15 s; its linger would run to 1.45 s, past a 1.2 s video.
        var cues = CaptionBuilder.Build(Words("One two three four."), new CaptionOptions { Until = TimeSpan.FromSeconds(1.2) });
        Assert.Equal(TimeSpan.FromSeconds(1.2), cues[^1].End);
    }

    [Theory]
    [InlineData("We looked at the numbers for the third quarter and found that they have all grown considerably.")]
    [InlineData("Thank you all for joining the call today and for the great work you put into the product launch.")]
    [InlineData("Our new studio lets every member of the team make a video in a few minutes, from any browser.")]
    [InlineData("We reviewed the budget, the hiring plan and the product roadmap in great detail, today.")]
    [InlineData("We are going to share the full results with the whole company at the next presentation soon.")]
    public void Build_TheEndOfALongSentence_IsNotLeftAloneInACue(string text)
    {
        var cues = CaptionBuilder.Build(Words(text));
        Assert.True(cues.Count >= 2);
        Assert.All(cues, c =>
        {
            var alone = c.Text.Replace('\n', ' ');
            Assert.False(alone.Length <= 20 && alone.Split(' ').Length <= 2, $"'{c.Text}' stands alone");
            Assert.InRange(c.Lines.Count, 1, 2);
            Assert.All(c.Lines, l => Assert.True(l.Length <= 42, l));
        });
        Assert.Equal(text, string.Join(' ', cues.SelectMany(c => c.Lines)));
    }

    [Fact]
    public void Build_UntimedText_IsSplitIntoTwoLineCuesOverItsTime()
    {
        const string text = "In town halls and in the places they work, we talked about their struggles. And we talked about what we can do together to make their lives a little easier.";
        var cues = CaptionBuilder.Build(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), text);
        Assert.True(cues.Count >= 2);
        Assert.All(cues, c => Assert.All(c.Lines, l => Assert.True(l.Length <= 42, l)));
        Assert.Equal(TimeSpan.FromSeconds(2), cues[0].Start);
        Assert.Equal(TimeSpan.FromSeconds(10), cues[^1].End);
        Assert.Equal(text, string.Join(' ', cues.SelectMany(c => c.Lines)));
        Assert.EndsWith("struggles.", cues.First(c => c.Text.Contains("struggles", StringComparison.Ordinal)).Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Chinese_JoinsWithoutSpaces()
    {
        var words = "我 们 今 天 学 习 中 文。".Split(' ').Select((w, i) => new WordEvent(TimeSpan.FromSeconds(i * 0.2), TimeSpan.FromSeconds((i * 0.2) + 0.18), w)).ToList();
        Assert.Equal("我们今天学习中文。", Assert.Single(CaptionBuilder.Build(words)).Text);
    }

    [Fact]
    public void Formats_WebVttAndSrt_HaveTheirTimestampStyles()
    {
        var cues = new List<CaptionCue> { new(TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(3723.25), ["Hello", "world"]) };

        Assert.Equal("WEBVTT\n\n1\n00:00:01.500 --> 01:02:03.250\nHello\nworld\n\n", CaptionBuilder.ToWebVtt(cues));
        Assert.Equal("1\n00:00:01,500 --> 01:02:03,250\nHello\nworld\n\n", CaptionBuilder.ToSrt(cues));
    }
}
