using Talkie.Speech.Espeak;
using Talkie.Testing;

namespace Talkie.Speech.Tests;

public sealed class VoiceCatalogTests
{
    private static VoiceCatalog Catalog => TestServices.Get<VoiceCatalog>();

    [Fact]
    public void Voices_CoverBothEnginesAndAboutAHundredLanguages()
    {
        Assert.Contains(Catalog.Voices, v => v.Engine == "festival" && v.Id == "festival-en-us-slt" && v.SampleRate == 32000);
        Assert.True(Catalog.Voices.Count(v => v.Engine == "espeak-ng") > 200);
        Assert.True(Catalog.Languages.Count > 100);
        Assert.All(Catalog.Voices, v =>
        {
            Assert.False(string.IsNullOrWhiteSpace(v.Id));
            Assert.False(string.IsNullOrWhiteSpace(v.Language));
            Assert.NotEqual(VoiceGender.Unknown, v.Gender);
            Assert.True(v.SampleRate >= 16000);
        });
        Assert.Equal(Catalog.Voices.Count, Catalog.Voices.Select(v => v.Id).Distinct().Count());
    }

    [Fact]
    public void Voices_LeaveOutTheBrokenEspeakVoices()
    {
        Assert.DoesNotContain(Catalog.Voices, v => EspeakSynthesizer.BrokenVoices.ContainsKey(v.EngineVoice.Split('+')[0]));
        Assert.Contains(Catalog.Voices, v => v.Language == "cmn" && v.EngineVoice.StartsWith("sit/cmn-Latn-pinyin", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("es", VoiceGender.Unknown, "es")]
    [InlineData("EN_us", VoiceGender.Female, "en-us")]
    [InlineData("fr", VoiceGender.Male, "fr-fr")]
    [InlineData("zh", VoiceGender.Female, "cmn")]
    [InlineData("pt-br", VoiceGender.Unknown, "pt-br")]
    public void Resolve_Language_PicksAVoiceOfIt(string language, VoiceGender gender, string expected)
    {
        var voice = Catalog.Resolve(null, language, gender);
        Assert.Equal(expected, voice.Language);
        if (gender != VoiceGender.Unknown)
        {
            Assert.Equal(gender, voice.Gender);
        }
    }

    [Fact]
    public void Resolve_EnglishFemale_IsTheFestivalVoice()
        => Assert.Equal("festival-en-us-slt", Catalog.Resolve(null, "en", VoiceGender.Female).Id);

    [Fact]
    public void Resolve_UnknownVoice_SuggestsCloseIds()
    {
        var error = Assert.Throws<UnknownVoiceException>(() => Catalog.Resolve("espeak-es-x", null));
        Assert.Contains("unknown voice 'espeak-es-x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("espeak-es-", error.Message, StringComparison.Ordinal);
        Assert.Contains("talkie voices", error.Message, StringComparison.Ordinal);

        // A region left out: the voices of that language and gender come first, not ids a letter away.
        error = Assert.Throws<UnknownVoiceException>(() => Catalog.Resolve("espeak-en-m", null));
        Assert.Contains("did you mean espeak-en-gb-m or espeak-en-us-m", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<UnknownVoiceException>(() => Catalog.Resolve("festival-slt", null));
        Assert.Contains("did you mean festival-en-us-slt?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownLanguage_SaysSo()
    {
        var error = Assert.Throws<UnknownVoiceException>(() => Catalog.Resolve(null, "xx"));
        Assert.Contains("no voice speaks 'xx'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_VoiceOfAnotherLanguage_IsRefused()
    {
        var error = Assert.Throws<UnknownVoiceException>(() => Catalog.Resolve("festival-en-us-slt", "es"));
        Assert.Contains("not 'es'", error.Message, StringComparison.Ordinal);
    }
}
