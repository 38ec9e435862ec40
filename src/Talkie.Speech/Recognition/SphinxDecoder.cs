using System.Runtime.InteropServices;
using Talkie.Media;

namespace Talkie.Speech.Recognition;

/// <summary>A word or phone the decoder found, in 10 ms frames from the start of the utterance.</summary>
/// <param name="Word">The dictionary word, e.g. <c>the(2)</c>, <c>&lt;sil&gt;</c>, or a phone word in alignment.</param>
/// <param name="StartFrame">First frame.</param>
/// <param name="EndFrame">Last frame (inclusive).</param>
/// <param name="Posterior">Posterior probability, 0..1.</param>
/// <param name="AcousticScore">Acoustic log score (log base 1.0001).</param>
internal readonly record struct SphinxSegment(string Word, int StartFrame, int EndFrame, double Posterior, int AcousticScore);

/// <summary>One utterance's result.</summary>
/// <param name="Hypothesis">The words, space separated.</param>
/// <param name="Segments">Words (or phones) with frames.</param>
/// <param name="Score">Total path score (log base 1.0001).</param>
/// <param name="Frames">Number of 10 ms frames.</param>
internal sealed record SphinxResult(string Hypothesis, IReadOnlyList<SphinxSegment> Segments, int Score, int Frames)
{
    /// <summary>
    /// pocketsphinx keeps scores in log base 1.0001, shifted right by 10 bits: one unit is 1024 of
    /// those, about 0.1 in natural log.
    /// </summary>
    public const double NaturalLogPerUnit = 1024 * 0.000099995;

    /// <summary>Gets the path score per frame, in natural log units.</summary>
    public double ScorePerFrame => Frames == 0 ? 0 : Score * NaturalLogPerUnit / Frames;

    /// <summary>Gets the acoustic score per frame (language model left out), in natural log units.</summary>
    public double AcousticScorePerFrame => Frames == 0 ? 0 : Segments.Sum(s => (double)s.AcousticScore) * NaturalLogPerUnit / Frames;
}

/// <summary>
/// One pocketsphinx decoder (a loaded acoustic model, dictionary and search). It is not thread safe:
/// one thread uses it at a time (<see cref="SphinxDecoderPool"/> hands them out).
/// </summary>
internal sealed unsafe class SphinxDecoder : IDisposable
{
    /// <summary>pocketsphinx works on 16 kHz audio in 10 ms frames.</summary>
    public const int SampleRate = 16000;

    public const int SamplesPerFrame = 160;

    private static readonly Lock InitGate = new();
    private nint _decoder;
    private nint _config;
    private readonly nint _logmath;

    /// <summary>Loads a decoder with pocketsphinx command-line style arguments.</summary>
    /// <exception cref="ToolNotFoundException">libpocketsphinx or the model is missing.</exception>
    public SphinxDecoder(IReadOnlyList<string> arguments)
    {
        var argv = arguments.Concat(["-logfn", "/dev/null"]).Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            // Model loading touches process-wide state in sphinxbase (its log stream): one at a time.
            lock (InitGate)
            {
                SphinxNative.err_set_logfp(0);
                fixed (nint* p = argv)
                {
                    _config = SphinxNative.cmd_ln_parse_r(0, SphinxNative.ps_args(), argv.Length, p, 1);
                }

                if (_config == 0)
                {
                    throw new InvalidOperationException($"pocketsphinx rejected its arguments: {string.Join(' ', arguments)}");
                }

                _decoder = SphinxNative.ps_init(_config);
            }
        }
        catch (DllNotFoundException)
        {
            throw new ToolNotFoundException("pocketsphinx library", SphinxNative.PocketSphinx, "Talkie:Speech:PocketSphinxModelDirectory");
        }
        finally
        {
            foreach (var pointer in argv)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }

        if (_decoder == 0)
        {
            SphinxNative.cmd_ln_free_r(_config);
            throw new ToolNotFoundException("pocketsphinx model", string.Join(' ', arguments), "Talkie:Speech:PocketSphinxModelDirectory");
        }

        _logmath = SphinxNative.ps_get_logmath(_decoder);
    }

    /// <summary>Adds (or replaces) a dictionary word.</summary>
    public void AddWord(string word, string phones)
    {
        if (SphinxNative.ps_add_word(_decoder, word, phones, update: 1) < 0)
        {
            throw new InvalidOperationException($"pocketsphinx refused the word {word} /{phones}/");
        }
    }

    /// <summary>Installs a JSGF grammar as the search <paramref name="name"/> and makes it active.</summary>
    public void UseGrammar(string name, string jsgf)
    {
        if (SphinxNative.ps_set_jsgf_string(_decoder, name, jsgf) < 0 || SphinxNative.ps_set_search(_decoder, name) < 0)
        {
            throw new InvalidOperationException("pocketsphinx could not compile the alignment grammar");
        }
    }

    /// <summary>Makes the named search active.</summary>
    public void UseSearch(string name)
    {
        if (SphinxNative.ps_set_search(_decoder, name) < 0)
        {
            throw new InvalidOperationException($"pocketsphinx has no search '{name}'");
        }
    }

    /// <summary>Decodes one utterance of 16 kHz mono audio.</summary>
    public SphinxResult Decode(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_decoder == 0, this);

        // A new stream each time: the noise estimate does not carry over from earlier audio, so a
        // chunk decodes the same whichever decoder gets it and whatever it decoded before.
        SphinxNative.ps_start_stream(_decoder);
        SphinxNative.ps_start_utt(_decoder);
        fixed (short* p = samples)
        {
            // full_utt: the whole utterance is given at once, so cepstral mean normalization uses all of it.
            SphinxNative.ps_process_raw(_decoder, p, (nuint)samples.Length, 0, 1);
        }

        SphinxNative.ps_end_utt(_decoder);
        int score;
        var hypothesis = Marshal.PtrToStringUTF8(SphinxNative.ps_get_hyp(_decoder, &score)) ?? string.Empty;
        var segments = new List<SphinxSegment>();
        for (var segment = SphinxNative.ps_seg_iter(_decoder); segment != 0; segment = SphinxNative.ps_seg_next(segment))
        {
            int start, end, acoustic, language, backoff;
            SphinxNative.ps_seg_frames(segment, &start, &end);
            var probability = SphinxNative.ps_seg_prob(segment, &acoustic, &language, &backoff);
            var word = Marshal.PtrToStringUTF8(SphinxNative.ps_seg_word(segment)) ?? string.Empty;
            segments.Add(new SphinxSegment(word, start, end, Math.Clamp(SphinxNative.logmath_exp(_logmath, probability), 0, 1), acoustic));
        }

        return new SphinxResult(hypothesis, segments, score, SphinxNative.ps_get_n_frames(_decoder));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_decoder != 0)
        {
            SphinxNative.ps_free(_decoder);
            _decoder = 0;
        }

        if (_config != 0)
        {
            SphinxNative.cmd_ln_free_r(_config);
            _config = 0;
        }
    }
}
