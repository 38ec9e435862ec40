using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Talkie.Localization.Translation;

/// <summary>
/// Terms a translation must respect: some are kept as they are (brand and product names), some have a
/// fixed translation. Names (two or more capitalized words inside a sentence, such as a person's name)
/// and numbers are kept too.
/// </summary>
public sealed partial class Glossary
{
    /// <summary>Creates a glossary.</summary>
    /// <param name="keep">Terms kept as they are.</param>
    /// <param name="translate">Terms with a fixed translation.</param>
    public Glossary(IEnumerable<string>? keep = null, IReadOnlyDictionary<string, string>? translate = null)
    {
        Keep = [.. (keep ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        Translate = new Dictionary<string, string>(translate ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Gets an empty glossary (names and numbers are still kept).</summary>
    public static Glossary Empty { get; } = new();

    /// <summary>Gets the terms kept as they are.</summary>
    public IReadOnlyList<string> Keep { get; }

    /// <summary>Gets the terms with a fixed translation.</summary>
    public IReadOnlyDictionary<string, string> Translate { get; }

    /// <summary>
    /// Reads a glossary file: one term per line kept as it is (<c>Talkie</c>), or <c>term = translation</c>
    /// for a fixed translation (<c>quarterly report = informe trimestral</c>); blank lines and lines starting
    /// with <c>#</c> are ignored.
    /// </summary>
    /// <exception cref="InvalidInputException">The file is missing or a line cannot be read.</exception>
    public static Glossary Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"the glossary {path} does not exist");
        }

        var keep = new List<string>();
        var translate = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                keep.Add(line);
                continue;
            }

            var term = line[..equals].Trim();
            var translation = line[(equals + 1)..].Trim();
            if (term.Length == 0 || translation.Length == 0)
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{path} line {number}: write 'term = translation' (both sides), or the term alone to keep it as it is"));
            }

            translate[term] = translation;
        }

        return new Glossary(keep, translate);
    }

    /// <summary>
    /// Replaces every protected stretch of <paramref name="text"/> with a numbered placeholder the
    /// translator passes through unchanged (apertium keeps bracketed text, its "superblanks", in place),
    /// adding what each stands for to <paramref name="kept"/>.
    /// </summary>
    public string Protect(string text, List<string> kept)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(kept);

        // Brackets of the text itself would read as placeholders.
        text = text.Replace('[', '(').Replace(']', ')');
        foreach (var (term, translation) in Translate.OrderByDescending(t => t.Key.Length))
        {
            text = Replace(text, term, translation, kept);
        }

        foreach (var term in Keep.OrderByDescending(t => t.Length))
        {
            text = Replace(text, term, null, kept);
        }

        text = NumberPattern().Replace(text, m => Placeholder(m.Value, kept));
        text = NamePattern().Replace(text, m => Placeholder(m.Value, kept));
        return text;
    }

    /// <summary>Puts back what the placeholders of <see cref="Protect"/> stand for, and tidies the spacing.</summary>
    public static string Restore(string text, IReadOnlyList<string> kept)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(kept);
        var restored = PlaceholderPattern().Replace(text, m =>
        {
            var index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return index < kept.Count ? kept[index] : string.Empty;
        });
        var tidy = new StringBuilder();
        foreach (var c in restored)
        {
            if (c == ' ' && tidy.Length > 0 && tidy[^1] == ' ')
            {
                continue;
            }

            // No space before closing punctuation (apertium writes "Obama ." around kept words).
            if (c is '.' or ',' or ';' or ':' or '!' or '?' && tidy.Length > 0 && tidy[^1] == ' ')
            {
                tidy.Length--;
            }

            tidy.Append(c);
        }

        return tidy.ToString().Trim();
    }

    private static string Replace(string text, string term, string? translation, List<string> kept)
    {
        var pattern = new Regex($@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(term)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return pattern.Replace(text, m => Placeholder(translation ?? m.Value, kept));
    }

    private static string Placeholder(string value, List<string> kept)
    {
        kept.Add(value);
        return string.Create(CultureInfo.InvariantCulture, $"[{{{kept.Count - 1}}}]");
    }

    // Numbers, with their thousands and decimal separators (1,250 and 3.5 stay as written).
    [GeneratedRegex(@"(?<![\p{L}\p{N}\[{])\d+(?:[.,]\d+)*(?![\p{L}\p{N}\]}])", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    // Two or more capitalized words inside a sentence (not after its start): a person's or a company's name.
    [GeneratedRegex(@"(?<=[\p{Ll},;:]\s+)\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\[\{(\d+)\}\]", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
