using Talkie.Media;

namespace Talkie.Speech;

/// <summary>One speech run as an engine rendered it, times relative to its own start.</summary>
/// <param name="Audio">The audio.</param>
/// <param name="Phones">The phones (non-silent ones; gaps are silence).</param>
/// <param name="Words">The words with their index into <see cref="ScriptText.Words"/> of the run's spoken text.</param>
internal sealed record ChunkAudio(AudioBuffer Audio, List<PhoneEvent> Phones, List<ChunkWord> Words);

/// <summary>A word of a chunk.</summary>
internal readonly record struct ChunkWord(TimeSpan Start, TimeSpan End, int WordIndex);

/// <summary>
/// The shared part of every engine: each speech run is synthesized on its own, trimmed of the engine's
/// own leading and trailing silence, and joined with Talkie's pauses, so timing is the same whatever
/// engine speaks.
/// </summary>
public abstract class ChunkedSynthesizer : ISpeechSynthesizer
{
    /// <summary>Silence before the first word, so the presenter starts at rest.</summary>
    public static readonly TimeSpan LeadIn = TimeSpan.FromMilliseconds(300);

    /// <inheritdoc />
    public virtual void CheckScript(SpeechScript script)
    {
    }

    /// <summary>Silence after the last word.</summary>
    public static readonly TimeSpan TailOut = TimeSpan.FromMilliseconds(500);

    /// <summary>The join between runs of one sentence (an emphasized word and its neighbours).</summary>
    public static readonly TimeSpan RunJoin = TimeSpan.FromMilliseconds(40);

    private const float SilenceThreshold = 0.006f;

    /// <inheritdoc />
    public abstract string Engine { get; }

    /// <inheritdoc />
    public abstract bool IsAvailable { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<Voice> Voices { get; }

    /// <inheritdoc />
    public async Task<Narration> SynthesizeAsync(SpeechScript script, Voice voice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(voice);
        if (!script.HasSpeech)
        {
            throw new ScriptException("the script is empty: there is nothing to say");
        }

        var runs = script.Items.OfType<SpeechRun>().ToList();
        var chunks = await SynthesizeRunsAsync(runs, voice, cancellationToken).ConfigureAwait(false);
        try
        {
            return Assemble(script, voice, chunks);
        }
        finally
        {
            foreach (var chunk in chunks)
            {
                chunk.Audio.Dispose();
            }
        }
    }

    /// <summary>Synthesizes each run; the result has one chunk per run, in order.</summary>
    private protected abstract Task<IReadOnlyList<ChunkAudio>> SynthesizeRunsAsync(IReadOnlyList<SpeechRun> runs, Voice voice, CancellationToken cancellationToken);

    private static Narration Assemble(SpeechScript script, Voice voice, IReadOnlyList<ChunkAudio> chunks)
    {
        var sampleRate = chunks.Count > 0 ? chunks[0].Audio.SampleRate : voice.SampleRate;
        var audio = new AudioBuffer(sampleRate, sampleRate * 10);
        var phones = new List<PhoneEvent>();
        var words = new List<WordEvent>();
        var emphasis = new List<TimeSpan>();
        audio.AppendSilence(LeadIn);

        var runIndex = 0;
        ScriptItem? previous = null;
        foreach (var item in script.Items)
        {
            switch (item)
            {
                case Pause pause:
                    audio.AppendSilence(pause.Duration);
                    break;
                case SpeechRun run:
                    if (previous is SpeechRun)
                    {
                        audio.AppendSilence(RunJoin);
                    }

                    var chunk = chunks[runIndex++];
                    var offset = audio.Duration;
                    var (from, to) = SpeechBounds(chunk.Audio);
                    var shift = TimeSpan.FromSeconds((double)from / sampleRate);
                    var length = TimeSpan.FromSeconds((double)(to - from) / sampleRate);
                    audio.Append(chunk.Audio.Samples[from..to]);

                    foreach (var phone in chunk.Phones)
                    {
                        var start = Clamp(phone.Start - shift, length);
                        var end = Clamp(phone.End - shift, length);
                        if (end > start && !phone.IsSilence)
                        {
                            phones.Add(phone with { Start = offset + start, End = offset + end });
                        }
                    }

                    var runWords = PlaceWords(run, chunk.Words, offset, shift, length);
                    if (run.Emphasis && runWords.Count > 0)
                    {
                        emphasis.Add(runWords[0].Start);
                    }

                    words.AddRange(runWords);
                    break;
            }

            previous = item;
        }

        audio.AppendSilence(TailOut);
        return new Narration(audio, voice, phones, words, emphasis);
    }

    private static List<WordEvent> PlaceWords(SpeechRun run, List<ChunkWord> chunkWords, TimeSpan offset, TimeSpan shift, TimeSpan length)
    {
        var spans = ScriptText.Words(run.Spoken);
        var placed = chunkWords
            .Where(w => w.WordIndex >= 0 && w.WordIndex < spans.Count)
            .Select(w => (Start: offset + Clamp(w.Start - shift, length), End: offset + Clamp(w.End - shift, length), w.WordIndex))
            .Where(w => w.End >= w.Start)
            .ToList();
        if (placed.Count == 0)
        {
            // The engine reported no words (rare): the run as one caption unit over its whole speech.
            placed.Add((offset, offset + length, 0));
        }

        var result = new List<WordEvent>();
        if (run.DisplayMatchesSpoken && chunkWords.Count > 0)
        {
            for (var i = 0; i < placed.Count; i++)
            {
                var (start, end, index) = placed[i];
                var span = spans[index];
                result.Add(new WordEvent(start, end, run.Spoken.Substring(span.Start, span.Length)));
            }
        }
        else
        {
            // Spoken differently from how it is written (say-as, sub): the written words share the run's time.
            var display = ScriptText.Words(run.Display);
            var from = placed[0].Start;
            var to = placed.Max(p => p.End);
            var step = (to - from) / Math.Max(1, display.Count);
            for (var i = 0; i < display.Count; i++)
            {
                result.Add(new WordEvent(from + (step * i), from + (step * (i + 1)), run.Display.Substring(display[i].Start, display[i].Length)));
            }
        }

        if (run.EndsSentence && result.Count > 0)
        {
            result[^1] = result[^1] with { EndsSentence = true };
        }

        return result;
    }

    /// <summary>The sample range holding speech: the engine's leading and trailing silence cut, with a small margin.</summary>
    private static (int From, int To) SpeechBounds(AudioBuffer audio)
    {
        var samples = audio.Samples;
        var first = 0;
        while (first < samples.Length && Math.Abs(samples[first]) < SilenceThreshold)
        {
            first++;
        }

        var last = samples.Length - 1;
        while (last > first && Math.Abs(samples[last]) < SilenceThreshold)
        {
            last--;
        }

        if (first >= samples.Length)
        {
            return (0, samples.Length);
        }

        var margin = audio.SampleRate / 100;
        return (Math.Max(0, first - margin), Math.Min(samples.Length, last + (3 * margin)));
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan max) => value < TimeSpan.Zero ? TimeSpan.Zero : value > max ? max : value;
}
