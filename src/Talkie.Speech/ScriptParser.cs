using System.Globalization;

namespace Talkie.Speech;

/// <summary>A piece of text before sentences are split.</summary>
internal sealed record RawText(string Text, string? Display, Prosody Prosody, bool Emphasis) : RawItem;

/// <summary>An explicit break.</summary>
internal sealed record RawBreak(TimeSpan Duration) : RawItem;

/// <summary>The start or end of a sentence or paragraph element.</summary>
internal sealed record RawBoundary(PauseKind Kind) : RawItem;

/// <summary>An item as the parsers produce it.</summary>
internal abstract record RawItem;

/// <summary>What a parser read.</summary>
internal sealed class ParsedScript
{
    public List<RawItem> Items { get; } = [];

    public string? Language { get; set; }
}

/// <summary>Settings of script parsing.</summary>
public sealed record ScriptLimits
{
    /// <summary>Gets the most words a script may have (about 100 minutes of speech at the default).</summary>
    public int MaxWords { get; init; } = 15_000;
}

/// <summary>
/// Turns user input (plain text or SSML) into a <see cref="SpeechScript"/>: sentences split, pauses
/// placed between sentences and paragraphs, and limits checked before any work is done.
/// </summary>
public static class ScriptParser
{
    /// <summary>The pause between sentences at normal rate.</summary>
    public static readonly TimeSpan SentencePause = TimeSpan.FromMilliseconds(420);

    /// <summary>The pause between paragraphs.</summary>
    public static readonly TimeSpan ParagraphPause = TimeSpan.FromMilliseconds(800);

    /// <summary>Parses <paramref name="input"/>: SSML when it starts with <c>&lt;speak</c> (or <c>&lt;?xml</c>), otherwise plain text.</summary>
    /// <exception cref="SsmlException">The SSML is invalid.</exception>
    /// <exception cref="ScriptException">The script is empty or too long.</exception>
    public static SpeechScript Parse(string input, ScriptLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var trimmed = input.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return IsSsml(trimmed) ? ParseSsml(trimmed, limits) : ParsePlainText(input, limits);
    }

    /// <summary>Parses SSML.</summary>
    public static SpeechScript ParseSsml(string ssml, ScriptLimits? limits = null)
    {
        CheckRawSize(ssml, limits);
        var parsed = SsmlParser.Parse(ssml);
        return Finish(parsed, limits);
    }

    /// <summary>Parses plain text: blank lines separate paragraphs.</summary>
    public static SpeechScript ParsePlainText(string text, ScriptLimits? limits = null)
    {
        CheckRawSize(text, limits);
        var parsed = new ParsedScript();
        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        foreach (var paragraph in paragraphs)
        {
            parsed.Items.Add(new RawText(paragraph, null, Prosody.Neutral, Emphasis: false));
            parsed.Items.Add(new RawBoundary(PauseKind.Paragraph));
        }

        return Finish(parsed, limits);
    }

    /// <summary>Gets whether the input looks like SSML: it starts with an XML tag (<c>&lt;speak&gt;</c>, <c>&lt;?xml</c>, or any other, which is then reported as the wrong root).</summary>
    public static bool IsSsml(string input)
    {
        var t = input.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return t.Length > 1 && t[0] == '<' && (char.IsAsciiLetter(t[1]) || t[1] is '?' or '!');
    }

    private static void CheckRawSize(string input, ScriptLimits? limits)
    {
        // A cheap guard before any parsing: far more characters than the word limit allows.
        var max = (limits ?? new ScriptLimits()).MaxWords;
        if (input.Length > max * 40L)
        {
            throw TooLong(ScriptText.CountWords(input), max);
        }

        // A control character (other than line breaks and tabs) is a binary file or a paste gone wrong, and the
        // speech engines stop at a NUL: "hello\0world" said only "hello" while its caption had both words.
        var bad = input.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        while (bad >= 0 && input[bad] is '\n' or '\r' or '\t')
        {
            var next = input.AsSpan(bad + 1).IndexOfAnyInRange('\0', '\u001f');
            bad = next < 0 ? -1 : bad + 1 + next;
        }

        if (bad >= 0 || (bad = input.IndexOf('\u007f', StringComparison.Ordinal)) >= 0)
        {
            var line = input.AsSpan(0, bad).Count('\n') + 1;
            var column = bad - input.LastIndexOf('\n', Math.Max(0, bad - 1));
            throw new ScriptException(string.Create(CultureInfo.InvariantCulture, $"the script has a control character (U+{(int)input[bad]:X4}) at line {line}, column {column}; remove it (is it a text file?)"));
        }
    }

    private static ScriptException TooLong(int words, int max) => new(
        $"the script is too long: {words:N0} words, the limit is {max:N0} (about {max / 150} minutes of speech); split it into several videos");

    private static SpeechScript Finish(ParsedScript parsed, ScriptLimits? limits)
    {
        var items = new List<ScriptItem>();
        var pendingBreak = TimeSpan.Zero;
        var pendingKind = (PauseKind?)null;

        void AddPause(TimeSpan duration, PauseKind kind)
        {
            if (kind == PauseKind.Break)
            {
                pendingBreak += duration;
            }
            else if (pendingKind is null || kind > pendingKind)
            {
                pendingKind = kind;
            }
        }

        void FlushPause()
        {
            if (items.Count == 0)
            {
                // Nothing said yet: only explicit breaks delay the start.
                if (pendingBreak > TimeSpan.Zero)
                {
                    items.Add(new Pause(pendingBreak, PauseKind.Break));
                }
            }
            else if (pendingKind is not null || pendingBreak > TimeSpan.Zero)
            {
                var implicitPause = pendingKind switch
                {
                    PauseKind.Paragraph => ParagraphPause,
                    PauseKind.Sentence => SentencePause,
                    _ => TimeSpan.Zero,
                };
                var kind = pendingBreak > TimeSpan.Zero ? PauseKind.Break : pendingKind!.Value;
                items.Add(new Pause(implicitPause + pendingBreak, kind));
            }

            pendingBreak = TimeSpan.Zero;
            pendingKind = null;
        }

        void MarkSentenceEnd()
        {
            if (items.Count > 0 && items[^1] is SpeechRun { EndsSentence: false } last)
            {
                items[^1] = last with { EndsSentence = true };
            }
        }

        foreach (var item in parsed.Items)
        {
            switch (item)
            {
                case RawBreak b:
                    AddPause(b.Duration, PauseKind.Break);
                    break;
                case RawBoundary boundary:
                    MarkSentenceEnd();
                    AddPause(TimeSpan.Zero, boundary.Kind);
                    break;
                case RawText { Display: not null } fixedText:
                    if (fixedText.Text.Length > 0)
                    {
                        FlushPause();
                        items.Add(new SpeechRun(fixedText.Text, fixedText.Display, fixedText.Prosody) { Emphasis = fixedText.Emphasis });
                    }

                    break;
                case RawText text:
                    var normalized = ScriptText.NormalizeWhitespace(text.Text);
                    if (normalized.Length == 0)
                    {
                        continue;
                    }

                    var sentences = ScriptText.SplitSentences(normalized);
                    for (var i = 0; i < sentences.Count; i++)
                    {
                        var sentence = sentences[i];
                        var complete = i < sentences.Count - 1 || EndsWithTerminal(sentence);
                        if (!sentence.Any(char.IsLetterOrDigit))
                        {
                            // Stray punctuation ("—", "..."): nothing to say, but it may end a sentence.
                            if (complete)
                            {
                                MarkSentenceEnd();
                                AddPause(TimeSpan.Zero, PauseKind.Sentence);
                            }

                            continue;
                        }

                        FlushPause();
                        items.Add(new SpeechRun(sentence, sentence, text.Prosody) { Emphasis = text.Emphasis, EndsSentence = complete });
                        if (complete)
                        {
                            AddPause(TimeSpan.Zero, PauseKind.Sentence);
                        }
                    }

                    break;
            }
        }

        MarkSentenceEnd();
        var script = new SpeechScript(items, parsed.Language);
        if (!script.HasSpeech)
        {
            throw new ScriptException("the script is empty: there is nothing to say; give some text with --text \"...\" or --script FILE");
        }

        var max = (limits ?? new ScriptLimits()).MaxWords;
        var words = script.WordCount;
        if (words > max)
        {
            throw TooLong(words, max);
        }

        return script;
    }

    private static bool EndsWithTerminal(string sentence)
    {
        var end = sentence.TrimEnd('"', '\'', ')', ']', '»', '”', '’');
        return end.Length > 0 && end[^1] is '.' or '!' or '?' or '…' or '。' or '！' or '？' or '؟' or '।';
    }
}
