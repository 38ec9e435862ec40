using System.Text;

namespace Talkie.Speech.Recognition;

/// <summary>A written word to align, with its place in the transcript.</summary>
/// <param name="Index">Its index among the transcript's written words.</param>
/// <param name="Normalized">Its lookup form.</param>
internal readonly record struct AlignToken(int Index, string Normalized);

/// <summary>What a phone loop heard in a chunk.</summary>
/// <param name="Phones">The phones, relative to the chunk.</param>
/// <param name="VowelShare">The share of non-silent frames spent on vowels (speech ~0.4, music and noise ~0).</param>
/// <param name="AcousticPerFrame">Acoustic score per frame (natural log), the yardstick for how well words fit.</param>
internal sealed record LoopResult(List<PhoneEvent> Phones, double VowelShare, double AcousticPerFrame)
{
    /// <summary>Gets whether the chunk sounds like speech: vowels take a real share of its sound.</summary>
    public bool SoundsLikeSpeech => VowelShare >= 0.15 && Phones.Exists(p => IsVowel(p.Phone));

    public static bool IsVowel(string phone) => phone is "AA" or "AE" or "AH" or "AO" or "AW" or "AY" or "EH" or "ER" or "EY" or "IH" or "IY" or "OW" or "OY" or "UH" or "UW";
}

/// <summary>A forced alignment of one chunk.</summary>
/// <param name="Phones">The phones, relative to the chunk.</param>
/// <param name="Words">For each aligned token: its transcript index, start and end.</param>
/// <param name="AcousticPerFrame">Acoustic score per frame (natural log).</param>
internal sealed record AlignedChunk(List<PhoneEvent> Phones, List<(int Index, TimeSpan Start, TimeSpan End)> Words, double AcousticPerFrame);

/// <summary>The three things Talkie asks of pocketsphinx, on one chunk of 16 kHz audio each.</summary>
internal static class SphinxOperations
{
    private static readonly TimeSpan FrameLength = TimeSpan.FromMilliseconds(10);

    /// <summary>Decodes phones with no words in mind.</summary>
    public static LoopResult PhoneLoop(SphinxDecoder decoder, short[] pcm)
    {
        var result = decoder.Decode(pcm);
        var phones = new List<PhoneEvent>();
        int voiced = 0, vowels = 0;
        foreach (var segment in result.Segments)
        {
            if (IsFiller(segment.Word))
            {
                continue;
            }

            var frames = segment.EndFrame - segment.StartFrame + 1;
            voiced += frames;
            if (LoopResult.IsVowel(segment.Word))
            {
                vowels += frames;
            }

            phones.Add(new PhoneEvent(FrameLength * segment.StartFrame, FrameLength * (segment.EndFrame + 1), segment.Word, PhoneAlphabet.Arpabet));
        }

        return new LoopResult(phones, voiced == 0 ? 0 : (double)vowels / voiced, result.AcousticScorePerFrame);
    }

    /// <summary>Recognizes words (with the recognition decoder); returns them with their posteriors.</summary>
    public static List<(string Word, double Confidence)> Recognize(SphinxDecoder decoder, short[] pcm)
        => decoder.Decode(pcm).Segments
            .Where(s => !IsFiller(s.Word))
            .Select(s => (BaseWord(s.Word), s.Posterior))
            .ToList();

    /// <summary>Aligns tokens to the chunk with the alignment decoder; null when no path through the transcript fits.</summary>
    public static AlignedChunk? Align(SphinxDecoder decoder, short[] pcm, IReadOnlyList<AlignToken> tokens, PronunciationDictionary dictionary)
    {
        var pronounced = tokens
            .Select(t => (Token: t, Pronunciations: dictionary.Pronounce(t.Normalized).Select(p => p.Select(BasePhone).ToArray()).Where(p => p.Length > 0).Distinct(PhonesComparer.Instance).ToList()))
            .Where(t => t.Pronunciations.Count > 0)
            .ToList();
        if (pronounced.Count == 0)
        {
            return null;
        }

        decoder.UseGrammar("align", Grammar(pronounced.Select(p => p.Pronunciations).ToList()));
        var result = decoder.Decode(pcm);
        var observed = result.Segments.Where(s => !IsFiller(s.Word)).ToList();
        if (observed.Count == 0)
        {
            return null;
        }

        var split = SplitIntoWords(observed.Select(s => s.Word).ToList(), pronounced.Select(p => p.Pronunciations).ToList());
        if (split is null)
        {
            return null;
        }

        var phones = observed.Select(s => new PhoneEvent(FrameLength * s.StartFrame, FrameLength * (s.EndFrame + 1), s.Word, PhoneAlphabet.Arpabet)).ToList();
        var words = new List<(int, TimeSpan, TimeSpan)>(pronounced.Count);
        var at = 0;
        for (var i = 0; i < pronounced.Count; i++)
        {
            words.Add((pronounced[i].Token.Index, phones[at].Start, phones[at + split[i] - 1].End));
            at += split[i];
        }

        return new AlignedChunk(phones, words, result.AcousticScorePerFrame);
    }

    /// <summary>A linear JSGF grammar: the words in order, each one of its pronunciations, one phone per grammar word.</summary>
    internal static string Grammar(IReadOnlyList<List<string[]>> words)
    {
        var grammar = new StringBuilder("#JSGF V1.0;\ngrammar talkie;\npublic <utterance> =");
        for (var i = 0; i < words.Count; i++)
        {
            grammar.Append(" <w").Append(i).Append('>');
        }

        grammar.Append(";\n");
        for (var i = 0; i < words.Count; i++)
        {
            grammar.Append("<w").Append(i).Append("> = (").Append(string.Join(" | ", words[i].Select(p => string.Join(' ', p)))).Append(");\n");
        }

        return grammar.ToString();
    }

    /// <summary>
    /// Finds how many of the decoded phones each word took (the decoder picked one pronunciation per
    /// word but does not say which): a small dynamic programme over words and phones.
    /// </summary>
    internal static int[]? SplitIntoWords(IReadOnlyList<string> phones, IReadOnlyList<List<string[]>> words)
    {
        var n = words.Count;
        var m = phones.Count;
        var from = new int[n + 1, m + 1];
        for (var i = 0; i <= n; i++)
        {
            for (var j = 0; j <= m; j++)
            {
                from[i, j] = -1;
            }
        }

        from[0, 0] = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= m; j++)
            {
                if (from[i, j] < 0)
                {
                    continue;
                }

                foreach (var pronunciation in words[i])
                {
                    var end = j + pronunciation.Length;
                    if (end <= m && from[i + 1, end] < 0 && Matches(phones, j, pronunciation))
                    {
                        from[i + 1, end] = pronunciation.Length;
                    }
                }
            }
        }

        if (from[n, m] < 0)
        {
            return null;
        }

        var lengths = new int[n];
        var position = m;
        for (var i = n; i > 0; i--)
        {
            lengths[i - 1] = from[i, position];
            position -= lengths[i - 1];
        }

        return lengths;
    }

    private static bool Matches(IReadOnlyList<string> phones, int start, string[] pronunciation)
    {
        for (var k = 0; k < pronunciation.Length; k++)
        {
            if (!string.Equals(phones[start + k], pronunciation[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Silence, sentence marks and noise words (<c>&lt;sil&gt;</c>, <c>SIL</c>, <c>[NOISE]</c>, <c>+NSN+</c>).</summary>
    internal static bool IsFiller(string word) => word.Length == 0 || word[0] is '<' or '[' or '+' || word is "SIL";

    /// <summary>Drops the variant mark: <c>the(2)</c> → <c>the</c>.</summary>
    internal static string BaseWord(string word)
    {
        var paren = word.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? word[..paren] : word;
    }

    private static string BasePhone(string phone) => phone.TrimEnd('0', '1', '2').ToUpperInvariant();

    private sealed class PhonesComparer : IEqualityComparer<string[]>
    {
        public static readonly PhonesComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(string[] obj) => string.Join(' ', obj).GetHashCode(StringComparison.Ordinal);
    }
}
