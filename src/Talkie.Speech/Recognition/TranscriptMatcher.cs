namespace Talkie.Speech.Recognition;

/// <summary>
/// Lines up a transcript's words with recognized words (edit distance with a backtrace), to find in
/// which chunk of a long recording each transcript word is spoken.
/// </summary>
internal static class TranscriptMatcher
{
    /// <summary>Returns, for each transcript word, the index of the recognized word it lines up with, or -1.</summary>
    public static int[] Match(IReadOnlyList<string> transcript, IReadOnlyList<string> recognized)
    {
        int n = transcript.Count, m = recognized.Count;
        var matches = new int[n];
        Array.Fill(matches, -1);
        if (n == 0 || m == 0)
        {
            return matches;
        }

        // Costs two rows at a time; the path as one byte per cell (0 diagonal, 1 up, 2 left).
        var path = new byte[(n + 1) * (m + 1)];
        var previous = new int[m + 1];
        var current = new int[m + 1];
        for (var j = 0; j <= m; j++)
        {
            previous[j] = j;
            path[j] = 2;
        }

        for (var i = 1; i <= n; i++)
        {
            current[0] = i;
            path[i * (m + 1)] = 1;
            for (var j = 1; j <= m; j++)
            {
                var diagonal = previous[j - 1] + (string.Equals(transcript[i - 1], recognized[j - 1], StringComparison.Ordinal) ? 0 : 1);
                var up = previous[j] + 1;
                var left = current[j - 1] + 1;
                if (diagonal <= up && diagonal <= left)
                {
                    current[j] = diagonal;
                    path[(i * (m + 1)) + j] = 0;
                }
                else if (up <= left)
                {
                    current[j] = up;
                    path[(i * (m + 1)) + j] = 1;
                }
                else
                {
                    current[j] = left;
                    path[(i * (m + 1)) + j] = 2;
                }
            }

            (previous, current) = (current, previous);
        }

        int a = n, b = m;
        while (a > 0 && b > 0)
        {
            switch (path[(a * (m + 1)) + b])
            {
                case 0:
                    matches[a - 1] = b - 1;
                    a--;
                    b--;
                    break;
                case 1:
                    a--;
                    break;
                default:
                    b--;
                    break;
            }
        }

        return matches;
    }
}
