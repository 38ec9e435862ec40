using System.Globalization;
using System.Text;
using Talkie.Media;

namespace Talkie.Speech.Espeak;

/// <summary>
/// espeak-ng through its C library: about a hundred languages, each as a male voice and a female
/// variant, with every phone's exact position in the audio from its phoneme events.
/// </summary>
public sealed class EspeakSynthesizer : ChunkedSynthesizer
{
    /// <summary>
    /// Voices espeak-ng lists that do not speak their language's ordinary text, found by
    /// <c>EspeakLanguageAudit</c>: they are left out of the catalogue.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> BrokenVoices = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sit/cmn"] = "reads Chinese characters as pinyin with the tone digits spoken in English; Mandarin uses the cmn-latn-pinyin voice instead, which reads characters correctly",
        ["sit/hak"] = "reads every Chinese character as the English words \"Chinese letter\"",
        ["jpx/ja"] = "reads kana but says \"Chinese letter\" in English for every kanji, so ordinary Japanese text is not spoken",
        ["iro/chr"] = "says nothing at all for text in the Cherokee syllabary",
    };

    /// <summary>The words per minute espeak-ng speaks at rate 1 (a little slower than its default, for presenting).</summary>
    public const int BaseRateWpm = 165;

    private static readonly Dictionary<string, string> LanguageNames = new(StringComparer.Ordinal)
    {
        ["cmn-latn-pinyin"] = "Chinese (Mandarin)",
    };

    private readonly Lazy<IReadOnlyList<Voice>> _voices;
    private readonly Lazy<bool> _available;

    /// <summary>Creates the synthesizer; the library is loaded on first use.</summary>
    public EspeakSynthesizer()
    {
        _available = new Lazy<bool>(() =>
        {
            try
            {
                return EspeakLibrary.SampleRate > 0;
            }
            catch (ToolNotFoundException)
            {
                return false;
            }
        });
        _voices = new Lazy<IReadOnlyList<Voice>>(() => IsAvailable ? BuildVoices() : []);
    }

    /// <inheritdoc />
    public override string Engine => "espeak-ng";

    /// <inheritdoc />
    public override bool IsAvailable => _available.Value;

    /// <inheritdoc />
    public override IReadOnlyList<Voice> Voices => _voices.Value;

    /// <summary>Prepares text for espeak-ng: apostrophe look-alikes become ASCII (otherwise it spells them out in English).</summary>
    internal static string PrepareText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is '\u02BC' or '\u2019' or '\u2018' or '\u02B9' ? '\'' : c);
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    private protected override Task<IReadOnlyList<ChunkAudio>> SynthesizeRunsAsync(IReadOnlyList<SpeechRun> runs, Voice voice, CancellationToken cancellationToken)
        => Task.Run<IReadOnlyList<ChunkAudio>>(
            () =>
            {
                var chunks = new List<ChunkAudio>(runs.Count);
                try
                {
                    foreach (var run in runs)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        chunks.Add(SynthesizeRun(run, voice, cancellationToken));
                    }

                    return chunks;
                }
                catch
                {
                    foreach (var chunk in chunks)
                    {
                        chunk.Audio.Dispose();
                    }

                    throw;
                }
            },
            cancellationToken);

    private static ChunkAudio SynthesizeRun(SpeechRun run, Voice voice, CancellationToken cancellationToken)
    {
        var prosody = run.Prosody;
        var text = PrepareText(run.Spoken);
        var rate = (int)Math.Round(BaseRateWpm * prosody.Rate);
        var pitch = (int)Math.Round(50 + (prosody.PitchSemitones * 4));
        var volumeGain = Math.Pow(10, prosody.VolumeDb / 20);
        var volume = (int)Math.Round(100 * Math.Min(volumeGain, 2));
        // espeak-ng's range is 0–100, 50 its voices' own intonation.
        var range = (int)Math.Round(50 * (prosody.PitchRange ?? 1));
        var output = EspeakLibrary.Synthesize(text, voice.EngineVoice, rate, pitch, range, volume, ssml: false, cancellationToken);

        if (volumeGain > 2)
        {
            output.Audio.ApplyGain((float)(volumeGain / 2));
        }

        var phones = new List<PhoneEvent>(output.Phones.Count);
        for (var i = 0; i < output.Phones.Count; i++)
        {
            var phone = output.Phones[i];
            var endMs = i + 1 < output.Phones.Count ? output.Phones[i + 1].StartMs : output.EndMs;
            if (phone.Name.Length == 0 || endMs <= phone.StartMs)
            {
                continue;
            }

            phones.Add(new PhoneEvent(TimeSpan.FromMilliseconds(phone.StartMs), TimeSpan.FromMilliseconds(endMs), phone.Name, PhoneAlphabet.Ipa));
        }

        // espeak-ng may report several word events for one written word ("2024" → "two thousand
        // twenty four"): they are one caption word from the first event to the last one's speech.
        var spans = ScriptText.Words(text);
        var words = new List<ChunkWord>();
        var events = output.Words.Where(w => w.TextPosition >= 0 && w.Length > 0).ToList();
        for (var i = 0; i < events.Count; i++)
        {
            var index = WordIndexAt(spans, events[i].TextPosition);
            if (index < 0 || (words.Count > 0 && words[^1].WordIndex > index))
            {
                continue;
            }

            var start = TimeSpan.FromMilliseconds(events[i].StartMs);
            var limit = TimeSpan.FromMilliseconds(i + 1 < events.Count ? events[i + 1].StartMs : output.EndMs);
            var lastSpoken = phones.Where(p => p.Start >= start && p.End <= limit).Select(p => p.End).DefaultIfEmpty(limit).Max();
            if (words.Count > 0 && words[^1].WordIndex == index)
            {
                words[^1] = words[^1] with { End = lastSpoken };
            }
            else
            {
                words.Add(new ChunkWord(start, lastSpoken, index));
            }
        }

        FillMissingWords(words, spans.Count, phones, TimeSpan.FromMilliseconds(output.EndMs));
        return new ChunkAudio(output.Audio, phones, words);
    }

    /// <summary>
    /// espeak-ng now and then reports no event for a word (seen for the first word of a call after
    /// other calls); such words get the time between their neighbours so captions keep every word.
    /// </summary>
    private static void FillMissingWords(List<ChunkWord> words, int count, List<PhoneEvent> phones, TimeSpan end)
    {
        if (words.Count == count || count == 0)
        {
            return;
        }

        var speechStart = phones.Count > 0 ? phones[0].Start : TimeSpan.Zero;
        var speechEnd = phones.Count > 0 ? phones[^1].End : end;
        var known = words.ToDictionary(w => w.WordIndex);
        words.Clear();
        for (var i = 0; i < count; i++)
        {
            if (known.TryGetValue(i, out var word))
            {
                words.Add(word);
                continue;
            }

            var start = words.Count > 0 ? words[^1].End : speechStart;
            var next = Enumerable.Range(i + 1, count - i - 1).Select(j => known.TryGetValue(j, out var w) ? w.Start : (TimeSpan?)null).FirstOrDefault(t => t is not null);
            var stop = next ?? speechEnd;
            var missing = Enumerable.Range(i, count - i).TakeWhile(j => !known.ContainsKey(j)).Count();
            words.Add(new ChunkWord(start, start + ((stop - start) / missing), i));
        }
    }

    private static int WordIndexAt(List<TextSpan> spans, int position)
    {
        for (var i = 0; i < spans.Count; i++)
        {
            if (position < spans[i].End)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<Voice> BuildVoices()
    {
        var rate = EspeakLibrary.SampleRate;
        var voices = new List<Voice>();
        foreach (var info in EspeakLibrary.ListVoices())
        {
            if (BrokenVoices.ContainsKey(info.Identifier) || info.Languages.Count == 0)
            {
                continue;
            }

            var language = info.Languages[0].Language.ToLowerInvariant();
            var tag = language == "cmn-latn-pinyin" ? "cmn" : language;
            var idStem = voices.Any(v => v.Language == tag)
                ? info.Identifier[(info.Identifier.LastIndexOf('/') + 1)..].ToLowerInvariant()
                : tag;
            var languageName = LanguageNames.GetValueOrDefault(language) ?? info.Name;
            var aliases = info.Languages.Skip(1)
                .Select(l => (Tag: l.Language.ToLowerInvariant(), l.Priority))
                .Where(l => l.Tag != tag)
                .GroupBy(l => l.Tag)
                .ToDictionary(g => g.Key, g => g.Min(l => l.Priority));
            var preference = info.Languages[0].Priority;
            foreach (var (gender, variant, suffix) in new[] { (VoiceGender.Male, string.Empty, "m"), (VoiceGender.Female, "+f3", "f") })
            {
                voices.Add(new Voice(
                    $"espeak-{idStem}-{suffix}",
                    string.Create(CultureInfo.InvariantCulture, $"{languageName} ({(gender == VoiceGender.Male ? "male" : "female")})"),
                    tag,
                    languageName,
                    gender,
                    "espeak-ng",
                    rate)
                {
                    EngineVoice = info.Identifier + variant,
                    Preference = 100 + preference,
                    Aliases = aliases,
                });
            }
        }

        return voices;
    }
}
