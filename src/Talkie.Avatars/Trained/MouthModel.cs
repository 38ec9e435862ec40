using Talkie.Speech.Visemes;

namespace Talkie.Avatars.Trained;

/// <summary>How wide one mouth shape opens a person's mouth, learned from their footage.</summary>
/// <param name="Opening">The mean opening (÷ inter-ocular distance).</param>
/// <param name="Width">The mean width (÷ inter-ocular distance).</param>
/// <param name="Frames">How many footage frames showed it.</param>
public sealed record ShapeHabit(float Opening, float Width, int Frames);

/// <summary>
/// A person's mouth as their sound predicts it, learned from their own footage: how far their lips
/// lead the sound (real mouths move before the sound they make; 2–3 frames on the shared clips), the
/// mean opening and width they give each mouth shape, and how much the loudness adds. Small on
/// purpose: 30 s of footage is a few hundred frames, too few for anything with many parameters
/// (a ridge regression from 91 cepstral values did worse than this on the shared clips).
/// </summary>
public sealed record MouthModel
{
    /// <summary>The longest lead tried, in frames.</summary>
    public const int MaxLead = 4;

    // Each shape's mean is pulled toward the overall mean as if it had this many more frames of it.
    private const float Shrink = 3;

    /// <summary>Gets how many frames the mouth leads the sound.</summary>
    public required int LeadFrames { get; init; }

    /// <summary>Gets the habits per mouth shape.</summary>
    public required IReadOnlyDictionary<Viseme, ShapeHabit> Shapes { get; init; }

    /// <summary>Gets the opening's intercept.</summary>
    public required float Intercept { get; init; }

    /// <summary>Gets the weight of the shape's mean opening.</summary>
    public required float ShapeWeight { get; init; }

    /// <summary>Gets the weight of the loudness (in standard deviations of the sound's own loudness).</summary>
    public required float LoudnessWeight { get; init; }

    /// <summary>Gets the correlation of the model's opening with the footage's (in sample).</summary>
    public required float Fit { get; init; }

    /// <summary>Learns the model from footage frames: the mouth shape of the sound at each frame, its loudness (log energy) and the measured opening and width.</summary>
    public static MouthModel Learn(IReadOnlyList<Viseme> shapes, IReadOnlyList<float> loudness, IReadOnlyList<float> opening, IReadOnlyList<float> width)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(loudness);
        ArgumentNullException.ThrowIfNull(opening);
        ArgumentNullException.ThrowIfNull(width);
        var n = shapes.Count;
        if (n < 10 || loudness.Count != n || opening.Count != n || width.Count != n)
        {
            throw new ArgumentException("a mouth model needs at least 10 frames, each with a shape, a loudness, an opening and a width");
        }

        var loud = Standardize(loudness);
        MouthModel? best = null;
        for (var lead = 0; lead <= MaxLead; lead++)
        {
            var habits = Habits(shapes, opening, width, lead);
            var x1 = new double[n];
            var x2 = new double[n];
            for (var i = 0; i < n; i++)
            {
                x1[i] = habits[Shifted(shapes, i, lead)].Opening;
                x2[i] = loud[Math.Min(n - 1, i + lead)];
            }

            var (a, b, c) = LeastSquares(x1, x2, opening);
            var fitted = Enumerable.Range(0, n).Select(i => a + (b * x1[i]) + (c * x2[i])).ToArray();
            var fit = (float)Correlation(fitted, [.. opening.Select(o => (double)o)]);
            if (best is null || fit > best.Fit)
            {
                best = new MouthModel { LeadFrames = lead, Shapes = habits, Intercept = (float)a, ShapeWeight = (float)b, LoudnessWeight = (float)c, Fit = fit };
            }
        }

        return best!;
    }

    /// <summary>Predicts the opening and width for each frame of new sound (its mouth shapes and loudness, one per frame), smoothed over three frames.</summary>
    public (float Opening, float Width)[] Predict(IReadOnlyList<Viseme> shapes, IReadOnlyList<float> loudness)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(loudness);
        var n = shapes.Count;
        var loud = Standardize(loudness);
        var raw = new (float Opening, float Width)[n];
        var overall = Overall;
        for (var i = 0; i < n; i++)
        {
            var shape = Shifted(shapes, i, LeadFrames);
            var habit = Shapes.TryGetValue(shape, out var h) ? h : overall;
            var l = loud.Length == 0 ? 0 : loud[Math.Min(loud.Length - 1, i + LeadFrames)];
            raw[i] = ((float)(Intercept + (ShapeWeight * habit.Opening) + (LoudnessWeight * l)), habit.Width);
        }

        var smooth = new (float Opening, float Width)[n];
        for (var i = 0; i < n; i++)
        {
            var (p, q) = (raw[Math.Max(0, i - 1)], raw[Math.Min(n - 1, i + 1)]);
            smooth[i] = (((2 * raw[i].Opening) + p.Opening + q.Opening) / 4, ((2 * raw[i].Width) + p.Width + q.Width) / 4);
        }

        return smooth;
    }

    /// <summary>Gets the mouth shape at frame <paramref name="i"/> as the lips show it (the sound's shape <paramref name="lead"/> frames later).</summary>
    public static Viseme Shifted(IReadOnlyList<Viseme> shapes, int i, int lead)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        return shapes[Math.Min(shapes.Count - 1, i + lead)];
    }

    private ShapeHabit Overall
    {
        get
        {
            var frames = Shapes.Values.Sum(h => h.Frames);
            return frames == 0
                ? new ShapeHabit(0, 0, 0)
                : new ShapeHabit(Shapes.Values.Sum(h => h.Opening * h.Frames) / frames, Shapes.Values.Sum(h => h.Width * h.Frames) / frames, frames);
        }
    }

    private static Dictionary<Viseme, ShapeHabit> Habits(IReadOnlyList<Viseme> shapes, IReadOnlyList<float> opening, IReadOnlyList<float> width, int lead)
    {
        var meanOpening = opening.Average();
        var meanWidth = width.Average();
        var habits = new Dictionary<Viseme, ShapeHabit>();
        foreach (var shape in Enum.GetValues<Viseme>())
        {
            var frames = Enumerable.Range(0, shapes.Count).Where(i => Shifted(shapes, i, lead) == shape).ToList();
            var weight = frames.Count / (frames.Count + Shrink);
            habits[shape] = new ShapeHabit(
                (weight * (frames.Count == 0 ? 0 : frames.Average(i => opening[i]))) + ((1 - weight) * meanOpening),
                (weight * (frames.Count == 0 ? 0 : frames.Average(i => width[i]))) + ((1 - weight) * meanWidth),
                frames.Count);
        }

        return habits;
    }

    private static double[] Standardize(IReadOnlyList<float> values)
    {
        if (values.Count == 0)
        {
            return [];
        }

        var mean = values.Average();
        var sd = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        return [.. values.Select(v => sd < 1e-6 ? 0 : (v - mean) / sd)];
    }

    // Ordinary least squares of y on [1, x1, x2] (a 3 × 3 normal system, solved by Cramer's rule),
    // with a small ridge so a constant column (one shape only, or silent footage) cannot break it.
    private static (double A, double B, double C) LeastSquares(double[] x1, double[] x2, IReadOnlyList<float> y)
    {
        var n = x1.Length;
        double s1 = x1.Sum(), s2 = x2.Sum(), sy = y.Sum();
        double s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0;
        for (var i = 0; i < n; i++)
        {
            s11 += x1[i] * x1[i];
            s12 += x1[i] * x2[i];
            s22 += x2[i] * x2[i];
            s1y += x1[i] * y[i];
            s2y += x2[i] * y[i];
        }

        const double ridge = 1e-4;
        double[,] m = { { n, s1, s2 }, { s1, s11 + (ridge * n), s12 }, { s2, s12, s22 + (ridge * n) } };
        double[] r = [sy, s1y, s2y];
        var det = Determinant(m);
        if (Math.Abs(det) < 1e-12)
        {
            return (sy / n, 0, 0);
        }

        double Solve(int column)
        {
            var copy = (double[,])m.Clone();
            for (var row = 0; row < 3; row++)
            {
                copy[row, column] = r[row];
            }

            return Determinant(copy) / det;
        }

        return (Solve(0), Solve(1), Solve(2));
    }

    private static double Determinant(double[,] m)
        => (m[0, 0] * ((m[1, 1] * m[2, 2]) - (m[1, 2] * m[2, 1])))
           - (m[0, 1] * ((m[1, 0] * m[2, 2]) - (m[1, 2] * m[2, 0])))
           + (m[0, 2] * ((m[1, 0] * m[2, 1]) - (m[1, 1] * m[2, 0])));

    private static double Correlation(double[] a, double[] b)
    {
        var (ma, mb) = (a.Average(), b.Average());
        var covariance = a.Zip(b).Sum(p => (p.First - ma) * (p.Second - mb));
        var spread = Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(x => (x - mb) * (x - mb)));
        return spread == 0 ? 0 : covariance / spread;
    }
}
