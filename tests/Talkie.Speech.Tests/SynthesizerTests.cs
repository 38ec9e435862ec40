using Talkie.Speech.Visemes;
using Talkie.Testing;

namespace Talkie.Speech.Tests;

public sealed class SynthesizerTests
{
    private static VoiceCatalog Catalog => TestServices.Get<VoiceCatalog>();

    public static TheoryData<string, string> Languages => new()
    {
        { "festival-en-us-slt", "The quick brown fox jumps over the lazy dog. It is 42 degrees." },
        { "espeak-en-us-m", "The quick brown fox jumps over the lazy dog. It is 42 degrees." },
        { "espeak-es-f", "El veloz murciélago hindú comía feliz cardillo y kiwi." },
        { "espeak-fr-fr-m", "Portez ce vieux whisky au juge blond qui fume." },
        { "espeak-de-f", "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich." },
        { "espeak-ru-m", "Съешь же ещё этих мягких французских булок, да выпей чаю." },
        { "espeak-cmn-f", "我们今天学习中文。" },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Synthesize_Language_GivesAudioPhonesAndTheWrittenWords(string voiceId, string text)
    {
        var voice = Catalog.Find(voiceId)!;
        using var narration = await Catalog.SynthesizeAsync(ScriptParser.Parse(text), voice, CancellationToken.None);

        Assert.True(narration.Duration > TimeSpan.FromSeconds(1));
        Assert.True(narration.Phones.Count > 10);
        Assert.All(narration.Phones, p => Assert.True(p.End > p.Start && p.End <= narration.Duration));
        Assert.True(narration.Phones.Zip(narration.Phones.Skip(1)).All(pair => pair.First.Start <= pair.Second.Start));

        // Captions use the words as written, in order, each timed inside the speech.
        var written = string.Concat(narration.Words.Select(w => w.Text)).Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Equal(text.Replace(" ", string.Empty, StringComparison.Ordinal), written);
        Assert.True(narration.Words.Zip(narration.Words.Skip(1)).All(pair => pair.First.Start <= pair.Second.Start));
        Assert.True(narration.Words[^1].EndsSentence);

        // Audio is speech where the phones are and silence in the lead-in.
        var rate = narration.Audio.SampleRate;
        var leadIn = narration.Audio.Rms(0, (int)(0.25 * rate));
        var first = narration.Phones[0].Start;
        var speech = narration.Audio.Rms((int)(first.TotalSeconds * rate), (int)(0.5 * rate));
        Assert.True(leadIn < 0.001, $"lead-in rms {leadIn}");
        Assert.True(speech > 0.02, $"speech rms {speech}");
        Assert.InRange(first.TotalSeconds, 0.25, 0.45);
    }

    [Fact]
    public async Task Synthesize_RateProsody_ChangesTheLength()
    {
        var voice = Catalog.Find("espeak-en-us-f")!;
        using var slow = await Catalog.SynthesizeAsync(ScriptParser.Parse("<speak><prosody rate=\"slow\">One two three four five six.</prosody></speak>"), voice, CancellationToken.None);
        using var fast = await Catalog.SynthesizeAsync(ScriptParser.Parse("<speak><prosody rate=\"fast\">One two three four five six.</prosody></speak>"), voice, CancellationToken.None);
        Assert.True(slow.Duration > fast.Duration + TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Synthesize_FestivalNumber_IsOneCaptionWordSpokenAsTwo()
    {
        var voice = Catalog.Find("festival-en-us-slt")!;
        using var narration = await Catalog.SynthesizeAsync(ScriptParser.Parse("It is 42 today."), voice, CancellationToken.None);

        Assert.Equal(["It", "is", "42", "today."], narration.Words.Select(w => w.Text));
        var number = narration.Words[2];
        Assert.True(number.End - number.Start > TimeSpan.FromMilliseconds(300));
        Assert.Equal(32000, narration.Audio.SampleRate);
        Assert.All(narration.Phones, p => Assert.Equal(PhoneAlphabet.Arpabet, p.Alphabet));
    }

    [Fact]
    public async Task Synthesize_Break_IsSilentForItsDuration()
    {
        var voice = Catalog.Find("espeak-en-us-m")!;
        using var narration = await Catalog.SynthesizeAsync(ScriptParser.Parse("<speak>Before.<break time=\"1500ms\"/>After.</speak>"), voice, CancellationToken.None);

        var gap = narration.Words[1].Start - narration.Words[0].End;
        Assert.InRange(gap.TotalSeconds, 1.5, 2.1);
        Assert.DoesNotContain(narration.Phones, p => p.Start > narration.Words[0].End + TimeSpan.FromMilliseconds(50) && p.End < narration.Words[1].Start - TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Synthesize_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var voice = Catalog.Find("espeak-en-us-m")!;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Catalog.SynthesizeAsync(ScriptParser.Parse("Hello."), voice, cts.Token));
    }

    [Theory]
    [InlineData("festival-en-us-slt")]
    [InlineData("espeak-en-us-m")]
    public async Task VisemeTrack_OfRealSpeech_ChangesShapeWithinOneFrameOfAPhoneEvent(string voiceId)
    {
        var voice = Catalog.Find(voiceId)!;
        using var narration = await Catalog.SynthesizeAsync(
            ScriptParser.Parse("Peter Piper picked a peck of pickled peppers. Where is the peck of pickled peppers Peter Piper picked?"),
            voice,
            CancellationToken.None);
        var frame = TimeSpan.FromSeconds(1 / 25.0);
        var track = VisemeTrackBuilder.Build(narration.Phones, narration.Duration, new VisemeOptions { FrameRate = 25 });
        // A diphthong moves between its two targets inside the phone, at a fixed share of it.
        var boundaries = narration.Phones
            .SelectMany(p => PhoneVisemes.Map(p.Phone, p.Alphabet) is [var first, _]
                ? new[] { p.Start, p.End, p.Start + ((p.End - p.Start) * first.Share) }
                : [p.Start, p.End])
            .Order()
            .ToList();

        foreach (var cue in track.Cues.Skip(1))
        {
            var nearest = boundaries.Min(b => (b - cue.Start).Duration());
            Assert.True(nearest <= frame, $"cue {cue} is {nearest.TotalMilliseconds:0} ms from every phone boundary");
        }

        // Every p, b and m is shown closed, starting within one frame of the phone.
        foreach (var phone in narration.Phones.Where(p => PhoneVisemes.Map(p.Phone, p.Alphabet) is [{ Shape: Viseme.A }]))
        {
            var closure = track.Cues.FirstOrDefault(c => c.Shape == Viseme.A && c.End > phone.Start && c.Start < phone.End + frame);
            Assert.True(closure.Shape == Viseme.A, $"no closed mouth for {phone}");
            Assert.True((closure.Start - phone.Start).Duration() <= frame || closure.Start <= phone.Start, $"closure {closure} for {phone}");
        }
    }
}
