using System.Buffers;

namespace Talkie.Media;

/// <summary>
/// Mono PCM audio as 32-bit float samples in [-1, 1] on pooled memory. Grows as samples are appended;
/// dispose it to give the memory back.
/// </summary>
public sealed class AudioBuffer : IDisposable
{
    private float[] _samples;
    private int _length;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="sampleRate">Samples per second.</param>
    /// <param name="capacity">Initial capacity in samples.</param>
    public AudioBuffer(int sampleRate, int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        SampleRate = sampleRate;
        _samples = ArrayPool<float>.Shared.Rent(Math.Max(capacity, 1024));
    }

    /// <summary>Gets the sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Gets the number of samples.</summary>
    public int Length => _length;

    /// <summary>Gets the duration.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)_length / SampleRate);

    /// <summary>Gets the samples.</summary>
    public Span<float> Samples => _samples.AsSpan(0, _length);

    /// <summary>Appends float samples.</summary>
    public void Append(ReadOnlySpan<float> samples)
    {
        EnsureCapacity(_length + samples.Length);
        samples.CopyTo(_samples.AsSpan(_length));
        _length += samples.Length;
    }

    /// <summary>Appends 16-bit PCM samples, scaled to [-1, 1].</summary>
    public void AppendPcm16(ReadOnlySpan<short> samples)
    {
        EnsureCapacity(_length + samples.Length);
        var target = _samples.AsSpan(_length, samples.Length);
        for (var i = 0; i < samples.Length; i++)
        {
            target[i] = samples[i] / 32768f;
        }

        _length += samples.Length;
    }

    /// <summary>Appends silence.</summary>
    public void AppendSilence(int sampleCount)
    {
        if (sampleCount <= 0)
        {
            return;
        }

        EnsureCapacity(_length + sampleCount);
        _samples.AsSpan(_length, sampleCount).Clear();
        _length += sampleCount;
    }

    /// <summary>Appends silence for the given time.</summary>
    public void AppendSilence(TimeSpan duration) => AppendSilence((int)Math.Round(duration.TotalSeconds * SampleRate));

    /// <summary>Pads with silence (or cuts) to exactly <paramref name="sampleCount"/> samples.</summary>
    public void SetLength(int sampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        if (sampleCount > _length)
        {
            AppendSilence(sampleCount - _length);
        }
        else
        {
            _length = sampleCount;
        }
    }

    /// <summary>Multiplies every sample by <paramref name="gain"/> (linear) in the given range.</summary>
    public void ApplyGain(float gain, int start = 0, int count = -1)
    {
        if (count < 0)
        {
            count = _length - start;
        }

        var span = _samples.AsSpan(start, count);
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Math.Clamp(span[i] * gain, -1f, 1f);
        }
    }

    /// <summary>Returns the root-mean-square level of a range, in [0, 1].</summary>
    public double Rms(int start, int count)
    {
        start = Math.Clamp(start, 0, _length);
        count = Math.Clamp(count, 0, _length - start);
        if (count == 0)
        {
            return 0;
        }

        double sum = 0;
        foreach (var s in _samples.AsSpan(start, count))
        {
            sum += s * s;
        }

        return Math.Sqrt(sum / count);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var samples = Interlocked.Exchange(ref _samples, []);
        if (samples.Length > 0)
        {
            ArrayPool<float>.Shared.Return(samples);
        }

        _length = 0;
    }

    private void EnsureCapacity(int needed)
    {
        ObjectDisposedException.ThrowIf(_samples.Length == 0, this);
        if (needed <= _samples.Length)
        {
            return;
        }

        var bigger = ArrayPool<float>.Shared.Rent(Math.Max(needed, _samples.Length * 2));
        _samples.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<float>.Shared.Return(_samples);
        _samples = bigger;
    }
}
