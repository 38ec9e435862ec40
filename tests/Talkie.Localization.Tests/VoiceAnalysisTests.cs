using Talkie.Media;
using Talkie.Testing;

namespace Talkie.Localization.Tests;

public sealed class VoiceAnalysisTests
{
    [Theory]
    [InlineData(110)]
    [InlineData(210)]
    public async Task The_pitch_of_a_buzz_is_measured(double hertz)
    {
        using var temp = new TempDirectory();
        var path = temp.File("buzz.wav");

        // A glottal-like buzz: a sawtooth, its highest harmonics taken off.
        await Ffmpeg.RunAsync("-f", "lavfi", "-i", FormattableString.Invariant($"aevalsrc='0.3*(2*mod(t*{hertz},1)-1)':s=16000:d=2"), "-af", "lowpass=f=2500", path);
        using var audio = await TestServices.Get<MediaDecoder>().ReadAudioAsync(path, VoiceAnalysis.SampleRate, CancellationToken.None);
        var traits = VoiceAnalysis.Measure(audio);
        Assert.InRange(traits.MedianPitch, hertz * 0.97, hertz * 1.03);
        Assert.InRange(traits.PitchRange, 0, 0.5);
    }

    [Fact]
    public async Task A_real_voice_has_a_speaking_pitch_and_vowel_formants()
    {
        using var audio = await TestServices.Get<MediaDecoder>().ReadAudioAsync(TestMedia.Speech("en_ljspeech_LJ001-0001.wav"), VoiceAnalysis.SampleRate, CancellationToken.None);
        var traits = VoiceAnalysis.Measure(audio);

        // LJ Speech is one woman reading: her pitch sits around 190–230 Hz.
        Assert.InRange(traits.MedianPitch, 160, 260);
        Assert.InRange(traits.PitchRange, 2, 14);
        Assert.Equal(3, traits.Formants.Count);
        Assert.InRange(traits.Formants[0], 300, 900);
        Assert.InRange(traits.Formants[1], 1000, 2400);
        Assert.InRange(traits.Formants[2], 2000, 3500);
        Assert.Equal(1, traits.FormantScaleFrom(traits), 6);

        // About 37 syllables in 9.7 s of careful reading, pauses included.
        Assert.InRange(traits.SyllableRate, 3, 5.5);
    }
}
