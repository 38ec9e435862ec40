using Talkie.Media;
using Talkie.Testing;

namespace Talkie.Localization.Tests;

/// <summary>The dub's sound track from a stereo original, measured on the written and decoded file.</summary>
public sealed class DubMixerTests
{
    private const int Rate = 16000;

    [Fact]
    public async Task AStereoOriginal_KeepsEachSidesSound_LowersItUnderTheSpeech_AndPutsTheVoiceInTheMiddle()
    {
        // The original: a 440 Hz tone on the left and a 660 Hz one on the right (music that the room spreads),
        // 3 s long, with "speech" from 1 s to 2 s. The dub's voice: 300 Hz over the same second.
        var left = Tone(440, 0.2f, 0, 3);
        var right = Tone(660, 0.2f, 0, 3);
        using var voice = Tone(300, 0.3f, 1, 2, 3);
        var mix = DubMixer.Mix([left, right], voice, [(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))], [], -18);
        try
        {
            using var temp = new TempDirectory();
            var path = temp.File("mix.wav");
            WavFile.Write(path, mix);
            var info = await TestServices.Get<MediaProbe>().ProbeAsync(path, CancellationToken.None);
            Assert.Equal(2, info.Audio!.Channels);

            var decoded = await TestServices.Get<MediaDecoder>().ReadAudioChannelsAsync(path, Rate, 2, CancellationToken.None);
            try
            {
                var (l, r) = (decoded[0].Samples.ToArray(), decoded[1].Samples.ToArray());

                // Before the speech each side keeps its own tone, at its level, and none of the other's.
                Assert.InRange(Level(l, 440, 0.2, 0.8), 0.13, 0.15);
                Assert.InRange(Level(r, 660, 0.2, 0.8), 0.13, 0.15);
                Assert.InRange(Level(l, 660, 0.2, 0.8), 0, 0.005);
                Assert.InRange(Level(r, 440, 0.2, 0.8), 0, 0.005);

                // Under the speech: the tones 18 dB down, the voice as loud on both sides.
                Assert.InRange(Level(l, 440, 1.2, 1.8) / Level(l, 440, 0.2, 0.8), 0.11, 0.15);
                Assert.InRange(Level(r, 660, 1.2, 1.8) / Level(r, 660, 0.2, 0.8), 0.11, 0.15);
                var (voiceLeft, voiceRight) = (Level(l, 300, 1.2, 1.8), Level(r, 300, 1.2, 1.8));
                Assert.True(voiceLeft > 0.05, $"voice {voiceLeft:0.000}");
                Assert.InRange(voiceLeft / voiceRight, 0.98, 1.02);
            }
            finally
            {
                Array.ForEach(decoded, d => d.Dispose());
            }
        }
        finally
        {
            Array.ForEach(mix, m => m.Dispose());
            left.Dispose();
            right.Dispose();
        }
    }

    // A sine of `frequency` from `from` to `to` seconds in a buffer `length` seconds long (default `to`).
    private static AudioBuffer Tone(double frequency, float amplitude, double from, double to, double? length = null)
    {
        var samples = new float[(int)((length ?? to) * Rate)];
        for (var i = (int)(from * Rate); i < (int)(to * Rate); i++)
        {
            samples[i] = amplitude * (float)Math.Sin(2 * Math.PI * frequency * i / Rate);
        }

        var buffer = new AudioBuffer(Rate, samples.Length);
        buffer.Append(samples);
        return buffer;
    }

    // The RMS of one frequency's part of the sound between two times (its amplitude ÷ √2 for a pure tone).
    private static double Level(float[] samples, double frequency, double from, double to)
    {
        var (a, b) = ((int)(from * Rate), (int)(to * Rate));
        double re = 0, im = 0;
        for (var i = a; i < b; i++)
        {
            re += samples[i] * Math.Cos(2 * Math.PI * frequency * i / Rate);
            im += samples[i] * Math.Sin(2 * Math.PI * frequency * i / Rate);
        }

        return Math.Sqrt((re * re) + (im * im)) * 2 / (b - a) / Math.Sqrt(2);
    }
}
