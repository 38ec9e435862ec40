using Talkie.Speech.Visemes;

namespace Talkie.Avatars;

/// <summary>
/// A mouth described by what the jaw, lips, teeth and tongue do, each 0..1 (Width is a multiplier).
/// Every viseme has a target pose; in between, poses are interpolated, so the mouth moves smoothly
/// from shape to shape instead of snapping.
/// </summary>
public readonly record struct MouthPose(
    double Open,
    double Width,
    double Round,
    double UpperTeeth,
    double LowerTeeth,
    double Tongue,
    double TongueUp,
    double LipTuck,
    double Smile,
    double Press)
{
    /// <summary>Returns the target pose of a mouth shape.</summary>
    public static MouthPose For(Viseme viseme) => viseme switch
    {
        Viseme.X => new(Open: 0, Width: 1.00, Round: 0, UpperTeeth: 0, LowerTeeth: 0, Tongue: 0, TongueUp: 0, LipTuck: 0, Smile: 0.45, Press: 0),
        Viseme.A => new(0, 0.94, 0, 0, 0, 0, 0, 0, 0.15, 1),
        Viseme.B => new(0.16, 1.06, 0, 1, 0.8, 0, 0, 0, 0.3, 0),
        Viseme.C => new(0.46, 1.02, 0, 0.9, 0.2, 0.35, 0, 0, 0.2, 0),
        Viseme.D => new(0.88, 1.04, 0, 0.9, 0.1, 0.6, 0, 0, 0.15, 0),
        Viseme.E => new(0.36, 0.80, 0.55, 0.5, 0, 0.2, 0, 0, 0, 0),
        Viseme.F => new(0.20, 0.62, 1, 0.2, 0, 0, 0, 0, 0, 0),
        Viseme.G => new(0.10, 1.00, 0, 1, 0, 0, 0, 1, 0.15, 0),
        Viseme.H => new(0.42, 0.96, 0, 0.85, 0, 0, 1, 0, 0.15, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(viseme)),
    };

    /// <summary>Interpolates between two poses (<paramref name="t"/> = 0 gives <paramref name="a"/>).</summary>
    public static MouthPose Lerp(MouthPose a, MouthPose b, double t) => new(
        a.Open + ((b.Open - a.Open) * t),
        a.Width + ((b.Width - a.Width) * t),
        a.Round + ((b.Round - a.Round) * t),
        a.UpperTeeth + ((b.UpperTeeth - a.UpperTeeth) * t),
        a.LowerTeeth + ((b.LowerTeeth - a.LowerTeeth) * t),
        a.Tongue + ((b.Tongue - a.Tongue) * t),
        a.TongueUp + ((b.TongueUp - a.TongueUp) * t),
        a.LipTuck + ((b.LipTuck - a.LipTuck) * t),
        a.Smile + ((b.Smile - a.Smile) * t),
        a.Press + ((b.Press - a.Press) * t));
}
