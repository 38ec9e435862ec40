using System.Globalization;
using System.Text.RegularExpressions;
using Talkie.Speech;

namespace Talkie.Localization;

/// <summary>A stretch of speech and its words.</summary>
/// <param name="Start">Where it starts.</param>
/// <param name="End">Where it ends.</param>
/// <param name="Text">What is said.</param>
public sealed record TimedText(TimeSpan Start, TimeSpan End, string Text);

/// <summary>The source side of a dub: sentences from timed words, and the cues of subtitle files (SRT, WebVTT).</summary>
public static partial class SourceText
{
    /// <summary>A pause at least this long ends a sentence.</summary>
    public static readonly TimeSpan SentencePause = TimeSpan.FromMilliseconds(450);

    /// <summary>A sentence longer than this is split at its longest pause.</summary>
    public static readonly TimeSpan LongestSentence = TimeSpan.FromSeconds(10);

    /// <summary>Groups timed words into sentences: at sentence punctuation, at pauses, and so that none runs past <see cref="LongestSentence"/>.</summary>
    public static List<TimedText> Sentences(IReadOnlyList<WordEvent> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var groups = new List<List<WordEvent>>();
        var current = new List<WordEvent>();
        foreach (var word in words.Where(w => !string.IsNullOrWhiteSpace(w.Text)))
        {
            if (current.Count > 0 && (word.Start - current[^1].End >= SentencePause || EndsSentence(current[^1])))
            {
                groups.Add(current);
                current = [];
            }

            current.Add(word);
        }

        if (current.Count > 0)
        {
            groups.Add(current);
        }

        var sentences = new List<TimedText>();
        foreach (var group in groups)
        {
            Split(group, sentences);
        }

        return sentences;

        static bool EndsSentence(WordEvent word) => word.EndsSentence || word.Text.TrimEnd('"', '”', '»', ')').EndsWith('.') || word.Text.EndsWith('?') || word.Text.EndsWith('!');
    }

    private static void Split(List<WordEvent> words, List<TimedText> into)
    {
        if (words[^1].End - words[0].Start <= LongestSentence || words.Count < 4)
        {
            into.Add(new TimedText(words[0].Start, words[^1].End, string.Join(' ', words.Select(w => w.Text))));
            return;
        }

        // The longest pause away from the ends splits it.
        var best = words.Count / 2;
        var longest = TimeSpan.MinValue;
        for (var i = 2; i < words.Count - 1; i++)
        {
            var gap = words[i].Start - words[i - 1].End;
            if (gap > longest)
            {
                (longest, best) = (gap, i);
            }
        }

        Split(words[..best], into);
        Split(words[best..], into);
    }

    /// <summary>Reads the cues of a subtitle file (SubRip or WebVTT).</summary>
    /// <exception cref="InvalidInputException">It holds no cue, or a cue's times cannot be read (the message names the line).</exception>
    public static List<TimedText> ReadSubtitles(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"the transcript {path} does not exist");
        }

        var lines = File.ReadAllLines(path);
        var cues = new List<TimedText>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = CueTimes().Match(lines[i]);
            if (!match.Success)
            {
                if (lines[i].Contains("-->", StringComparison.Ordinal))
                {
                    throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{path} line {i + 1}: '{lines[i].Trim()}' is not a cue time; write 00:00:01,200 --> 00:00:03,400"));
                }

                continue;
            }

            var (start, end) = (Stamp(match.Groups[1].Value), Stamp(match.Groups[2].Value));
            if (end <= start)
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{path} line {i + 1}: the cue ends before it starts"));
            }

            var text = new List<string>();
            while (i + 1 < lines.Length && lines[i + 1].Trim().Length > 0)
            {
                text.Add(MarkupTags().Replace(lines[++i].Trim(), string.Empty));
            }

            if (text.Count > 0)
            {
                cues.Add(new TimedText(start, end, string.Join(' ', text)));
            }
        }

        if (cues.Count == 0)
        {
            throw new InvalidInputException($"{path} holds no subtitle cues; give an SRT or WebVTT file (00:00:01,200 --> 00:00:03,400 then the text), or plain text for English speech");
        }

        return [.. cues.OrderBy(c => c.Start)];
    }

    /// <summary>Whether a transcript file is a subtitle file (by its content, not its name).</summary>
    public static bool IsSubtitles(string path)
        => File.Exists(path) && File.ReadLines(path).Take(200).Any(l => CueTimes().IsMatch(l));

    private static TimeSpan Stamp(string text)
    {
        var parts = text.Replace(',', '.').Split(':');
        var seconds = double.Parse(parts[^1], CultureInfo.InvariantCulture);
        var minutes = int.Parse(parts[^2], CultureInfo.InvariantCulture);
        var hours = parts.Length > 2 ? int.Parse(parts[0], CultureInfo.InvariantCulture) : 0;
        return TimeSpan.FromSeconds((hours * 3600) + (minutes * 60) + seconds);
    }

    [GeneratedRegex(@"^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})", RegexOptions.CultureInvariant)]
    private static partial Regex CueTimes();

    [GeneratedRegex("<[^>]+>", RegexOptions.CultureInvariant)]
    private static partial Regex MarkupTags();
}
