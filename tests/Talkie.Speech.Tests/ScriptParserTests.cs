namespace Talkie.Speech.Tests;

public sealed class ScriptParserTests
{
    [Fact]
    public void ParsePlainText_SentencesAndParagraphs_GetPausesAndSentenceEnds()
    {
        var script = ScriptParser.Parse("Hello there. How are you?\n\nNew paragraph here");

        var runs = script.Items.OfType<SpeechRun>().ToList();
        Assert.Equal(["Hello there.", "How are you?", "New paragraph here"], runs.Select(r => r.Spoken));
        Assert.All(runs, r => Assert.True(r.EndsSentence));
        var pauses = script.Items.OfType<Pause>().ToList();
        Assert.Equal(ScriptParser.SentencePause, pauses[0].Duration);
        Assert.Equal(ScriptParser.ParagraphPause, pauses[1].Duration);
        Assert.IsType<SpeechRun>(script.Items[^1]);
    }

    [Fact]
    public void ParseSsml_EverySupportedElement_IsInterpreted()
    {
        const string ssml = """
            <speak xml:lang="en-US">
              <p><s>Welcome to <emphasis level="strong">Talkie</emphasis>.</s>
              <s>Call <say-as interpret-as="characters">NASA</say-as> at <say-as interpret-as="cardinal">1,234</say-as>.</s></p>
              <break time="750ms"/>
              <prosody rate="slow" pitch="+2st" volume="loud">Slowly now,</prosody>
              on <say-as interpret-as="date" format="mdy">3/5/2024</say-as>, the <sub alias="World Wide Web">WWW</sub>.
              <mark name="end"/>
            </speak>
            """;

        var script = ScriptParser.Parse(ssml);
        var runs = script.Items.OfType<SpeechRun>().ToList();

        Assert.Equal("en-US", script.Language);
        var talkie = runs.Single(r => r.Spoken == "Talkie");
        Assert.True(talkie.Emphasis);
        Assert.True(talkie.Prosody.Rate < 1);
        Assert.Equal("N.A.S.A.", runs.Single(r => r.Display == "NASA").Spoken);
        Assert.Equal("1234", runs.Single(r => r.Display == "1,234").Spoken);
        Assert.Equal("March 5, 2024", runs.Single(r => r.Display == "3/5/2024").Spoken);
        Assert.Equal("World Wide Web", runs.Single(r => r.Display == "WWW").Spoken);
        var slow = runs.Single(r => r.Spoken == "Slowly now,");
        Assert.Equal(new Prosody(0.8, 2, 6), slow.Prosody);
        Assert.Contains(script.Items.OfType<Pause>(), p => p.Kind == PauseKind.Break && p.Duration >= TimeSpan.FromMilliseconds(750));
        Assert.True(runs.Single(r => r.Spoken == "Welcome to").EndsSentence is false);
    }

    [Theory]
    [InlineData("<speak>Hello <break time=\"2s\"/> world</speak>", 2000)]
    [InlineData("<speak>Hello <break strength=\"strong\"/> world</speak>", 700)]
    [InlineData("<speak>Hello <break/> world</speak>", 400)]
    public void ParseSsml_Break_HasItsDuration(string ssml, int milliseconds)
    {
        var pause = ScriptParser.Parse(ssml).Items.OfType<Pause>().Single();
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), pause.Duration);
    }

    [Theory]
    [InlineData("<speak>Hello <b>world</b></speak>", 1, 14, "<b> is not supported")]
    [InlineData("<speak>\n  Hello <emphasis>world</speak>", 2, 26, "")]
    [InlineData("<speak>Hi <break time=\"soon\"/></speak>", 1, 11, "break time 'soon'")]
    [InlineData("<speak>\n<prosody rate=\"warp\">x</prosody></speak>", 2, 1, "prosody rate 'warp'")]
    [InlineData("<speak><say-as interpret-as=\"cardinal\">lots</say-as></speak>", 1, 8, "whole number")]
    [InlineData("<speak><say-as interpret-as=\"telephone\">123</say-as></speak>", 1, 8, "not supported")]
    [InlineData("<speak><sub>WWW</sub></speak>", 1, 8, "needs an alias")]
    [InlineData("<voice>hi</voice>", 1, 1, "root element must be <speak>")]
    public void ParseSsml_Invalid_ReportsLineAndColumn(string ssml, int line, int column, string problem)
    {
        var error = Assert.Throws<SsmlException>(() => ScriptParser.Parse(ssml));

        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"invalid SSML at line {line}, column {column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseSsml_Doctype_IsRefused()
    {
        const string hostile = "<?xml version=\"1.0\"?><!DOCTYPE speak [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><speak>&x;</speak>";
        Assert.Throws<SsmlException>(() => ScriptParser.Parse(hostile));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    [InlineData("... — !")]
    [InlineData("<speak></speak>")]
    [InlineData("<speak><break time=\"1s\"/></speak>")]
    public void Parse_NothingToSay_ThrowsEmptyScript(string input)
    {
        var error = Assert.Throws<ScriptException>(() => ScriptParser.Parse(input));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HundredThousandWords_ThrowsTooLongBeforeAnyWork()
    {
        var huge = string.Join(' ', Enumerable.Repeat("word", 100_000));
        var error = Assert.Throws<ScriptException>(() => ScriptParser.Parse(huge));
        Assert.Contains("too long", error.Message, StringComparison.Ordinal);
        Assert.Contains("100,000 words", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<3 this product", false)]
    [InlineData("  <speak>Hi</speak>", true)]
    [InlineData("<?xml version=\"1.0\"?><speak>Hi</speak>", true)]
    [InlineData("a < b and c > d", false)]
    public void IsSsml_RecognizesMarkup(string input, bool expected) => Assert.Equal(expected, ScriptParser.IsSsml(input));

    [Fact]
    public void Parse_UnderTheLimit_IsAccepted()
        => Assert.Equal(500, ScriptParser.Parse(string.Join(' ', Enumerable.Repeat("word", 500)), new ScriptLimits { MaxWords = 500 }).WordCount);

    [Theory]
    [InlineData("es", "5 de marzo de 2024")]
    [InlineData("de", "5. März 2024")]
    [InlineData("en", "March 5, 2024")]
    public void SayAsDate_FollowsTheLanguage(string language, string expected)
    {
        var (spoken, error) = SayAs.Interpret("date", "ymd", "2024-03-05", language);
        Assert.Null(error);
        Assert.Equal(expected, spoken);
    }

    [Fact]
    public void SayAsDate_InvalidMonth_IsAnError()
        => Assert.NotNull(SayAs.Interpret("date", "mdy", "13/5/2024", "en").Error);
}
