using System.Globalization;
using System.Text;
using Talkie.Speech;

namespace Talkie.Composition.Captions;

/// <summary>One caption on screen.</summary>
/// <param name="Start">When it appears.</param>
/// <param name="End">When it goes.</param>
/// <param name="Lines">Its lines (one or two).</param>
public sealed record CaptionCue(TimeSpan Start, TimeSpan End, IReadOnlyList<string> Lines)
{
    /// <summary>Gets the text with lines joined by a newline.</summary>
    public string Text => string.Join('\n', Lines);
}

/// <summary>Settings of caption grouping.</summary>
public sealed record CaptionOptions
{
    /// <summary>Gets the most characters on one line.</summary>
    public int MaxLineLength { get; init; } = 42;

    /// <summary>
    /// Returns the line length that suits a frame: the subtitlers' 42 characters, or 32 in an upright (phone)
    /// frame, whose burned-in lines of 42 would wrap.
    /// </summary>
    public static int LineLengthFor(int width, int height) => height > width ? 32 : 42;

    /// <summary>Gets the most lines per caption.</summary>
    public int MaxLines { get; init; } = 2;

    /// <summary>Gets the longest a caption stays.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Gets the pause that always starts a new caption.</summary>
    public TimeSpan BreakAtPause { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets how long a caption lingers after its last word.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Gets the video's length, if known: no cue runs past it (a cue's linger after the last word would).</summary>
    public TimeSpan? Until { get; init; }
}

/// <summary>
/// Groups timed words into captions the way subtitlers do: at most two balanced lines of 42
/// characters, a new caption at each sentence end and at pauses, never longer than six seconds.
/// Scripts written without spaces (Chinese, Japanese) are joined without spaces.
/// </summary>
public static class CaptionBuilder
{
    /// <summary>
    /// Builds the captions of a text said from <paramref name="start"/> to <paramref name="end"/> whose words
    /// are not timed (a dub's original speech, segment by segment): each word is given a share of the time
    /// by its length, so a long text is split into cues of two lines, as timed words are.
    /// </summary>
    public static List<CaptionCue> Build(TimeSpan start, TimeSpan end, string text, CaptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var letters = words.Sum(w => w.Length + 1);
        var (timed, at) = (new List<WordEvent>(words.Length), 0);
        foreach (var word in words)
        {
            var from = start + ((end - start) * at / letters);
            at += word.Length + 1;
            timed.Add(new WordEvent(from, start + ((end - start) * at / letters), word) { EndsSentence = word[^1] is '.' or '!' or '?' or '…' or '。' or '！' or '？' });
        }

        // The text's own time, no linger: the next segment may start right after.
        return Build(timed, (options ?? new CaptionOptions()) with { Linger = TimeSpan.Zero, BreakAtPause = TimeSpan.MaxValue });
    }

    /// <summary>Builds the captions for <paramref name="words"/>.</summary>
    public static List<CaptionCue> Build(IReadOnlyList<WordEvent> words, CaptionOptions? options = null)
    {
        options ??= new CaptionOptions();
        var maxChars = options.MaxLineLength * options.MaxLines;
        var groups = new List<List<WordEvent>>();
        var current = new List<WordEvent>();
        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w];
            if (current.Count > 0)
            {
                var last = current[^1];
                var tooLong = !Fits([.. current, word], options);
                var tooSlow = word.End - current[0].Start > options.MaxDuration;
                var paused = word.Start - last.End >= options.BreakAtPause;

                // Past half the room, a clause end (comma, colon, semicolon) is a good place to break.
                var clause = IsClauseEnd(last) && Join(current).Length >= maxChars * 0.55;
                var orphan = last.EndsSentence || paused ? null : Orphan(words, w, options);
                if (orphan is not null && clause && !tooLong && !tooSlow && Fits([.. current, .. orphan], options))
                {
                    // A clause's end is no place to break when only a word or two of the sentence would follow.
                    clause = false;
                }

                if (orphan is { } tail && (tooLong || tooSlow))
                {
                    // The sentence's last word or two would stand alone as a cue: the words are shared out
                    // between two cues instead.
                    var (first, second) = Share([.. current, .. tail], current.Count, options);
                    groups.Add(first);
                    current = second;
                    w += tail.Count - 1;
                    continue;
                }

                if (last.EndsSentence || tooLong || tooSlow || paused || clause)
                {
                    groups.Add(current);
                    current = [];
                }
            }

            current.Add(word);
        }

        if (current.Count > 0)
        {
            groups.Add(current);
        }

        var cues = new List<CaptionCue>(groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            var end = group[^1].End + options.Linger;
            if (i + 1 < groups.Count && end > groups[i + 1][0].Start)
            {
                end = groups[i + 1][0].Start;
            }

            if (options.Until is { } until && end > until)
            {
                end = until;
            }

            if (end > group[0].Start)
            {
                cues.Add(new CaptionCue(group[0].Start, end, SplitLines(group, options)));
            }
        }

        return cues;
    }

    /// <summary>Writes WebVTT.</summary>
    public static string ToWebVtt(IReadOnlyList<CaptionCue> cues)
    {
        var builder = new StringBuilder("WEBVTT\n\n");
        for (var i = 0; i < cues.Count; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{i + 1}\n{Stamp(cues[i].Start, '.')} --> {Stamp(cues[i].End, '.')}\n{cues[i].Text}\n\n");
        }

        return builder.ToString();
    }

    /// <summary>Writes SubRip (SRT).</summary>
    public static string ToSrt(IReadOnlyList<CaptionCue> cues)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < cues.Count; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{i + 1}\n{Stamp(cues[i].Start, ',')} --> {Stamp(cues[i].End, ',')}\n{cues[i].Text}\n\n");
        }

        return builder.ToString();
    }

    private static string Stamp(TimeSpan time, char separator)
        => string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}{separator}{time.Milliseconds:000}");

    private static List<string> SplitLines(List<WordEvent> group, CaptionOptions options)
    {
        var text = Join(group);
        if (text.Length <= options.MaxLineLength || group.Count < 2)
        {
            return [text];
        }

        // Two lines as even as possible, breaking between words.
        var best = 1;
        var bestScore = int.MaxValue;
        for (var split = 1; split < group.Count; split++)
        {
            var first = Join(group.Take(split)).Length;
            var second = Join(group.Skip(split)).Length;
            var score = Math.Abs(first - second) + (Math.Max(first, second) > options.MaxLineLength ? 1000 : 0);
            if (score < bestScore)
            {
                bestScore = score;
                best = split;
            }
        }

        return [Join(group.Take(best)), Join(group.Skip(best))];
    }

    private static bool IsClauseEnd(WordEvent word) => word.Text.Length > 0 && word.Text[^1] is ',' or ';' or ':' or '，' or '、';

    // The rest of a sentence from word `from` when it is short enough to be left alone in a cue (one or two words
    // of at most 20 characters in all, ending the sentence or followed by a pause), else null.
    private static List<WordEvent>? Orphan(IReadOnlyList<WordEvent> words, int from, CaptionOptions options)
    {
        for (var end = from; end < words.Count && end < from + 2; end++)
        {
            var last = end + 1 == words.Count || words[end].EndsSentence || words[end + 1].Start - words[end].End >= options.BreakAtPause;
            if (last)
            {
                var tail = words.Skip(from).Take(end - from + 1).ToList();
                return Join(tail).Length <= 20 ? tail : null;
            }
        }

        return null;
    }

    // Splits words into two cues that each fit, as even in length as can be, preferring a break after a clause's end
    // (where none fits, at `fallback`, where the words were first broken).
    private static (List<WordEvent> First, List<WordEvent> Second) Share(List<WordEvent> words, int fallback, CaptionOptions options)
    {
        var (best, bestScore) = (fallback, double.MaxValue);
        for (var split = 1; split < words.Count; split++)
        {
            var (first, second) = (words.Take(split).ToList(), words.Skip(split).ToList());
            if (!Fits(first, options) || !Fits(second, options) || second[^1].End - second[0].Start > options.MaxDuration)
            {
                continue;
            }

            var score = Math.Abs(Join(first).Length - Join(second).Length) - (IsClauseEnd(first[^1]) ? 12 : 0);
            if (score < bestScore)
            {
                (best, bestScore) = (split, score);
            }
        }

        return (words.Take(best).ToList(), words.Skip(best).ToList());
    }

    // Whether the words fit the cue's lines, broken between words (filling each line in turn needs the fewest lines).
    private static bool Fits(List<WordEvent> words, CaptionOptions options)
    {
        var (lines, start) = (1, 0);
        for (var i = 1; i <= words.Count; i++)
        {
            if (Join(words.Skip(start).Take(i - start)).Length > options.MaxLineLength && i - 1 > start)
            {
                lines++;
                start = i - 1;
            }
        }

        return lines <= options.MaxLines && Join(words.Skip(start)).Length <= options.MaxLineLength;
    }

    private static string Join(IEnumerable<WordEvent> words)
    {
        var builder = new StringBuilder();
        foreach (var word in words)
        {
            var text = word.Text;
            if (builder.Length > 0 && !(ScriptText.IsCjk(builder[^1]) && text.Length > 0 && ScriptText.IsCjk(text[0])) && !IsCjkPunctuation(text))
            {
                builder.Append(' ');
            }

            builder.Append(text);
        }

        return builder.ToString();
    }

    private static bool IsCjkPunctuation(string text) => text.Length > 0 && text[0] is '。' or '，' or '！' or '？' or '、';
}
