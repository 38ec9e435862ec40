using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Talkie.Media;

namespace Talkie.Speech.Recognition;

/// <summary>How speech was timed.</summary>
public enum SpeechTimingMethod
{
    /// <summary>A transcript was aligned to the audio.</summary>
    Aligned,

    /// <summary>The speech was recognized (English), then the recognized words aligned.</summary>
    Recognized,

    /// <summary>Phones were decoded without words (a language the English model cannot read).</summary>
    Phonetic,
}

/// <summary>Speech in a recording, timed to the phone, whichever way it was found.</summary>
/// <param name="Duration">The recording's length.</param>
/// <param name="Phones">Every phone.</param>
/// <param name="Words">The words (empty on the phonetic path).</param>
/// <param name="Method">How the timing was found.</param>
public sealed record TimedSpeech(TimeSpan Duration, IReadOnlyList<PhoneEvent> Phones, IReadOnlyList<WordEvent> Words, SpeechTimingMethod Method)
{
    /// <summary>Gets how well an aligned transcript fits the audio (see <see cref="Alignment.Fit"/>); null when recognized or decoded as phones.</summary>
    public double? Fit { get; init; }

    /// <summary>Gets remarks worth showing the user (e.g. stretches that were not English).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Speech recognition, forced alignment and audio-only phone timing with pocketsphinx, on recordings
/// of any length: audio is streamed from ffmpeg at 16 kHz, cut at pauses, and the chunks decoded on
/// several loaded decoders at once. Each chunk is first decoded as free phones: that says whether it
/// is speech at all (music and noise have almost no vowels), gives the phones for languages the
/// English model cannot read, and is the yardstick that tells a fitting transcript from a wrong one.
/// </summary>
public sealed partial class SpeechAnalyzer : ISpeechRecognizer, IForcedAligner
{
    /// <summary>
    /// A transcript fits when its acoustic score per frame is within this of a free phone loop's
    /// (measured: matching transcripts -0.3 to -2.0, the lowest on espeak-ng's robotic voice; other
    /// sentences' transcripts -3.8 to -5.4 or no alignment at all).
    /// </summary>
    public const double MismatchFit = -2.8;

    /// <summary>
    /// An alignment whose own acoustic score per frame is above this, and whose words cover the
    /// recording's sound, needs no comparison with a phone loop (measured: matching transcripts of
    /// real and festival speech -1.9 to -2.7; wrong ones below -3.5).
    /// </summary>
    public const double PlainlyGoodScore = -3.0;

    /// <summary>
    /// A transcript must account for at least this share of the frames a free phone loop hears as
    /// speech; a transcript that lacks words leaves the rest to silence and noise models.
    /// </summary>
    public const double MinimumCoverage = 0.5;

    /// <summary>
    /// How much a shortfall in coverage counts against the fit: the match is
    /// <c>fit + 3 × (coverage − 1)</c>, which must stay above <see cref="MismatchFit"/> (measured:
    /// the right transcript of the noisy JFK clip -1.1, of espeak-ng's male voice about -2.0;
    /// another text's transcript on the JFK clip -3.3).
    /// </summary>
    public const double CoverageWeight = 3;

    /// <summary>
    /// Below this mean word posterior the recognized words of a stretch are unreliable (measured:
    /// festival voices 0.6–0.86, the noisy 1961 JFK clip 0.40, Mandarin and music 0.27, espeak-ng's
    /// robotic voices 0.18–0.4); such stretches are timed by free phones, which then follow the mouth better.
    /// </summary>
    public const double ReliableConfidence = 0.35;

    /// <summary>
    /// At or above this mean word posterior a chunk is plainly speech and needs no free phone loop
    /// to tell it from music (measured: synthetic music reached 0.36–0.41 on some chunks; clean read
    /// speech 0.8, the 32 kb/s MP3 0.53).
    /// </summary>
    public const double PlainlySpeechConfidence = 0.6;

    /// <summary>The longest recording aligned to a transcript (the word matching needs memory quadratic in words).</summary>
    public static readonly TimeSpan LongestAlignment = TimeSpan.FromMinutes(40);

    private const int BlockSamples = 1600;

    private readonly SphinxDecoderPool _pool;
    private readonly MediaDecoder _media;
    private readonly MediaProbe _probe;
    private readonly SpeechOptions _options;
    private readonly ILogger<SpeechAnalyzer> _logger;
    private readonly VoiceCatalog _voices;
    private readonly Lazy<PronunciationDictionary> _dictionary;

    /// <summary>Creates the analyzer; decoders load on first use and stay loaded.</summary>
    public SpeechAnalyzer(SphinxDecoderPool pool, MediaDecoder media, MediaProbe probe, VoiceCatalog voices, IOptions<SpeechOptions> options, ILogger<SpeechAnalyzer> logger)
    {
        _pool = pool;
        _voices = voices;
        _media = media;
        _probe = probe;
        _options = options.Value;
        _logger = logger;
        _dictionary = new Lazy<PronunciationDictionary>(() => PronunciationDictionary.Load(_pool.DictionaryPath), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Languages { get; } = ["en"];

    /// <inheritdoc />
    public async Task<Transcript> TranscribeAsync(string audioPath, TranscriptionOptions options, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckLanguage(options.Language);
        var language = VoiceCatalog.NormalizeLanguage(options.Language).Split('-')[0];
        if (language != "en")
        {
            throw new InvalidInputException(
                $"speech recognition has a model for English only, not '{options.Language}'; for mouth shapes of speech in any language use `talkie visemes --audio FILE --lang {options.Language}`");
        }

        var (duration, chunks) = await ProcessAsync(audioPath, ChunkWork.RecognizeAndAlign, progress, cancellationToken).ConfigureAwait(false);
        var segments = new List<TranscriptSegment>();
        var phones = new List<PhoneEvent>();
        foreach (var chunk in chunks.Where(c => c.IsSpeech && c.Words is { Count: > 0 }))
        {
            var words = TimedWords(chunk);
            segments.Add(new TranscriptSegment(words[0].Start, words[^1].End, string.Join(' ', words.Select(w => w.Word)), words));
            phones.AddRange(Offset(chunk.Aligned?.Phones ?? [], chunk.Chunk.Start));
        }

        LogTranscribed(_logger, audioPath, duration.TotalSeconds, segments.Count, chunks.Count);
        return new Transcript("en", duration, segments, phones);
    }

    /// <inheritdoc />
    public async Task<Alignment> AlignAsync(string audioPath, string transcript, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var text = ScriptText.NormalizeWhitespace(transcript ?? string.Empty);
        var written = ScriptText.Words(text).Select(span => text.Substring(span.Start, span.Length)).ToList();
        var tokens = written.Select((w, i) => (Index: i, Normalized: PronunciationDictionary.Normalize(w)))
            .Where(t => t.Normalized is not null)
            .Select(t => new AlignToken(t.Index, t.Normalized!))
            .ToList();
        if (tokens.Count == 0)
        {
            throw new ScriptException("the transcript is empty: give the words that are spoken in the audio");
        }

        // The aligner knows English: a transcript mostly of words no English dictionary has is in another language.
        var unknown = tokens.Count(t => !_dictionary.Value.Contains(t.Normalized) && !t.Normalized.Any(char.IsDigit));
        if (tokens.Count >= 4 && unknown > tokens.Count / 2)
        {
            throw new TranscriptMismatchException(
                $"the transcript does not match: {unknown} of its {tokens.Count} words are not English, and alignment works on English speech; for mouth shapes of other languages leave out the transcript and give --lang");
        }

        // Read the recording into memory while it is short enough to align in one pass; a longer one is
        // aligned chunk by chunk instead (streamed again, so memory stays bounded).
        using var audio = new AudioBuffer(SphinxDecoder.SampleRate, SphinxDecoder.SampleRate * 30);
        var limit = _options.WholeAlignmentLimit.TotalSeconds * SphinxDecoder.SampleRate;
        var whole = true;
        await foreach (var block in _media.StreamAudioAsync(audioPath, SphinxDecoder.SampleRate, SphinxDecoder.SampleRate, cancellationToken).ConfigureAwait(false))
        {
            if (audio.Length + block.Length > limit)
            {
                whole = false;
                break;
            }

            audio.Append(block);
        }

        return whole
            ? await AlignWholeAsync(audioPath, audio, written, tokens, progress, cancellationToken).ConfigureAwait(false)
            : await AlignInChunksAsync(audioPath, written, tokens, progress, cancellationToken).ConfigureAwait(false);
    }

    // A typo or a made-up language code is refused rather than timed as "not English".
    private void CheckLanguage(string? language)
    {
        if (!string.IsNullOrWhiteSpace(language) && !_voices.IsLanguage(language))
        {
            throw new InvalidInputException(
                $"'{language}' is not a language Talkie knows; give a code such as en, es, fr, de, ru or cmn (`talkie voices` lists the {_voices.Languages.Count} languages)");
        }
    }

    /// <summary>
    /// Times the speech of a recording for mouth shapes: aligns <paramref name="transcript"/> when
    /// given; otherwise recognizes English (falling back to phones in stretches that are not
    /// English), or decodes phones only for another <paramref name="language"/>.
    /// </summary>
    public async Task<TimedSpeech> TimeSpeechAsync(string audioPath, string? transcript, string? language, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        CheckLanguage(language);
        var english = language is null || VoiceCatalog.NormalizeLanguage(language).Split('-')[0] == "en";
        if (!string.IsNullOrWhiteSpace(transcript))
        {
            if (!english)
            {
                // The English model cannot say how another language's words sound: time the phones.
                var phonetic = await TimeSpeechAsync(audioPath, null, language, progress, cancellationToken).ConfigureAwait(false);
                return phonetic with { Notes = [$"the transcript was not used: word alignment needs English, and the audio is '{language}'"] };
            }

            var alignment = await AlignAsync(audioPath, transcript, progress, cancellationToken).ConfigureAwait(false);
            return new TimedSpeech(alignment.Duration, alignment.Phones, alignment.Words, SpeechTimingMethod.Aligned) { Fit = alignment.Fit };
        }

        var (duration, chunks) = await ProcessAsync(audioPath, english ? ChunkWork.RecognizeAndAlign : ChunkWork.PhonesOnly, progress, cancellationToken).ConfigureAwait(false);
        var phones = new List<PhoneEvent>();
        var words = new List<WordEvent>();
        var foreign = 0;
        foreach (var chunk in chunks.Where(c => c.IsSpeech))
        {
            if (chunk.Reliable && chunk.Aligned is { } aligned)
            {
                phones.AddRange(Offset(aligned.Phones, chunk.Chunk.Start));
                words.AddRange(TimedWords(chunk).Select(w => new WordEvent(w.Start, w.End, w.Word)));
            }
            else
            {
                // Not English, or words too uncertain to trust: the free phones still follow the mouth.
                foreign += english ? 1 : 0;
                phones.AddRange(Offset(chunk.Loop?.Phones ?? [], chunk.Chunk.Start));
            }
        }

        var method = english && words.Count > 0 ? SpeechTimingMethod.Recognized : SpeechTimingMethod.Phonetic;
        var notes = foreign > 0 ? new[] { $"{foreign} stretch(es) were not recognized as English with confidence and were timed by phones alone (give --lang for non-English speech, or --transcript)" } : [];
        return new TimedSpeech(duration, phones, words, method) { Notes = notes };
    }

    private async Task<Alignment> AlignWholeAsync(string audioPath, AudioBuffer audio, List<string> written, List<AlignToken> tokens, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var pcm = ToPcm16(audio.Samples);
        var duration = audio.Duration;
        progress?.Report(0.1);

        AlignedChunk? aligned;
        using (var lease = await _pool.RentAsync(DecoderKind.Alignment, cancellationToken).ConfigureAwait(false))
        {
            aligned = SphinxOperations.Align(lease.Decoder, pcm, tokens, _dictionary.Value);
        }

        progress?.Report(0.6);

        // Plainly good (a fitting score, words over most of the sound, phones of speech-like length):
        // no need to decode a phone loop to compare. Anything less goes through the full check.
        if (aligned is not null
            && aligned.AcousticPerFrame >= PlainlyGoodScore
            && Coverage(EnergyPhones(pcm), aligned.Phones) >= 0.75
            && aligned.Phones.Select(p => (p.End - p.Start).TotalMilliseconds).Order().ElementAt(aligned.Phones.Count / 2) <= 150)
        {
            LogAlignedPlainly(_logger, audioPath, duration.TotalSeconds, aligned.AcousticPerFrame);
            progress?.Report(1);
            return new Alignment(duration, WordEvents(written, aligned.Words, duration), aligned.Phones, null);
        }

        LoopResult loop;
        using (var lease = await _pool.RentAsync(DecoderKind.PhoneLoop, cancellationToken).ConfigureAwait(false))
        {
            loop = SphinxOperations.PhoneLoop(lease.Decoder, pcm);
        }

        progress?.Report(1);
        if (!loop.SoundsLikeSpeech)
        {
            throw new TranscriptMismatchException($"the transcript does not match the audio: {Path.GetFileName(audioPath)} holds no speech");
        }

        var fit = aligned is null ? double.NegativeInfinity : aligned.AcousticPerFrame - loop.AcousticPerFrame;
        var coverage = aligned is null ? 0 : Coverage(loop.Phones, aligned.Phones);
        LogAligned(_logger, audioPath, duration.TotalSeconds, fit, coverage);
        if (aligned is null || fit < MismatchFit)
        {
            throw Mismatch(audioPath, fit);
        }

        if (!Matches(fit, coverage))
        {
            throw new TranscriptMismatchException(
                $"the transcript does not match the speech in {Path.GetFileName(audioPath)}: its words account for only {coverage:P0} of the speech, and fit it poorly ({fit:0.0} per frame); check that it is this recording's whole transcript");
        }

        return new Alignment(duration, WordEvents(written, aligned.Words, duration), aligned.Phones, fit);
    }

    private async Task<Alignment> AlignInChunksAsync(string audioPath, List<string> written, List<AlignToken> tokens, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        // Recognize first, to learn which transcript words fall in which chunk; then align each chunk to its words.
        var length = (await _probe.ProbeAsync(audioPath, cancellationToken).ConfigureAwait(false)).Duration ?? TimeSpan.Zero;
        if (length > LongestAlignment)
        {
            throw new InvalidInputException(
                $"the recording is {length.TotalMinutes:0} minutes long; aligning a transcript works on up to {LongestAlignment.TotalMinutes:0} minutes: split the recording and its transcript");
        }

        var (duration, chunks) = await ProcessAsync(audioPath, ChunkWork.Recognize, new Progress<double>(p => progress?.Report(p * 0.7)), cancellationToken).ConfigureAwait(false);
        var recognized = chunks.SelectMany((c, i) => (c.Words ?? []).Select(w => (Word: w.Word, Chunk: i))).ToList();
        var matches = TranscriptMatcher.Match(tokens.Select(t => t.Normalized).ToList(), recognized.Select(r => r.Word).ToList());
        var chunkOf = new int[tokens.Count];
        var last = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            chunkOf[i] = matches[i] >= 0 ? recognized[matches[i]].Chunk : last;
            last = chunkOf[i];
        }

        // Words before the first match belong to the first chunk that has a match.
        var firstKnown = chunkOf.FirstOrDefault(c => c >= 0, -1);
        if (firstKnown < 0)
        {
            throw Mismatch(audioPath, double.NegativeInfinity);
        }

        for (var i = 0; i < chunkOf.Length && chunkOf[i] < 0; i++)
        {
            chunkOf[i] = firstKnown;
        }

        var aligned = new ConcurrentDictionary<int, AlignedChunk?>();
        var groups = tokens.Select((t, i) => (Token: t, Chunk: chunkOf[i])).GroupBy(x => x.Chunk).ToList();
        var done = 0;
        await Parallel.ForEachAsync(
            groups,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDecoders, CancellationToken = cancellationToken },
            async (group, token) =>
            {
                using var lease = await _pool.RentAsync(DecoderKind.Alignment, token).ConfigureAwait(false);
                aligned[group.Key] = SphinxOperations.Align(lease.Decoder, chunks[group.Key].Chunk.Samples, group.Select(g => g.Token).ToList(), _dictionary.Value);
                progress?.Report(0.7 + (0.3 * Interlocked.Increment(ref done) / groups.Count));
            }).ConfigureAwait(false);

        var phones = new List<PhoneEvent>();
        var timed = new List<(int Index, TimeSpan Start, TimeSpan End)>();
        double fitSum = 0;
        var failed = 0;
        foreach (var (index, result) in aligned.OrderBy(a => a.Key))
        {
            if (result is null)
            {
                failed++;
                continue;
            }

            var start = chunks[index].Chunk.Start;
            phones.AddRange(Offset(result.Phones, start));
            timed.AddRange(result.Words.Select(w => (w.Index, w.Start + start, w.End + start)));
            fitSum += result.AcousticPerFrame - chunks[index].Loop!.AcousticPerFrame;
        }

        var fit = aligned.Count == failed ? double.NegativeInfinity : fitSum / (aligned.Count - failed);
        var coverage = Coverage(chunks.SelectMany(c => Offset(c.Loop!.Phones, c.Chunk.Start)).ToList(), phones);
        LogAligned(_logger, audioPath, duration.TotalSeconds, fit, coverage);
        if (failed > aligned.Count / 4 || !Matches(fit, coverage))
        {
            throw Mismatch(audioPath, fit);
        }

        return new Alignment(duration, WordEvents(written, timed, duration), phones, fit);
    }

    /// <summary>Streams the audio through voice activity detection and decodes the chunks in parallel.</summary>
    private async Task<(TimeSpan Duration, List<ChunkResult> Chunks)> ProcessAsync(string audioPath, ChunkWork work, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var info = await _probe.ProbeAsync(audioPath, cancellationToken).ConfigureAwait(false);
        if (info.Audio is null)
        {
            throw new InvalidInputException($"{audioPath} has no audio stream; give a recording or a video with sound");
        }

        var expected = (info.Audio.Duration ?? info.Duration ?? TimeSpan.FromSeconds(1)).TotalSeconds * SphinxDecoder.SampleRate;
        var queue = Channel.CreateBounded<(int Index, AudioChunk Chunk)>(new BoundedChannelOptions(_options.MaxDecoders * 2) { SingleWriter = true });
        var results = new ConcurrentDictionary<int, ChunkResult>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long samples = 0;

        var reading = Task.Run(
            async () =>
            {
                try
                {
                    var emitted = new List<AudioChunk>();
                    var detector = new VoiceActivityDetector(emitted.Add);
                    var index = 0;
                    await foreach (var block in _media.StreamAudioAsync(audioPath, SphinxDecoder.SampleRate, BlockSamples, stop.Token).ConfigureAwait(false))
                    {
                        detector.Push(block);
                        foreach (var chunk in emitted)
                        {
                            await queue.Writer.WriteAsync((index++, chunk), stop.Token).ConfigureAwait(false);
                        }

                        emitted.Clear();
                        Interlocked.Exchange(ref samples, detector.SamplesSeen);
                        progress?.Report(Math.Min(0.99, detector.SamplesSeen / expected));
                    }

                    detector.Complete();
                    foreach (var chunk in emitted)
                    {
                        await queue.Writer.WriteAsync((index++, chunk), stop.Token).ConfigureAwait(false);
                    }

                    Interlocked.Exchange(ref samples, detector.SamplesSeen);
                    queue.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    queue.Writer.TryComplete(ex);
                    throw;
                }
            },
            CancellationToken.None);

        try
        {
            await Parallel.ForEachAsync(
                queue.Reader.ReadAllAsync(stop.Token),
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDecoders, CancellationToken = stop.Token },
                async (item, token) => results[item.Index] = await ProcessChunkAsync(item.Chunk, work, token).ConfigureAwait(false)).ConfigureAwait(false);
            await reading.ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (reading.IsFaulted && reading.Exception!.InnerException is TalkieException input)
            {
                throw input;
            }

            throw;
        }

        progress?.Report(1);
        var duration = TimeSpan.FromSeconds((double)Interlocked.Read(ref samples) / SphinxDecoder.SampleRate);
        return (duration, results.OrderBy(r => r.Key).Select(r => r.Value).ToList());
    }

    /// <summary>
    /// Decodes one chunk. English is recognized and its words aligned; the free phone loop runs only
    /// where it is needed: for phones alone, for the chunk-by-chunk transcript check, and wherever the
    /// recognizer is not plainly sure (to tell unclear or foreign speech, which keeps its phones, from
    /// music and noise, which are dropped).
    /// </summary>
    private async Task<ChunkResult> ProcessChunkAsync(AudioChunk chunk, ChunkWork work, CancellationToken cancellationToken)
    {
        if (work == ChunkWork.PhonesOnly)
        {
            return new ChunkResult(Release(chunk, work), await LoopAsync(chunk, cancellationToken).ConfigureAwait(false), null, null);
        }

        List<(string Word, double Confidence)> words;
        using (var lease = await _pool.RentAsync(DecoderKind.Recognition, cancellationToken).ConfigureAwait(false))
        {
            words = SphinxOperations.Recognize(lease.Decoder, chunk.Samples);
        }

        var plainlySpeech = words.Count > 0 && words.Average(w => w.Confidence) >= PlainlySpeechConfidence;
        var loop = work == ChunkWork.Recognize || !plainlySpeech ? await LoopAsync(chunk, cancellationToken).ConfigureAwait(false) : null;
        if (loop is { SoundsLikeSpeech: false })
        {
            // Music or noise: whatever words the recognizer made of it are dropped.
            return new ChunkResult(Release(chunk, work), loop, null, null);
        }

        if (work == ChunkWork.Recognize || words.Count == 0)
        {
            return new ChunkResult(Release(chunk, work), loop, words, null);
        }

        AlignedChunk? aligned;
        using (var lease = await _pool.RentAsync(DecoderKind.Alignment, cancellationToken).ConfigureAwait(false))
        {
            aligned = SphinxOperations.Align(lease.Decoder, chunk.Samples, words.Select((w, i) => new AlignToken(i, w.Word)).ToList(), _dictionary.Value);
        }

        // Without an alignment, the free phones are what is left to time the chunk by.
        loop ??= aligned is null ? await LoopAsync(chunk, cancellationToken).ConfigureAwait(false) : null;
        return new ChunkResult(Release(chunk, work), loop, words, aligned);
    }

    private async Task<LoopResult> LoopAsync(AudioChunk chunk, CancellationToken cancellationToken)
    {
        using var lease = await _pool.RentAsync(DecoderKind.PhoneLoop, cancellationToken).ConfigureAwait(false);
        return SphinxOperations.PhoneLoop(lease.Decoder, chunk.Samples);
    }

    /// <summary>Keeps a chunk's samples only when a second pass needs them, so long files stay in bounded memory.</summary>
    private static AudioChunk Release(AudioChunk chunk, ChunkWork work) => work == ChunkWork.Recognize ? chunk : chunk with { Samples = [] };

    /// <summary>A chunk's recognized words with times: from the alignment of the words when it succeeded, else spread over the chunk.</summary>
    private static List<RecognizedWord> TimedWords(ChunkResult chunk)
    {
        var words = chunk.Words!;
        var start = chunk.Chunk.Start;
        if (chunk.Aligned is { } aligned && aligned.Words.Count == words.Count)
        {
            return aligned.Words.Select(w => new RecognizedWord(start + w.Start, start + w.End, words[w.Index].Word, words[w.Index].Confidence)).ToList();
        }

        var speech = chunk.Loop?.Phones ?? [];
        var from = start + (speech.Count > 0 ? speech[0].Start : TimeSpan.Zero);
        var to = start + (speech.Count > 0 ? speech[^1].End : chunk.Chunk.Duration);
        var step = (to - from) / words.Count;
        return words.Select((w, i) => new RecognizedWord(from + (step * i), from + (step * (i + 1)), w.Word, w.Confidence)).ToList();
    }

    /// <summary>Caption words: every written word, timed; words that could not be aligned (no pronunciation) share their neighbours' gap.</summary>
    private static List<WordEvent> WordEvents(List<string> written, List<(int Index, TimeSpan Start, TimeSpan End)> timed, TimeSpan duration)
    {
        var byIndex = timed.GroupBy(t => t.Index).ToDictionary(g => g.Key, g => (g.First().Start, g.Last().End));
        var events = new List<WordEvent>(written.Count);
        for (var i = 0; i < written.Count; i++)
        {
            if (byIndex.TryGetValue(i, out var time))
            {
                events.Add(new WordEvent(time.Start, time.End, written[i]));
                continue;
            }

            var before = events.Count > 0 ? events[^1].End : TimeSpan.Zero;
            var after = Enumerable.Range(i + 1, written.Count - i - 1).Select(j => byIndex.TryGetValue(j, out var t) ? t.Start : (TimeSpan?)null).FirstOrDefault(t => t is not null) ?? duration;
            events.Add(new WordEvent(before, after < before ? before : after, written[i]));
        }

        for (var i = 0; i < events.Count; i++)
        {
            var text = events[i].Text;
            if (text.Length > 0 && text[^1] is '.' or '!' or '?')
            {
                events[i] = events[i] with { EndsSentence = true };
            }
        }

        if (events.Count > 0)
        {
            events[^1] = events[^1] with { EndsSentence = true };
        }

        return events;
    }

    private static IEnumerable<PhoneEvent> Offset(IEnumerable<PhoneEvent> phones, TimeSpan by)
        => phones.Select(p => p with { Start = p.Start + by, End = p.End + by });

    private static short[] ToPcm16(ReadOnlySpan<float> samples)
    {
        var pcm = new short[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            pcm[i] = (short)Math.Clamp(samples[i] * 32767f, short.MinValue, short.MaxValue);
        }

        return pcm;
    }

    private static TranscriptMismatchException Mismatch(string audioPath, double fit) => new(double.IsNegativeInfinity(fit)
        ? $"the transcript does not match the speech in {Path.GetFileName(audioPath)}: no alignment of its words fits the audio; check that it is this recording's transcript, in the language spoken"
        : $"the transcript does not match the speech in {Path.GetFileName(audioPath)} (fit {fit:0.0} per frame; a matching transcript scores above {MismatchFit:0.0}); check that it is this recording's transcript, in the language spoken");

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcribed {Path}: {Seconds:0.0} s, {Segments} speech segments in {Chunks} chunks")]
    private static partial void LogTranscribed(ILogger logger, string path, double seconds, int segments, int chunks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Aligned {Path}: {Seconds:0.0} s, fit {Fit:0.00} per frame, speech coverage {Coverage:P0}")]
    private static partial void LogAligned(ILogger logger, string path, double seconds, double fit, double coverage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Aligned {Path}: {Seconds:0.0} s, score {Score:0.00} per frame: plainly good, no phone loop needed")]
    private static partial void LogAlignedPlainly(ILogger logger, string path, double seconds, double score);

    /// <summary>The audible stretches of a recording, as pseudo-phones for <see cref="Coverage"/>.</summary>
    private static List<PhoneEvent> EnergyPhones(short[] pcm)
    {
        var active = VoiceActivityDetector.SoundFrames(pcm);
        var phones = new List<PhoneEvent>();
        for (var i = 0; i < active.Length; i++)
        {
            if (active[i])
            {
                phones.Add(new PhoneEvent(TimeSpan.FromMilliseconds(i * 10), TimeSpan.FromMilliseconds((i + 1) * 10), "sound", PhoneAlphabet.Arpabet));
            }
        }

        return phones;
    }

    /// <summary>Whether a transcript's fit and coverage say it is the recording's transcript.</summary>
    private static bool Matches(double fit, double coverage)
        => fit >= MismatchFit && coverage >= MinimumCoverage && fit + (CoverageWeight * (coverage - 1)) >= MismatchFit;

    /// <summary>The share of the phone loop's speech frames that aligned phones cover.</summary>
    private static double Coverage(IReadOnlyList<PhoneEvent> heard, IReadOnlyList<PhoneEvent> aligned)
    {
        var frames = (int)Math.Ceiling(Math.Max(heard.Count > 0 ? heard[^1].End.TotalSeconds : 0, aligned.Count > 0 ? aligned[^1].End.TotalSeconds : 0) * 100) + 1;
        var covered = new bool[frames];
        foreach (var phone in aligned)
        {
            for (var f = (int)(phone.Start.TotalSeconds * 100); f < (int)(phone.End.TotalSeconds * 100) && f < frames; f++)
            {
                covered[f] = true;
            }
        }

        int speech = 0, hit = 0;
        foreach (var phone in heard)
        {
            for (var f = (int)(phone.Start.TotalSeconds * 100); f < (int)(phone.End.TotalSeconds * 100) && f < frames; f++)
            {
                speech++;
                hit += covered[f] ? 1 : 0;
            }
        }

        return speech == 0 ? 1 : (double)hit / speech;
    }

    private enum ChunkWork
    {
        PhonesOnly,
        Recognize,
        RecognizeAndAlign,
    }

    /// <summary>What a chunk gave: the free phones (when they were decoded), the recognized words and their alignment.</summary>
    private sealed record ChunkResult(AudioChunk Chunk, LoopResult? Loop, List<(string Word, double Confidence)>? Words, AlignedChunk? Aligned)
    {
        /// <summary>Gets whether the chunk is speech: confidently recognized, or with vowels among its free phones.</summary>
        public bool IsSpeech => Loop?.SoundsLikeSpeech ?? Words is { Count: > 0 };

        /// <summary>Gets whether the recognized words can be trusted to time the mouth.</summary>
        public bool Reliable => Aligned is not null && Words is { Count: > 0 } && Words.Average(w => w.Confidence) >= ReliableConfidence;
    }
}
