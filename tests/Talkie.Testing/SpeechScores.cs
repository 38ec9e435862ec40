using Talkie.Speech;
using Talkie.Speech.Recognition;
using Talkie.Speech.Visemes;

namespace Talkie.Testing;

/// <summary>How speech recognition and lip sync are scored.</summary>
public static class SpeechScores
{
    /// <summary>
    /// Word error rate: (substitutions + deletions + insertions) / reference words, after lower-casing
    /// and dropping punctuation (the recognizer writes no punctuation).
    /// </summary>
    public static double WordErrorRate(string reference, IEnumerable<string> hypothesis)
    {
        var r = Words(reference);
        var h = hypothesis.Select(PronunciationDictionary.Normalize).Where(w => w is not null).Select(w => w!).ToArray();
        var d = new int[r.Length + 1, h.Length + 1];
        for (var i = 0; i <= r.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= h.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= r.Length; i++)
        {
            for (var j = 1; j <= h.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1));
            }
        }

        return (double)d[r.Length, h.Length] / r.Length;
    }

    /// <summary>
    /// Viseme frame agreement at 10 ms: the share of 10 ms frames where the shape from
    /// <paramref name="predicted"/> phones equals the shape from the <paramref name="truth"/> phones,
    /// both turned into shapes by the same mapping and rules (at 100 frames per second, so no
    /// shape is lengthened beyond 10 ms).
    /// </summary>
    public static double VisemeAgreement(IReadOnlyList<PhoneEvent> truth, IReadOnlyList<PhoneEvent> predicted, TimeSpan duration)
    {
        var options = new VisemeOptions { FrameRate = 100 };
        var expected = VisemeTrackBuilder.Build(truth, duration, options);
        var actual = VisemeTrackBuilder.Build(predicted, duration, options);
        var frames = (int)(duration.TotalSeconds * 100);
        var same = 0;
        for (var i = 0; i < frames; i++)
        {
            var time = TimeSpan.FromSeconds((i + 0.5) / 100);
            same += expected.ShapeAt(time) == actual.ShapeAt(time) ? 1 : 0;
        }

        return (double)same / frames;
    }

    /// <summary>Pearson correlation of <paramref name="a"/> with <paramref name="b"/> shifted by <paramref name="lag"/> (b[i + lag] against a[i]).</summary>
    public static double Correlation(IReadOnlyList<double> a, IReadOnlyList<double> b, int lag)
    {
        var pairs = Enumerable.Range(0, a.Count).Where(i => i + lag >= 0 && i + lag < b.Count).Select(i => (A: a[i], B: b[i + lag])).ToList();
        var meanA = pairs.Average(p => p.A);
        var meanB = pairs.Average(p => p.B);
        var covariance = pairs.Sum(p => (p.A - meanA) * (p.B - meanB));
        var varianceA = pairs.Sum(p => (p.A - meanA) * (p.A - meanA));
        var varianceB = pairs.Sum(p => (p.B - meanB) * (p.B - meanB));
        return covariance / Math.Sqrt(varianceA * varianceB);
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(PronunciationDictionary.Normalize).Where(w => w is not null).Select(w => w!).ToArray();
}
