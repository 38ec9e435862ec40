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

        return Talkie.Speech.VoiceCatalog.IsLanguageCode(primary) ? CultureInfo.GetCultureInfo(primary).TwoLetterISOLanguageName : null;
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
