using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Talkie.Media;

namespace Talkie.Localization.Translation;

/// <summary>
/// Offline translation with apertium (Debian's <c>apertium</c> and its language pairs): rule-based,
/// rough but understandable. All segments of a video go through one apertium run (its start-up is
/// most of the cost), separated by bracketed markers apertium passes through untouched.
/// </summary>
public sealed class ApertiumTranslator : ITranslator
{
    private readonly ToolRunner _runner;
    private readonly LocalizationOptions _options;
    private readonly Lazy<IReadOnlyList<TranslationDirection>> _directions;

    /// <summary>Creates the translator.</summary>
    public ApertiumTranslator(ToolRunner runner, IOptions<LocalizationOptions> options)
    {
        _runner = runner;
        _options = options.Value;
        _directions = new Lazy<IReadOnlyList<TranslationDirection>>(ListDirections);
    }

    /// <inheritdoc />
    public string Engine => "apertium";

    /// <inheritdoc />
    public IReadOnlyList<TranslationDirection> Directions => _directions.Value;

    /// <summary>Reads apertium's list of installed modes (<c>apertium -l</c>) into directions: plain pairs such as <c>eng-spa</c> or <c>en-eo</c>; variants (<c>eng-cat_valencia</c>) and debugging modes are left out.</summary>
    public static IReadOnlyList<TranslationDirection> ParseModes(string listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var directions = new List<TranslationDirection>();
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('-');
            if (parts.Length != 2 || line.Contains('_', StringComparison.Ordinal))
            {
                continue;
            }

            var (from, to) = (LanguageCodes.Normalize(parts[0]), LanguageCodes.Normalize(parts[1]));
            if (from is not null && to is not null && from != to && !directions.Any(d => d.From == from && d.To == to))
            {
                directions.Add(new TranslationDirection(from, to, "apertium", line));
            }
        }

        return directions;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> TranslateAsync(IReadOnlyList<string> segments, string from, string to, Glossary glossary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(glossary);
        var direction = Find(from, to);
        if (segments.Count == 0)
        {
            return [];
        }

        var kept = new List<string>[segments.Count];
        var input = new StringBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            kept[i] = [];
            if (i > 0)
            {
                input.Append(CultureInfo.InvariantCulture, $"\n[<<{i}>>]\n");
            }

            input.Append(glossary.Protect(segments[i].ReplaceLineEndings(" "), kept[i]));
        }

        var bytes = Encoding.UTF8.GetBytes(input.Append('\n').ToString());
        var command = new ToolCommand("apertium", _options.ApertiumPath, ["-u", "-f", "txt", direction.Name])
        {
            OptionName = "Talkie:Localization:ApertiumPath",
            WriteStandardInput = async (stdin, token) => await stdin.WriteAsync(bytes, token).ConfigureAwait(false),
        };
        var result = await _runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        var output = result.StandardOutput;
        var translated = new List<string>(segments.Count);
        var start = 0;
        for (var i = 1; i <= segments.Count; i++)
        {
            var marker = i < segments.Count ? string.Create(CultureInfo.InvariantCulture, $"[<<{i}>>]") : null;
            var end = marker is null ? output.Length : output.IndexOf(marker, start, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new InvalidOperationException($"apertium lost the boundary before segment {i + 1}");
            }

            translated.Add(Glossary.Restore(output[start..end].ReplaceLineEndings(" "), kept[i - 1]));
            start = end + (marker?.Length ?? 0);
        }

        return translated;
    }

    /// <summary>The installed direction from one language to another.</summary>
    /// <exception cref="InvalidInputException">It is not installed (the message lists those that are).</exception>
    public TranslationDirection Find(string from, string to)
    {
        var (source, target) = (LanguageCodes.Normalize(from), LanguageCodes.Normalize(to));
        return Directions.FirstOrDefault(d => d.From == source && d.To == target)
            ?? throw new InvalidInputException(Directions.Count == 0
                ? "no translation pairs are installed: run ./talkie setup (it installs apertium and its English pairs)"
                : $"translating {from} → {to} is not installed; the directions that are: {string.Join(", ", Directions.Select(d => $"{d.From}→{d.To}"))} (talkie languages)");
    }

    private IReadOnlyList<TranslationDirection> ListDirections()
    {
        if (ToolLocator.Resolve(_options.ApertiumPath) is null)
        {
            return [];
        }

        var command = new ToolCommand("apertium", _options.ApertiumPath, ["-l"]) { OptionName = "Talkie:Localization:ApertiumPath", ThrowOnNonZeroExit = false };

        // Listing is a quick local call made once per process.
        var result = _runner.RunAsync(command, CancellationToken.None).GetAwaiter().GetResult();
        return ParseModes(result.StandardOutput);
    }
}
