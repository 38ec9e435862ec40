namespace Talkie.Vision.Tracking;

/// <summary>
/// The One Euro filter (Casiez, Roussel and Vogel, CHI 2012): a low-pass filter whose cut-off rises
/// with speed, so a still point stops shaking while a moving one is not lagged. Hand-written: it is a
/// dozen lines and no served package has it. Speeds are divided by a scale (the inter-ocular
/// distance) so one tuning fits faces of every size.
/// </summary>
public sealed class OneEuroFilter
{
    private const double DerivativeCutoff = 1.0;
    private readonly double _minCutoff;
    private readonly double _beta;
    private double _value;
    private double _derivative;
    private bool _started;

    /// <summary>Creates the filter.</summary>
    /// <param name="minCutoff">The cut-off (Hz) at rest: lower removes more jitter.</param>
    /// <param name="beta">How fast the cut-off rises with speed (per scale unit per second): higher lags less.</param>
    public OneEuroFilter(double minCutoff, double beta)
    {
        _minCutoff = minCutoff;
        _beta = beta;
    }

    /// <summary>Filters the next sample.</summary>
    /// <param name="value">The raw value.</param>
    /// <param name="interval">Seconds since the previous sample.</param>
    /// <param name="scale">The unit speeds are measured in (e.g. the inter-ocular distance in pixels).</param>
    public double Filter(double value, double interval, double scale)
    {
        if (!_started || interval <= 0)
        {
            _started = true;
            _value = value;
            _derivative = 0;
            return value;
        }

        var rawDerivative = (value - _value) / interval;
        _derivative += Alpha(DerivativeCutoff, interval) * (rawDerivative - _derivative);
        var cutoff = _minCutoff + (_beta * Math.Abs(_derivative) / Math.Max(scale, 1e-6));
        _value += Alpha(cutoff, interval) * (value - _value);
        return _value;
    }

    /// <summary>Forgets the past (after a cut or a lost face).</summary>
    public void Reset() => _started = false;

    private static double Alpha(double cutoff, double interval)
    {
        var tau = 1 / (2 * Math.PI * cutoff);
        return 1 / (1 + (tau / interval));
    }
}
