namespace Talkie.Speech.Tests;

public sealed class ScriptTextTests
{
    [Fact]
    public void SplitSentences_KeepsAbbreviationsAndDecimalsWhole()
        => Assert.Equal(
            ["Dr. Smith paid 3.5 dollars, e.g. coins.", "Really?!", "Yes…", "\"Done.\""],
            ScriptText.SplitSentences("Dr. Smith paid 3.5 dollars, e.g. coins. Really?! Yes… \"Done.\""));

    [Fact]
    public void SplitSentences_ChinesePunctuation_Splits()
        => Assert.Equal(["你好。", "世界！"], ScriptText.SplitSentences("你好。世界！"));

    [Fact]
    public void Words_ChineseCharacters_AreWordsOfTheirOwn()
    {
        const string text = "说 你好，世界 ok";
        var words = ScriptText.Words(text).Select(s => text.Substring(s.Start, s.Length));
        Assert.Equal(["说", "你", "好，", "世", "界", "ok"], words);
    }

    [Theory]
    [InlineData("one two  three", 3)]
    [InlineData("你好世界", 4)]
    [InlineData("— ... !", 0)]
    [InlineData("it's 42", 2)]
    public void CountWords_Counts(string text, int expected) => Assert.Equal(expected, ScriptText.CountWords(text));
}
