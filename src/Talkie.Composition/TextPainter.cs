using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace Talkie.Composition;

/// <summary>How a block of text looks.</summary>
internal sealed record TextStyle
{
    public float Size { get; init; } = 32;

    public SKColor Color { get; init; } = SKColors.White;

    public bool Bold { get; init; }

    public float LineSpacing { get; init; } = 1.25f;

    public bool Center { get; init; }

    public int MaxLines { get; init; } = 3;
}

/// <summary>
/// Lays out and draws text in any script: the typeface is chosen by what the text needs (Noto Sans,
/// else a system font that has the characters, found through fontconfig), words are shaped with
/// HarfBuzz (Arabic joins and runs right to left, Devanagari conjuncts form), and lines wrap at word
/// boundaries (or between characters for Chinese and Japanese).
/// </summary>
internal static class TextPainter
{
    private static readonly ConcurrentDictionary<(int Codepoint, bool Bold), SKTypeface> Fallbacks = new();
    private static readonly Lazy<SKTypeface> Regular = new(() => Load("Noto Sans", bold: false));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => Load("Noto Sans", bold: true));

    /// <summary>Returns a typeface that can draw every character of <paramref name="text"/> (if any installed one can).</summary>
    public static SKTypeface TypefaceFor(string text, bool bold)
    {
        var primary = bold ? BoldFace.Value : Regular.Value;
        using var font = new SKFont(primary);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || font.GetGlyph(rune.Value) != 0)
            {
                continue;
            }

            return Fallbacks.GetOrAdd((rune.Value, bold), key =>
                SKFontManager.Default.MatchCharacter(
                    null,
                    key.Bold ? SKFontStyleWeight.Bold : SKFontStyleWeight.Normal,
                    SKFontStyleWidth.Normal,
                    SKFontStyleSlant.Upright,
                    null,
                    key.Codepoint) ?? primary);
        }

        return primary;
    }

    /// <summary>Breaks <paramref name="text"/> into lines no wider than <paramref name="maxWidth"/>.</summary>
    public static List<string> Wrap(string text, TextStyle style, float maxWidth)
    {
        var typeface = TypefaceFor(text, style.Bold);
        using var font = new SKFont(typeface, style.Size);
        using var shaper = new SKShaper(typeface);
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var tokens = Tokens(paragraph);
            var line = string.Empty;
            foreach (var token in tokens)
            {
                var candidate = line + token;
                if (line.Length > 0 && Measure(shaper, font, candidate.TrimEnd()) > maxWidth)
                {
                    lines.Add(line.TrimEnd());
                    line = token.TrimStart();
                }
                else
                {
                    line = candidate;
                }
            }

            if (line.Trim().Length > 0)
            {
                lines.Add(line.TrimEnd());
            }
        }

        if (lines.Count > style.MaxLines)
        {
            lines = lines.Take(style.MaxLines).ToList();
            lines[^1] = lines[^1].TrimEnd('.', ',', ' ') + "…";
        }

        return lines;
    }

    /// <summary>Returns the width of a shaped line.</summary>
    public static float MeasureLine(string line, TextStyle style)
    {
        var typeface = TypefaceFor(line, style.Bold);
        using var font = new SKFont(typeface, style.Size);
        using var shaper = new SKShaper(typeface);
        return Measure(shaper, font, line);
    }

    /// <summary>Draws lines with their first baseline at <paramref name="top"/> + ascent, left-aligned at <paramref name="x"/> or centred on it.</summary>
    public static void DrawLines(SKCanvas canvas, IReadOnlyList<string> lines, TextStyle style, float x, float top, SKPaint? paint = null)
    {
        using var ownPaint = paint is null ? new SKPaint { IsAntialias = true, Color = style.Color } : null;
        var p = paint ?? ownPaint!;
        var y = top;
        foreach (var line in lines)
        {
            var typeface = TypefaceFor(line, style.Bold);
            using var font = new SKFont(typeface, style.Size) { Subpixel = true, Edging = SKFontEdging.SubpixelAntialias };
            using var shaper = new SKShaper(typeface);
            var ascent = -font.Metrics.Ascent;
            var width = Measure(shaper, font, line);
            var left = style.Center ? x - (width / 2) : x;
            canvas.DrawShapedText(shaper, line, left, y + ascent, SKTextAlign.Left, font, p);
            y += style.Size * style.LineSpacing;
        }
    }

    /// <summary>Gets the height of <paramref name="lineCount"/> lines.</summary>
    public static float BlockHeight(int lineCount, TextStyle style)
        => lineCount == 0 ? 0 : (style.Size * style.LineSpacing * (lineCount - 1)) + (style.Size * 1.2f);

    private static float Measure(SKShaper shaper, SKFont font, string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        return shaper.Shape(text, font).Width;
    }

    /// <summary>Words with their trailing space; each CJK character on its own, so such text wraps anywhere.</summary>
    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var element = (string)enumerator.Current;
            var cjk = element.Length > 0 && Speech.ScriptText.IsCjk(element[0]);
            if (cjk && current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }

            current.Append(element);
            if (cjk || element == " ")
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    private static SKTypeface Load(string family, bool bold)
        => SKTypeface.FromFamilyName(family, bold ? SKFontStyleWeight.Bold : SKFontStyleWeight.Normal, SKFontStyleWidth.Normal, SKFontStyleSlant.Upright)
            ?? SKTypeface.Default;
}
