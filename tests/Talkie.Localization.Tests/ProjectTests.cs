using Talkie.Composition.Captions;
using Talkie.Speech;
using Talkie.Testing;

namespace Talkie.Localization.Tests;

public sealed class ProjectTests
{
    private static LocalizationProject Sample => new()
    {
        Video = "/videos/talk.mp4",
        VideoSha256 = "00",
        Duration = 10,
        From = "en",
        To = "es",
        Segments =
        [
            new ProjectSegment { Id = 1, Start = 0.5, End = 3, Source = "Hello everyone.", Target = "Hola a todos." },
            new ProjectSegment { Id = 2, Start = 3.5, End = 7, Source = "Welcome to the show.", Target = "Bienvenidos al programa." },
        ],
    };

    [Fact]
    public void A_project_survives_saving_and_loading_with_comments_and_trailing_commas()
    {
        using var temp = new TempDirectory();
        var path = temp.File("talk.project.json");
        (Sample with { Timing = DubTiming.StretchVideo }).Save(path);
        var text = File.ReadAllText(path);
        Assert.Contains("\"timing\": \"stretch-video\"", text, StringComparison.Ordinal);
        Assert.Contains("Bienvenidos al programa.", text, StringComparison.Ordinal);

        File.WriteAllText(path, text.Replace("\"segments\": [", "// what is said, sentence by sentence\n  \"segments\": [", StringComparison.Ordinal).Replace("}\n  ]", "},\n  ]", StringComparison.Ordinal));
        var loaded = LocalizationProject.Load(path);
        Assert.Equal(DubTiming.StretchVideo, loaded.Timing);
        Assert.Equal(2, loaded.Segments.Count);
    }

    [Theory]
    [InlineData("overlap", "segment 2 starts at 2.5 s, before the segment ahead of it ends (3 s)")]
    [InlineData("backwards", "segment 1 ends at 0.2 s, not after its start (0.5 s)")]
    [InlineData("empty", "segment 2 has no translation")]
    [InlineData("outside", "segment 2 runs from 3.5 to 12 s, outside the video (0 to 10 s)")]
    [InlineData("duplicate", "two segments are numbered 1")]
    [InlineData("none", "it has no segments")]
    public void A_project_edited_into_an_invalid_state_is_refused_with_the_place_and_the_fix(string edit, string message)
    {
        using var temp = new TempDirectory();
        var path = temp.File("p.json");
        var segments = Sample.Segments.ToList();
        segments = edit switch
        {
            "overlap" => [segments[0], segments[1] with { Start = 2.5 }],
            "backwards" => [segments[0] with { End = 0.2 }, segments[1]],
            "empty" => [segments[0], segments[1] with { Target = " " }],
            "outside" => [segments[0], segments[1] with { End = 12 }],
            "duplicate" => [segments[0], segments[1] with { Id = 1 }],
            _ => [],
        };
        (Sample with { Segments = segments }).Save(path);
        var error = Assert.Throws<InvalidInputException>(() => LocalizationProject.Load(path));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_names_the_line()
    {
        using var temp = new TempDirectory();
        var path = temp.File("p.json");
        Sample.Save(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Hola a todos.\",", "\"Hola a todos.\"", StringComparison.Ordinal));
        var error = Assert.Throws<InvalidInputException>(() => LocalizationProject.Load(path));
        Assert.Contains("is not valid JSON at line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subtitles_are_read_as_timed_cues_from_srt_and_webvtt()
    {
        using var temp = new TempDirectory();
        var srt = temp.File("a.srt");
        File.WriteAllText(srt, "1\n00:00:01,200 --> 00:00:03,400\nHola a <i>todos</i>.\n\n2\n00:00:04,000 --> 00:00:06,500\nBienvenidos\nal programa.\n");
        var cues = SourceText.ReadSubtitles(srt);
        Assert.Equal(2, cues.Count);
        Assert.Equal(TimeSpan.FromSeconds(1.2), cues[0].Start);
        Assert.Equal("Hola a todos.", cues[0].Text);
        Assert.Equal("Bienvenidos al programa.", cues[1].Text);
        Assert.True(SourceText.IsSubtitles(srt));

        var vtt = temp.File("a.vtt");
        File.WriteAllText(vtt, CaptionBuilder.ToWebVtt([.. cues.Select(c => new CaptionCue(c.Start, c.End, [c.Text]))]));
        Assert.Equal(cues, SourceText.ReadSubtitles(vtt));

        File.WriteAllText(srt, "1\n00:00:01,200 -> 00:00:03,400\nHola\n\n2\n00:01.000 --> 0:0:3\nHola\n");
        var error = Assert.Throws<InvalidInputException>(() => SourceText.ReadSubtitles(srt));
        Assert.Contains("line 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timed_words_become_sentences_at_punctuation_pauses_and_length()
    {
        static WordEvent W(double start, string text) => new(TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(start + 0.3), text);
        List<WordEvent> words = [W(0, "Hello"), W(0.35, "there."), W(0.7, "How"), W(1.05, "are"), W(1.4, "you"), W(2.5, "today")];
        var sentences = SourceText.Sentences(words);
        Assert.Equal(["Hello there.", "How are you", "today"], sentences.Select(s => s.Text));
        Assert.Equal(TimeSpan.FromSeconds(0.7), sentences[1].Start);

        // Twenty-five seconds of words with no pause: split where the pauses are longest, none over ten seconds.
        var stream = Enumerable.Range(0, 70).Select(i => W((i * 0.36) + (i % 20 == 0 ? 0.2 : 0), "word")).ToList();
        Assert.All(SourceText.Sentences(stream), s => Assert.True(s.End - s.Start <= SourceText.LongestSentence, $"{s.Start}–{s.End}"));
    }
}
