using Talkie.Media;
using Talkie.Speech.Features;
using Talkie.Testing;

namespace Talkie.Speech.Tests;

/// <summary>What the sound says about its speaker: the voice's median pitch, read from real recordings.</summary>
public sealed class SpeechFeaturesTests
{
    // Obama speaks at about 122 Hz (as the dub's voice analysis measures him); LJ Speech's reader and AOC are women.
    [Theory]
    [InlineData("talking_head/obama_weekly_address_clip_a.mp4", 95, 150)]
    [InlineData("talking_head/obama_weekly_address_clip_b.mp4", 95, 150)]
    [InlineData("speech/en_ljspeech_LJ001-0001.wav", 170, 260)]
    [InlineData("speech/en_ljspeech_LJ001-0005.mp3", 170, 260)]
    [InlineData("talking_head/wda_alexandria_ocasio_cortez_000.mp4", 170, 300)]
    public async Task MedianPitch_OfMensAndWomensVoices(string recording, double low, double high)
    {
        using var audio = await TestServices.Get<MediaDecoder>().ReadAudioAsync(Path.Combine(TestMedia.Root, recording), SpeechFeatures.SampleRate, CancellationToken.None);
        var pitch = SpeechFeatures.MedianPitch(audio);
        Assert.NotNull(pitch);
        Assert.InRange(pitch.Value, low, high);
    }

    [Fact]
    public void MedianPitch_OfSilence_IsUnknown()
    {
        using var silence = new AudioBuffer(SpeechFeatures.SampleRate);
        silence.AppendSilence(TimeSpan.FromSeconds(3));
        Assert.Null(SpeechFeatures.MedianPitch(silence));
    }
}
