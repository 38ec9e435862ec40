using Talkie.Media;

namespace Talkie.Localization;

/// <summary>
/// The dubbed sound track: the original's sound with its speech lowered (room tone, music and effects stay
/// as they are), and the dub's voice on top at the original speech's level. Where the picture is held
/// (stretch-video timing), the sound just before the hold is repeated under it.
/// </summary>
public static class DubMixer
{
    // How far around speech the original is lowered, and how fast the level moves.
    private const double Margin = 0.08;
    private const double Ramp = 0.08;

    /// <summary>Mixes the track in mono.</summary>
    /// <param name="original">The original sound (mono, at the dub's rate).</param>
    /// <param name="dub">The dub's voice on the output timeline (the mix has its length).</param>
    /// <param name="speech">Where the original speech is (input time).</param>
    /// <param name="holds">Where the picture is held (input time) and for how long, in order.</param>
    /// <param name="duckDb">How much the original speech is lowered.</param>
    /// <param name="length">The mix's length in samples (default the dub's): the original sound's own length plus the holds keeps the output's sound as long as the input's.</param>
    public static AudioBuffer Mix(AudioBuffer original, AudioBuffer dub, IReadOnlyList<(TimeSpan Start, TimeSpan End)> speech, IReadOnlyList<(TimeSpan At, TimeSpan Length)> holds, double duckDb, int? length = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        return Mix([original], dub, speech, holds, duckDb, length)[0];
    }

    /// <summary>
    /// Mixes the track, channel by channel: each of the original's channels (its stereo room, music and
    /// effects) is lowered over the speech the same way, and the dub's voice is put in the middle (equal in
    /// every channel), as a dialogue track is.
    /// </summary>
    /// <param name="original">The original sound, one buffer per channel, at the dub's rate.</param>
    /// <param name="dub">The dub's voice on the output timeline, mono (the mix has its length).</param>
    /// <param name="speech">Where the original speech is (input time).</param>
    /// <param name="holds">Where the picture is held (input time) and for how long, in order.</param>
    /// <param name="duckDb">How much the original speech is lowered.</param>
    /// <param name="length">The mix's length in samples (default the dub's).</param>
    /// <returns>One buffer per channel of the original.</returns>
    public static AudioBuffer[] Mix(IReadOnlyList<AudioBuffer> original, AudioBuffer dub, IReadOnlyList<(TimeSpan Start, TimeSpan End)> speech, IReadOnlyList<(TimeSpan At, TimeSpan Length)> holds, double duckDb, int? length = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(dub);
        ArgumentNullException.ThrowIfNull(speech);
        ArgumentNullException.ThrowIfNull(holds);
        ArgumentOutOfRangeException.ThrowIfZero(original.Count);
        var rate = dub.SampleRate;
        foreach (var channel in original)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(channel.SampleRate, rate);
        }

        var size = length ?? dub.Length;
        var backgrounds = original.Select(c => OnOutputTimeline(c.Samples, holds, rate, size)).ToArray();

        // The level: lowered over the original's speech (mapped to output time) and the dub's.
        var duck = Math.Pow(10, duckDb / 20);
        var gain = new float[size];
        Array.Fill(gain, 1f);
        foreach (var (start, end) in speech.Select(s => (OutputTime(s.Start, holds, false), OutputTime(s.End, holds, true))))
        {
            var (a, b) = ((start.TotalSeconds - Margin) * rate, (end.TotalSeconds + Margin) * rate);
            var ramp = Ramp * rate;
            var first = Math.Max(0, (int)(a - ramp));
            var last = Math.Min(gain.Length, (int)(b + ramp));
            for (var k = first; k < last; k++)
            {
                var inside = Math.Clamp(Math.Min(k - (a - ramp), (b + ramp) - k) / ramp, 0, 1);
                gain[k] = (float)Math.Min(gain[k], 1 - ((1 - duck) * inside));
            }
        }

        // The dub at the level the speaker spoke at (the channels' mean level).
        var stretches = speech.Select(s => ((int)(s.Start.TotalSeconds * rate), (int)(s.End.TotalSeconds * rate))).ToList();
        var spoken = original.Average(c => Rms(c.Samples, stretches));
        var dubbed = Rms(dub.Samples, [(0, dub.Length)], quiet: 0.02);
        var level = dubbed > 1e-6 && spoken > 1e-6 ? (float)Math.Clamp(spoken / dubbed, 0.25, 4) : 1f;
        var voice = dub.Samples;
        var peak = 0f;
        foreach (var samples in backgrounds)
        {
            for (var k = 0; k < samples.Length; k++)
            {
                samples[k] = (samples[k] * gain[k]) + (k < voice.Length ? voice[k] * level : 0);
                peak = Math.Max(peak, Math.Abs(samples[k]));
            }
        }

        // One scale for every channel, so the stereo picture stays as it was.
        var scale = peak > 0.98f ? 0.98f / peak : 1f;
        return [.. backgrounds.Select(samples =>
        {
            if (scale < 1)
            {
                for (var k = 0; k < samples.Length; k++)
                {
                    samples[k] *= scale;
                }
            }

            var mix = new AudioBuffer(rate, samples.Length);
            mix.Append(samples);
            return mix;
        })];
    }

    // One channel of the original on the output timeline: a hold repeats the sound just before it.
    private static float[] OnOutputTimeline(ReadOnlySpan<float> source, IReadOnlyList<(TimeSpan At, TimeSpan Length)> holds, int rate, int size)
    {
        var background = new float[size];
        int read = 0, written = 0;
        foreach (var (at, held) in holds)
        {
            var until = Math.Min(source.Length, (int)(at.TotalSeconds * rate));
            var copy = Math.Max(0, Math.Min(until - read, background.Length - written));
            source.Slice(read, copy).CopyTo(background.AsSpan(written));
            (read, written) = (read + copy, written + copy);
            var extra = Math.Min((int)(held.TotalSeconds * rate), background.Length - written);
            for (var k = 0; k < extra && read > 0; k++)
            {
                background[written + k] = source[Math.Max(0, read - extra) + (k % Math.Max(1, Math.Min(extra, read)))];
            }

            written += extra;
        }

        var rest = Math.Max(0, Math.Min(source.Length - read, background.Length - written));
        source.Slice(read, rest).CopyTo(background.AsSpan(written));
        return background;
    }

    /// <summary>An input time on the output timeline, after the holds before it (<paramref name="after"/>: a time at a hold lands after it).</summary>
    public static TimeSpan OutputTime(TimeSpan input, IReadOnlyList<(TimeSpan At, TimeSpan Length)> holds, bool after)
    {
        ArgumentNullException.ThrowIfNull(holds);
        var added = TimeSpan.Zero;
        foreach (var (at, length) in holds)
        {
            if (at < input || (after && at == input))
            {
                added += length;
            }
        }

        return input + added;
    }

    // Root mean square over stretches, counting only samples above a floor (the speech, not its pauses).
    private static double Rms(ReadOnlySpan<float> samples, IEnumerable<(int Start, int End)> stretches, double quiet = 0.01)
    {
        double sum = 0;
        long count = 0;
        foreach (var (start, end) in stretches)
        {
            for (var k = Math.Max(0, start); k < Math.Min(samples.Length, end); k++)
            {
                if (Math.Abs(samples[k]) > quiet)
                {
                    sum += samples[k] * samples[k];
                    count++;
                }
            }
        }

        return count == 0 ? 0 : Math.Sqrt(sum / count);
    }
}
