using Talkie.Speech.Festival;

namespace Talkie.Speech.Tests;

public sealed class FestivalTests
{
    [Fact]
    public void ParseSegments_SavedOutput_ChainsPhoneTimes()
    {
        using var reader = File.OpenText("TestData/festival-hello.segs");
        var phones = FestivalOutputParser.ParseSegments(reader);

        Assert.Equal("pau", phones[0].Phone);
        Assert.Equal(TimeSpan.Zero, phones[0].Start);
        Assert.Equal(0.165, phones[0].End.TotalSeconds, 3);
        Assert.Equal("hh", phones[1].Phone);
        Assert.Equal(phones[0].End, phones[1].Start);
        Assert.All(phones, p => Assert.Equal(PhoneAlphabet.Arpabet, p.Alphabet));
        Assert.True(phones.Zip(phones.Skip(1)).All(pair => pair.First.End == pair.Second.Start));
    }

    [Fact]
    public void ToChunkWords_SavedOutput_OneWordPerWrittenToken()
    {
        using var reader = File.OpenText("TestData/festival-hello.words");
        var words = FestivalOutputParser.ParseWords(reader);
        var (text, indexes) = FestivalSynthesizer.PrepareText("Hello world, it's 42 degrees - really.");

        var chunkWords = FestivalSynthesizer.ToChunkWords(words, indexes);

        Assert.Equal("Hello world, it's 42 degrees really.", text);
        Assert.Equal([0, 1, 2, 3, 4, 6], chunkWords.Select(w => w.WordIndex));
        var fortyTwo = chunkWords.Single(w => w.WordIndex == 3);
        Assert.Equal(1.2, fortyTwo.Start.TotalSeconds, 3);
        Assert.Equal(1.93, fortyTwo.End.TotalSeconds, 2);
    }

    [Fact]
    public void PrepareText_NonAscii_FoldsAccentsAndQuotes()
        => Assert.Equal("Cafe naive \"quoted\" it's", FestivalSynthesizer.PrepareText("Café naïve “quoted” it’s").Text);

    [Fact]
    public void BuildScheme_EscapesQuotesAndSetsTheRate()
    {
        var scheme = FestivalSynthesizer.BuildScheme([new SpeechRun("Say \"hi\" to a\\b now", "x", new Prosody(1.25, 0, 0))]);
        Assert.Contains("(talkie-say \"Say \\\"hi\\\" to a\\\\b now\" 1.25 \"c0\")", scheme, StringComparison.Ordinal);
    }
}
