using NWaves.FeatureExtractors;
using NWaves.FeatureExtractors.Options;
using Talkie.Media;

namespace Talkie.Speech.Features;

/// <summary>
/// What the sound is doing at each video frame, for learning a person's mouth from their own speech:
/// 13 mel-cepstral coefficients (NWaves; 25 ms windows every 10 ms, averaged over the frame's span)
/// whose first is the log energy. Language-independent: no phones are involved.
/// </summary>
public static class SpeechFeatures
{
    /// <summary>The number of values per frame.</summary>
    public const int Count = 13;

    /// <summary>The sample rate the features expect.</summary>
    public const int SampleRate = 16000;

    /// <summary>Computes one feature vector per video frame (<paramref name="frameCount"/> of them at <paramref name="fps"/>).</summary>
    public static float[][] PerFrame(AudioBuffer audio, double fps, int frameCount)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentOutOfRangeException.ThrowIfNotEqual(audio.SampleRate, SampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        var hop = 0.01;
        var extractor = new MfccExtractor(new MfccOptions
        {
            SamplingRate = SampleRate,
            FeatureCount = Count,
            FrameDuration = 0.025,
            HopDuration = hop,
            FilterBankSize = 26,
            LowFrequency = 60,
            HighFrequency = 7600,
            PreEmphasis = 0.97,
        });

        // A window's worth of silence on either end, so every frame has windows centred on it.
        var padding = (int)(0.0125 * SampleRate);
        var samples = new float[audio.Length + (2 * padding)];
        audio.Samples.CopyTo(samples.AsSpan(padding));
        var windows = samples.Length >= extractor.FrameSize ? extractor.ComputeFrom(samples) : [];
        var frames = new float[frameCount][];
        for (var f = 0; f < frameCount; f++)
        {
            var sum = new float[Count];
            var first = (int)Math.Floor(f / fps / hop);
            var last = Math.Max(first, (int)Math.Ceiling((f + 1) / fps / hop) - 1);
            var n = 0;
            for (var w = first; w <= last && w < windows.Count; w++, n++)
            {
                for (var k = 0; k < Count; k++)
                {
                    sum[k] += windows[w][k];
                }
            }

            if (n == 0)
            {
                // Past the sound's end: the quietest window stands for silence.
                var quiet = windows.Count == 0 ? new float[Count] : windows.MinBy(v => v[0])!;
                quiet.CopyTo(sum, 0);
                n = 1;
            }

            for (var k = 0; k < Count; k++)
            {
                sum[k] /= n;
            }

            frames[f] = sum;
        }

        return frames;
    }
}
