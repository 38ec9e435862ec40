using System.Globalization;

namespace Talkie.Localization.Translation;

/// <summary>Language codes: ISO 639-1 (<c>es</c>) as users write them, ISO 639-3 (<c>spa</c>) as apertium names most pairs.</summary>
public static class LanguageCodes
{
    // Macrolanguages .NET's culture data does not resolve to a two-letter code, and codes apertium spells its own way.
    private static readonly Dictionary<string, string> Special = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hbs"] = "sh",
        ["sh"] = "sh",
    };

    /// <summary>Normalizes a user's or engine's code to the short form (<c>spa</c>, <c>es</c>, <c>es-ES</c> → <c>es</c>); null when it is not a language.</summary>
    public static string? Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var primary = code.Trim().Replace('_', '-').Split('-')[0].ToLowerInvariant();
        if (Special.TryGetValue(primary, out var special))
        {
            return special;
        }

        if (primary.Length is < 2 or > 3 || !primary.All(char.IsAsciiLetterLower))
        {
            return null;
        }

        try
        {
            var culture = CultureInfo.GetCultureInfo(primary);
            return culture.EnglishName.StartsWith("Unknown", StringComparison.Ordinal) || culture.TwoLetterISOLanguageName.Length == 0
                ? null
                : culture.TwoLetterISOLanguageName;
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The language's English name (<c>es</c> → Spanish).</summary>
    public static string NameOf(string code)
    {
        if (code == "sh")
        {
            return "Serbo-Croatian";
        }

        try
        {
            return CultureInfo.GetCultureInfo(code).EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }
}
