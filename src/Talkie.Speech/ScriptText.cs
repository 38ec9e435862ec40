using System.Globalization;
using System.Text;

namespace Talkie.Speech;

/// <summary>A word's place in a text: start index and length in UTF-16 code units.</summary>
/// <param name="Start">Index of the first character.</param>
/// <param name="Length">Number of characters.</param>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>Gets the index just past the end.</summary>
    public int End => Start + Length;
}

/// <summary>Plain-text helpers shared by the parsers and the synthesizers.</summary>
public static class ScriptText
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr.", "mrs.", "ms.", "dr.", "prof.", "sr.", "jr.", "st.", "vs.", "etc.", "e.g.", "i.e.", "inc.", "ltd.", "co.", "no.",
        "sra.", "sr.", "dra.", "hr.", "fr.", "z.b.", "bzw.", "mme.", "mlle.", "m.",
    };

    // The writing systems a script is named by when a voice cannot read it (Latin scripts are not named).
    private static readonly (System.Text.Unicode.UnicodeRange Range, string Name)[] WritingSystems =
    [
        (System.Text.Unicode.UnicodeRanges.Cyrillic, "Cyrillic"), (System.Text.Unicode.UnicodeRanges.GreekandCoptic, "Greek"),
        (System.Text.Unicode.UnicodeRanges.Arabic, "Arabic"), (System.Text.Unicode.UnicodeRanges.Hebrew, "Hebrew"),
        (System.Text.Unicode.UnicodeRanges.Devanagari, "Devanagari"), (System.Text.Unicode.UnicodeRanges.Bengali, "Bengali"),
        (System.Text.Unicode.UnicodeRanges.Tamil, "Tamil"), (System.Text.Unicode.UnicodeRanges.Thai, "Thai"),
        (System.Text.Unicode.UnicodeRanges.Georgian, "Georgian"), (System.Text.Unicode.UnicodeRanges.Armenian, "Armenian"),
        (System.Text.Unicode.UnicodeRanges.CjkUnifiedIdeographs, "Chinese"), (System.Text.Unicode.UnicodeRanges.Hiragana, "Japanese"),
        (System.Text.Unicode.UnicodeRanges.Katakana, "Japanese"), (System.Text.Unicode.UnicodeRanges.HangulSyllables, "Korean"),
    ];

    /// <summary>Names the writing system most of a text's letters are in, where it is not the Latin alphabet (null otherwise).</summary>
    public static string? WritingSystem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var letters = text.Where(char.IsLetter).ToList();
        var named = letters
            .Select(c => WritingSystems.FirstOrDefault(w => c >= w.Range.FirstCodePoint && c < w.Range.FirstCodePoint + w.Range.Length).Name)
            .Where(n => n is not null)
            .GroupBy(n => n)
            .MaxBy(g => g.Count());
        return named is not null && named.Count() * 2 > letters.Count ? named.Key : null;
    }

    /// <summary>Collapses runs of white space to one space and trims.</summary>
    public static string NormalizeWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Returns the words of <paramref name="text"/>: white-space separated tokens, except that each
    /// CJK ideograph or kana is a word of its own (with the punctuation that follows it).
    /// </summary>
    public static List<TextSpan> Words(string text)
    {
        var words = new List<TextSpan>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var end = i == text.Length;
            if (!end && IsCjk(text[i]))
            {
                if (start >= 0)
                {
                    words.Add(new TextSpan(start, i - start));
                }

                var next = i + 1;
                while (next < text.Length && !char.IsWhiteSpace(text[next]) && !char.IsLetterOrDigit(text[next]))
                {
                    next++;
                }

                words.Add(new TextSpan(i, next - i));
                start = -1;
                i = next - 1;
                continue;
            }

            var isSpace = end || char.IsWhiteSpace(text[i]);
            if (!isSpace && start < 0)
            {
                start = i;
            }
            else if (isSpace && start >= 0)
            {
                words.Add(new TextSpan(start, i - start));
                start = -1;
            }
        }

        return words;
    }

    /// <summary>Counts words: white-space separated tokens that hold a letter or digit; each CJK ideograph or kana counts as one.</summary>
    public static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (IsCjk(c))
            {
                count++;
                inWord = false;
            }
            else if (char.IsLetterOrDigit(c))
            {
                if (!inWord)
                {
                    count++;
                    inWord = true;
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
        }

        return count;
    }

    /// <summary>Splits normalized text into sentences, keeping their punctuation.</summary>
    public static List<string> SplitSentences(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsSentenceEnd(text, i))
            {
                continue;
            }

            // Take closing quotes and brackets along with the punctuation.
            var end = i + 1;
            while (end < text.Length && (text[end] is '"' or '\'' or ')' or ']' or '»' or '”' or '’' or '」' or '』' || IsTerminal(text[end])))
            {
                end++;
            }

            var sentence = text[start..end].Trim();
            if (sentence.Length > 0)
            {
                sentences.Add(sentence);
            }

            start = end;
            i = end - 1;
        }

        var rest = text[start..].Trim();
        if (rest.Length > 0)
        {
            sentences.Add(rest);
        }

        return sentences;
    }

    /// <summary>Gets whether the character is a CJK ideograph, kana or hangul syllable (scripts written without spaces or per syllable).</summary>
    public static bool IsCjk(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u3040' and <= '\u30FF') or (>= '\uF900' and <= '\uFAFF');

    private static bool IsTerminal(char c) => c is '.' or '!' or '?' or '…' or '。' or '！' or '？' or '؟' or '।' or '۔';

    private static bool IsSentenceEnd(string text, int i)
    {
        var c = text[i];
        if (!IsTerminal(c))
        {
            return false;
        }

        if (c is '。' or '！' or '？')
        {
            return true;
        }

        // Western punctuation ends a sentence only before white space or the end ("3.5", "e.g." stay whole).
        var next = i + 1;
        while (next < text.Length && (IsTerminal(text[next]) || text[next] is '"' or '\'' or ')' or '”' or '’' or '»'))
        {
            next++;
        }

        if (next < text.Length && !char.IsWhiteSpace(text[next]))
        {
            return false;
        }

        if (c == '.')
        {
            var wordStart = i;
            while (wordStart > 0 && !char.IsWhiteSpace(text[wordStart - 1]))
            {
                wordStart--;
            }

            var word = text[wordStart..(i + 1)];
            if (Abbreviations.Contains(word) || (word.Length == 2 && char.IsUpper(word[0])))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Formats a number for messages with the invariant culture.</summary>
    internal static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
