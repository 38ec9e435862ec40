using Talkie.Media;
using Talkie.Speech.Features;
using Talkie.Testing;

namespace Talkie.Speech.Tests;

/// <summary>What a voice sounds like, measured: a synthetic buzz, and real men's and women's voices.</summary>
public sealed class VoiceAnalysisTests
{
    // Obama speaks at about 122 Hz; LJ Speech's reader and AOC are women (a trained avatar's default voice follows this).
    [Theory]
    [InlineData("talking_head/obama_weekly_address_clip_a.mp4", 95, 150)]
    [InlineData("talking_head/obama_weekly_address_clip_b.mp4", 95, 150)]
    [InlineData("speech/en_ljspeech_LJ001-0005.mp3", 170, 260)]
    [InlineData("talking_head/wda_alexandria_ocasio_cortez_000.mp4", 170, 300)]
    public async Task The_median_pitch_of_mens_and_womens_voices(string recording, double low, double high)
    {
        using var audio = await TestServices.Get<MediaDecoder>().ReadAudioAsync(Path.Combine(TestMedia.Root, recording), VoiceAnalysis.SampleRate, CancellationToken.None);
        Assert.InRange(VoiceAnalysis.Measure(audio).MedianPitch, low, high);
    }

    [Fact]
    public void Silence_has_no_pitch()
    {
        using var silence = new AudioBuffer(VoiceAnalysis.SampleRate);
        silence.AppendSilence(TimeSpan.FromSeconds(3));
        Assert.Equal(0, VoiceAnalysis.Measure(silence).MedianPitch);
    }

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
