using System.Globalization;
using System.Text;

namespace Talkie.Speech;

/// <summary>Turns <c>&lt;say-as&gt;</c> content into text the engines read correctly in the script's language.</summary>
internal static class SayAs
{
    public static readonly string[] Supported = ["characters", "spell-out", "cardinal", "number", "date"];

    /// <summary>Returns the text to speak, or an error message when the content does not fit the interpretation.</summary>
    public static (string? Spoken, string? Error) Interpret(string interpretAs, string? format, string content, string language)
    {
        var text = content.Trim();
        switch (interpretAs)
        {
            case "characters":
            case "spell-out":
                return (SpellOut(text), null);
            case "cardinal":
            case "number":
                var digits = text.Replace(",", string.Empty, StringComparison.Ordinal)
                    .Replace("\u00A0", string.Empty, StringComparison.Ordinal)
                    .Replace(" ", string.Empty, StringComparison.Ordinal)
                    .Replace("_", string.Empty, StringComparison.Ordinal);
                return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? (number.ToString(CultureInfo.InvariantCulture), null)
                    : (null, $"say-as cardinal expects a whole number, got '{text}'");
            case "date":
                return Date(text, format, language);
            default:
                return (null, $"say-as interpret-as='{interpretAs}' is not supported; use one of {string.Join(", ", Supported)}");
        }
    }

    /// <summary>"NASA" → "N.A.S.A." and "42" → "4 2": both engines then read letter and digit names.</summary>
    private static string SpellOut(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                builder.Append(char.ToUpperInvariant(c)).Append('.');
            }
            else if (char.IsDigit(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }

                builder.Append(c).Append(' ');
            }
        }

        return builder.ToString().Trim();
    }

    private static (string?, string?) Date(string text, string? format, string language)
    {
        var parts = text.Split(['-', '/', '.', ' '], StringSplitOptions.RemoveEmptyEntries);
        var order = (format ?? (parts.Length == 3 && parts[0].Length == 4 ? "ymd" : "mdy")).ToLowerInvariant();
        if (order.Length != parts.Length || order.Any(c => c is not ('y' or 'm' or 'd')) || order.Distinct().Count() != order.Length)
        {
            return (null, $"say-as date '{text}' does not match format '{order}' (use format=\"mdy\", \"dmy\", \"ymd\", \"md\", \"dm\", \"ym\" or \"my\")");
        }

        int year = 0, month = 0, day = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return (null, $"say-as date '{text}' has a part that is not a number: '{parts[i]}'");
            }

            switch (order[i])
            {
                case 'y': year = value; break;
                case 'm': month = value; break;
                default: day = value; break;
            }
        }

        bool hasYear = order.Contains('y', StringComparison.Ordinal), hasMonth = order.Contains('m', StringComparison.Ordinal), hasDay = order.Contains('d', StringComparison.Ordinal);
        if ((hasMonth && month is < 1 or > 12) || (hasDay && day is < 1 or > 31))
        {
            return (null, $"say-as date '{text}' is not a valid date for format '{order}'");
        }

        var culture = CultureFor(language);
        var names = culture.DateTimeFormat;
        var monthName = month > 0 ? names.MonthGenitiveNames[month - 1] : string.Empty;
        if (monthName.Length == 0 && month > 0)
        {
            monthName = names.MonthNames[month - 1];
        }

        var english = culture.TwoLetterISOLanguageName == "en";
        var spoken = (hasYear, hasMonth, hasDay) switch
        {
            (true, true, true) when english => $"{monthName} {day}, {year}",
            (true, true, true) => LongDateWithoutWeekday(culture, year, month, day),
            (false, true, true) when english => $"{monthName} {day}",
            (false, true, true) => $"{day} {monthName}",
            (true, true, false) => $"{names.MonthNames[month - 1]} {year}",
            _ => text,
        };
        return (spoken, null);
    }

    private static string LongDateWithoutWeekday(CultureInfo culture, int year, int month, int day)
    {
        // The culture's own long date ("5 de marzo de 2024", "5. März 2024") minus the weekday.
        var pattern = culture.DateTimeFormat.LongDatePattern
            .Replace("dddd", string.Empty, StringComparison.Ordinal)
            .Replace("ddd", string.Empty, StringComparison.Ordinal)
            .Trim(' ', ',', '،');
        try
        {
            var date = new DateTime(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)), 0, 0, 0, DateTimeKind.Unspecified);
            return date.ToString(pattern, culture);
        }
        catch (ArgumentOutOfRangeException)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{day} {culture.DateTimeFormat.MonthNames[month - 1]} {year}");
        }
    }

    private static CultureInfo CultureFor(string language)
    {
        var tag = language.Split('-')[0];
        try
        {
            return CultureInfo.GetCultureInfo(tag);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.GetCultureInfo("en");
        }
    }
}
