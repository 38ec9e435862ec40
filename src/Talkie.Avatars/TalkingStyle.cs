using Talkie.Speech.Visemes;

namespace Talkie.Avatars;

/// <summary>What drives an avatar's performance: the mouth shapes and the moments to react to.</summary>
/// <param name="Visemes">The mouth shapes over time.</param>
/// <param name="SentenceEnds">When sentences end (a small nod follows).</param>
/// <param name="Emphasis">When emphasized words start (brows rise).</param>
/// <param name="Seed">Seeds blinks, gaze and sway, so a render is repeatable.</param>
/// <param name="FrameRate">The frame rate it will be shown at: the mouth reaches each shape by the frame its cue starts on.</param>
public sealed record AvatarPerformance(VisemeTrack Visemes, IReadOnlyList<TimeSpan> SentenceEnds, IReadOnlyList<TimeSpan> Emphasis, int Seed = 1, double FrameRate = 25)
{
    /// <summary>Gets the sound's loudness (log energy) at each frame, for avatars that learned how loudness opens a mouth; empty when not measured.</summary>
    public IReadOnlyList<float> Loudness { get; init; } = [];
}

/// <summary>The motion of a face and body at one moment, in design units (1/1000 of the figure's height) and degrees.</summary>
public readonly record struct Motion(
    double HeadRollDegrees,
    double HeadX,
    double HeadY,
    double Nod,
    double Turn,
    double Breath,
    double Blink,
    double BrowRaise,
    double GazeX,
    double GazeY,
    MouthPose Mouth);

/// <summary>
/// A presenter's talking style: natural blinks (every 2–6 s, about 150 ms, sometimes double), gaze
/// shifts, breathing, a slow head sway, livelier head motion while speaking, a nod after sentences
/// and raised brows on emphasis; and the mouth blended between viseme targets. Everything is a pure
/// function of time, so frames can be drawn in any order or in parallel.
/// </summary>
public sealed class TalkingStyle
{
    private static readonly TimeSpan BlinkClose = TimeSpan.FromMilliseconds(60);
    private static readonly TimeSpan BlinkHold = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan BlinkOpen = TimeSpan.FromMilliseconds(70);

    private readonly AvatarPerformance _performance;
    private readonly List<TimeSpan> _blinks = [];
    private readonly List<(TimeSpan At, double X, double Y)> _gaze = [];
    private readonly double[] _phases = new double[6];
    private readonly double[] _speechActivity;
    private const double ActivityStep = 0.05;

    /// <summary>Plans the performance over <paramref name="duration"/>.</summary>
    public TalkingStyle(AvatarPerformance performance, TimeSpan duration)
    {
        _performance = performance;
        var random = new Random(performance.Seed);
        for (var i = 0; i < _phases.Length; i++)
        {
            _phases[i] = random.NextDouble() * Math.PI * 2;
        }

        var t = TimeSpan.FromSeconds(0.8 + (random.NextDouble() * 1.5));
        while (t < duration)
        {
            _blinks.Add(t);
            if (random.NextDouble() < 0.12)
            {
                _blinks.Add(t + TimeSpan.FromMilliseconds(320));
            }

            t += TimeSpan.FromSeconds(2 + (random.NextDouble() * 4));
        }

        t = TimeSpan.FromSeconds(1 + random.NextDouble());
        _gaze.Add((TimeSpan.Zero, 0, 0));
        while (t < duration)
        {
            // Mostly at the camera, with small glances aside.
            var away = random.NextDouble() < 0.35;
            _gaze.Add((t, away ? (random.NextDouble() - 0.5) * 7 : (random.NextDouble() - 0.5) * 1.5, away ? (random.NextDouble() - 0.6) * 3 : 0));
            t += TimeSpan.FromSeconds(1.2 + (random.NextDouble() * 2.8));
        }

        // How much speech is going on around each moment (smoothed), for livelier motion while talking.
        var steps = (int)Math.Ceiling(duration.TotalSeconds / ActivityStep) + 1;
        _speechActivity = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            _speechActivity[i] = _performance.Visemes.ShapeAt(TimeSpan.FromSeconds(i * ActivityStep)) == Viseme.X ? 0 : 1;
        }

        Smooth(_speechActivity, radius: 8);
    }

    /// <summary>Gets the planned blink starts.</summary>
    public IReadOnlyList<TimeSpan> Blinks => _blinks;

    /// <summary>Returns the motion at <paramref name="time"/>.</summary>
    public Motion At(TimeSpan time)
    {
        var s = time.TotalSeconds;
        var activity = Activity(s);
        var roll = (1.1 * Math.Sin((2 * Math.PI * s / 7.3) + _phases[0])) + (0.5 * Math.Sin((2 * Math.PI * s / 3.1) + _phases[1]))
            + (activity * 0.9 * Math.Sin((2 * Math.PI * s / 1.9) + _phases[2]));
        var headX = 4 * Math.Sin((2 * Math.PI * s / 9.1) + _phases[3]);
        var turn = (2.5 * Math.Sin((2 * Math.PI * s / 6.7) + _phases[4])) + (activity * 1.5 * Math.Sin((2 * Math.PI * s / 2.3) + _phases[5]));
        var speakingBob = activity * 2.2 * Math.Sin((2 * Math.PI * s / 1.45) + _phases[2]);
        var nod = speakingBob + Pulses(_performance.SentenceEnds, time, TimeSpan.FromMilliseconds(120), 0.28) * 9;
        var breath = 3.5 * Math.Sin((2 * Math.PI * s / 4.2) + _phases[1]);
        var brows = Pulses(_performance.Emphasis, time, TimeSpan.FromMilliseconds(-60), 0.35) + (0.25 * Pulses(_performance.SentenceEnds, time, TimeSpan.FromMilliseconds(-700), 0.4));
        var (gazeX, gazeY) = Gaze(time);
        return new Motion(roll, headX, nod * 0.3, nod, turn, breath, Blink(time), Math.Min(1, brows), gazeX, gazeY, Mouth(time));
    }

    /// <summary>
    /// Returns the mouth pose at <paramref name="time"/>: each cue's target, reached exactly when the
    /// cue starts; the move from the previous shape happens in the frame before it (at most one frame
    /// and half the previous cue), as lips anticipate the next sound.
    /// </summary>
    public MouthPose Mouth(TimeSpan time)
    {
        var cues = _performance.Visemes.Cues;
        if (cues.Count == 0)
        {
            return MouthPose.For(Viseme.X);
        }

        var i = _performance.Visemes.IndexAt(time);
        var current = cues[i];
        if (i + 1 < cues.Count)
        {
            var next = cues[i + 1];
            var window = Window(current);
            if (time > next.Start - window)
            {
                return MouthPose.Lerp(MouthPose.For(current.Shape), MouthPose.For(next.Shape), SmoothStep((time - (next.Start - window)) / window));
            }
        }

        return MouthPose.For(current.Shape);
    }

    private TimeSpan Window(MouthCue leaving)
    {
        var frame = TimeSpan.FromSeconds(1 / _performance.FrameRate);
        var limit = frame < TimeSpan.FromMilliseconds(60) ? frame : TimeSpan.FromMilliseconds(60);
        var half = leaving.Duration / 2;
        var window = half < limit ? half : limit;
        return window > TimeSpan.FromMilliseconds(5) ? window : TimeSpan.FromMilliseconds(5);
    }

    private double Blink(TimeSpan time)
    {
        // The last blink that started by now (blinks never overlap).
        var index = _blinks.BinarySearch(time);
        index = index >= 0 ? index : ~index - 1;
        if (index < 0)
        {
            return 0;
        }

        var into = time - _blinks[index];
        if (into < BlinkClose)
        {
            return SmoothStep(into / BlinkClose);
        }

        if (into < BlinkClose + BlinkHold)
        {
            return 1;
        }

        return into < BlinkClose + BlinkHold + BlinkOpen ? 1 - SmoothStep((into - BlinkClose - BlinkHold) / BlinkOpen) : 0;
    }

    private (double X, double Y) Gaze(TimeSpan time)
    {
        var index = _gaze.BinarySearch((time, double.MaxValue, double.MaxValue));
        index = index >= 0 ? index : ~index - 1;
        if (index <= 0)
        {
            return (_gaze[0].X, _gaze[0].Y);
        }

        var (at, x, y) = _gaze[index];
        var (_, px, py) = _gaze[index - 1];
        var f = SmoothStep((time - at).TotalSeconds / 0.08);
        return (px + ((x - px) * f), py + ((y - py) * f));
    }

    private double Activity(double seconds)
    {
        var position = seconds / ActivityStep;
        var i = (int)Math.Floor(position);
        if (i < 0)
        {
            return _speechActivity[0];
        }

        if (i >= _speechActivity.Length - 1)
        {
            return _speechActivity[^1];
        }

        var f = position - i;
        return (_speechActivity[i] * (1 - f)) + (_speechActivity[i + 1] * f);
    }

    /// <summary>Sum of smooth bumps (0..1) that peak <paramref name="delay"/> after each moment and last about <paramref name="width"/> seconds.</summary>
    private static double Pulses(IReadOnlyList<TimeSpan> moments, TimeSpan time, TimeSpan delay, double width)
    {
        var value = 0.0;
        foreach (var moment in moments)
        {
            var x = (time - moment - delay).TotalSeconds / width;
            if (Math.Abs(x) < 3)
            {
                value += Math.Exp(-x * x);
            }
        }

        return Math.Min(1, value);
    }

    private static double SmoothStep(double x)
    {
        x = Math.Clamp(x, 0, 1);
        return x * x * (3 - (2 * x));
    }

    private static void Smooth(double[] values, int radius)
    {
        var copy = (double[])values.Clone();
        for (var i = 0; i < values.Length; i++)
        {
            double sum = 0;
            var count = 0;
            for (var j = Math.Max(0, i - radius); j <= Math.Min(values.Length - 1, i + radius); j++)
            {
                sum += copy[j];
                count++;
            }

            values[i] = sum / count;
        }
    }
}
