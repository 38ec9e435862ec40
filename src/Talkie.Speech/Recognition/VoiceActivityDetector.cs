namespace Talkie.Speech.Recognition;

/// <summary>A stretch of audio that may hold speech.</summary>
/// <param name="StartSample">Where it starts in the whole recording (16 kHz samples).</param>
/// <param name="Samples">Its samples, 16-bit.</param>
internal sealed record AudioChunk(long StartSample, short[] Samples)
{
    public TimeSpan Start => TimeSpan.FromSeconds((double)StartSample / SphinxDecoder.SampleRate);

    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SphinxDecoder.SampleRate);
}

/// <summary>
/// Splits a stream of 16 kHz audio into chunks that hold sound, at pauses, so long recordings are
/// decoded piece by piece (in parallel) with bounded memory. Energy-based with an adaptive noise
/// floor: a 10 ms frame is "active" when it is 12 dB above the quietest recent frames and above
/// -50 dBFS. Chunks are long, because the recognizer does better with a whole phrase and its
/// context (measured: cutting the JFK clip at its 0.8 s pauses doubled the errors): a chunk ends at
/// a pause of 0.35 s once it is 15 s long, at any silence of 2 s, and at 30 s at the latest (cut at
/// the quietest frame of its last 5 s); each keeps 0.3 s of context on both sides. Whether a chunk
/// is speech (and not music or noise) is decided later, by decoding.
/// </summary>
internal sealed class VoiceActivityDetector
{
    private const int Frame = SphinxDecoder.SamplesPerFrame;
    private const int Pad = 30;
    private const int ShortPause = 35;
    private const int LongPause = 200;
    private const int MinChunkForShortPause = 1500;
    private const int MaxChunk = 3000;
    private const int CutWindow = 500;
    private const double AbsoluteFloorDb = -50;
    private const double AboveNoiseDb = 12;

    private readonly List<short> _pending = [];
    private readonly List<double> _energies = [];
    private readonly Queue<short[]> _context = new();
    private readonly Action<AudioChunk> _emit;
    private readonly double[] _recent = new double[300];
    private int _recentCount;
    private long _framesSeen;
    private long _chunkStartFrame = -1;
    private int _silentRun;
    private short[] _partial = new short[Frame];
    private int _partialLength;

    /// <summary>Creates a detector that hands each finished chunk to <paramref name="emit"/>.</summary>
    public VoiceActivityDetector(Action<AudioChunk> emit)
    {
        _emit = emit;

        // Start from a quiet room, so a recording that opens with speech is heard at once.
        Array.Fill(_recent, -70);
        _recentCount = _recent.Length;
    }

    /// <summary>Gets the number of samples seen.</summary>
    public long SamplesSeen => (_framesSeen * Frame) + _partialLength;

    /// <summary>Feeds float samples in [-1, 1].</summary>
    public void Push(ReadOnlySpan<float> samples)
    {
        foreach (var sample in samples)
        {
            _partial[_partialLength++] = (short)Math.Clamp(sample * 32767f, short.MinValue, short.MaxValue);
            if (_partialLength == Frame)
            {
                OnFrame(_partial);
                _partial = new short[Frame];
                _partialLength = 0;
            }
        }
    }

    /// <summary>Ends the stream: the open chunk, if any, is emitted.</summary>
    public void Complete()
    {
        if (_partialLength > 0 && _chunkStartFrame >= 0)
        {
            _pending.AddRange(_partial.AsSpan(0, _partialLength));
            _energies.Add(-120);
        }

        if (_chunkStartFrame >= 0)
        {
            EmitChunk(_energies.Count);
        }
    }

    private void OnFrame(short[] frame)
    {
        var energy = EnergyDb(frame);
        var floor = NoiseFloor(energy);
        var active = energy > AbsoluteFloorDb && energy > floor + AboveNoiseDb;
        _framesSeen++;

        if (_chunkStartFrame < 0)
        {
            if (!active)
            {
                _context.Enqueue(frame);
                if (_context.Count > Pad)
                {
                    _context.Dequeue();
                }

                return;
            }

            // A chunk starts, with the frames just before it as context.
            _chunkStartFrame = _framesSeen - 1 - _context.Count;
            foreach (var earlier in _context)
            {
                _pending.AddRange(earlier);
                _energies.Add(-120);
            }

            _context.Clear();
            _silentRun = 0;
        }

        _pending.AddRange(frame);
        _energies.Add(energy);
        _silentRun = active ? 0 : _silentRun + 1;

        var length = _energies.Count;
        if (_silentRun >= LongPause || (_silentRun >= ShortPause && length >= MinChunkForShortPause))
        {
            // Keep Pad frames of the pause, end the chunk, and let the rest of the pause be context.
            EmitChunk(length - _silentRun + Pad);
        }
        else if (length >= MaxChunk)
        {
            var window = _energies.Skip(length - CutWindow).ToList();
            var quietest = length - CutWindow + window.IndexOf(window.Min());
            EmitChunk(Math.Max(quietest, 1));
        }
    }

    /// <summary>Emits the first <paramref name="frames"/> frames; what follows stays pending (or becomes context).</summary>
    private void EmitChunk(int frames)
    {
        frames = Math.Min(frames, _energies.Count);
        var samples = Math.Min(frames * Frame, _pending.Count);
        _emit(new AudioChunk(_chunkStartFrame * Frame, _pending.GetRange(0, samples).ToArray()));

        var restStart = _chunkStartFrame + frames;
        var restSamples = _pending.GetRange(samples, _pending.Count - samples);
        var restEnergies = _energies.GetRange(frames, _energies.Count - frames);
        _pending.Clear();
        _energies.Clear();
        _chunkStartFrame = -1;
        _silentRun = 0;

        // Whatever came after the cut starts over: active frames open a new chunk at once.
        var hasActive = restEnergies.Any(e => e > -120 && e > AbsoluteFloorDb);
        if (hasActive && _silentRun == 0 && restEnergies.Count > 0)
        {
            _chunkStartFrame = restStart;
            _pending.AddRange(restSamples);
            _energies.AddRange(restEnergies);
        }
        else
        {
            _context.Clear();
            for (var i = Math.Max(0, restEnergies.Count - Pad); i < restEnergies.Count; i++)
            {
                _context.Enqueue(restSamples.GetRange(i * Frame, Math.Min(Frame, restSamples.Count - (i * Frame))).ToArray());
            }
        }
    }

    private double NoiseFloor(double energy)
    {
        // The 10th percentile of the last 3 s of frames tracks background noise.
        _recent[_recentCount % _recent.Length] = energy;
        _recentCount++;
        Span<double> sorted = stackalloc double[_recent.Length];
        _recent.CopyTo(sorted);
        sorted.Sort();
        return sorted[_recent.Length / 10];
    }

    /// <summary>
    /// Marks the 10 ms frames of a whole recording that hold any sound at all (above -40 dBFS):
    /// speech, but also noise and music, so nothing audible escapes a coverage check.
    /// </summary>
    public static bool[] SoundFrames(ReadOnlySpan<short> pcm)
    {
        var frames = pcm.Length / Frame;
        var sound = new bool[frames];
        for (var i = 0; i < frames; i++)
        {
            sound[i] = EnergyDb(pcm.Slice(i * Frame, Frame)) > -40;
        }

        return sound;
    }

    private static double EnergyDb(ReadOnlySpan<short> frame)
    {
        double sum = 0;
        foreach (var s in frame)
        {
            sum += (double)s * s;
        }

        var rms = Math.Sqrt(sum / frame.Length) / 32768.0;
        return rms <= 1e-6 ? -120 : 20 * Math.Log10(rms);
    }
}
