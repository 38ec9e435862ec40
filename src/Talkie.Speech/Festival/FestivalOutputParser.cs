using System.Globalization;

namespace Talkie.Speech.Festival;

/// <summary>A word festival spoke: its time, the token (as written) it came from and that token's index.</summary>
internal readonly record struct FestivalWord(double Start, double End, int TokenIndex, string Token, string Word);

/// <summary>Parses festival's <c>utt.save.segs</c> output and Talkie's word listing.</summary>
internal static class FestivalOutputParser
{
    /// <summary>Parses <c>utt.save.segs</c>: a header ending in <c>#</c>, then <c>END 100 PHONE</c> lines; each phone starts where the previous ended.</summary>
    public static List<PhoneEvent> ParseSegments(TextReader reader)
    {
        var phones = new List<PhoneEvent>();
        var inBody = false;
        var previousEnd = 0.0;
        while (reader.ReadLine() is { } line)
        {
            if (!inBody)
            {
                inBody = line.Trim() == "#";
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var end))
            {
                continue;
            }

            phones.Add(new PhoneEvent(TimeSpan.FromSeconds(previousEnd), TimeSpan.FromSeconds(end), parts[2], PhoneAlphabet.Arpabet));
            previousEnd = end;
        }

        return phones;
    }

    /// <summary>Parses the tab-separated word listing the generated Scheme writes: start, end, token index, token, word.</summary>
    public static List<FestivalWord> ParseWords(TextReader reader)
    {
        var words = new List<FestivalWord>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split('\t');
            if (parts.Length < 5
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var end)
                || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var token))
            {
                continue;
            }

            words.Add(new FestivalWord(start, end, token, parts[3], parts[4]));
        }

        return words;
    }
}
