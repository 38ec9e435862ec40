using System.Numerics;
using OpenCvSharp;
using Talkie.Vision.Landmarks;

namespace Talkie.Avatars.Trained;

/// <summary>
/// A frame's face in a standard place: the similarity that puts the outer eye corners level, 100
/// units apart, centred on the origin (so mouths from different frames can be compared and moved
/// from one frame into another).
/// </summary>
public readonly record struct FacePlacement(Vector2 Centre, float Angle, float Scale)
{
    /// <summary>Finds the placement of a face from its landmarks.</summary>
    public static FacePlacement Of(FaceLandmarks landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        var right = landmarks.RightEyeOuter;
        var left = landmarks.LeftEyeOuter;
        var axis = left - right;
        return new FacePlacement((right + left) / 2, MathF.Atan2(axis.Y, axis.X), 100 / axis.Length());
    }

    // Image pixels to standard units.
    private Matrix3x2 Standard => Matrix3x2.CreateTranslation(-Centre) * Matrix3x2.CreateRotation(-Angle) * Matrix3x2.CreateScale(Scale);

    /// <summary>Moves an image point to the standard place.</summary>
    public Vector2 ToStandard(Vector2 p) => Vector2.Transform(p, Standard);

    /// <summary>Moves a standard point into this frame.</summary>
    public Vector2 ToImage(Vector2 q)
    {
        Matrix3x2.Invert(Standard, out var toImage);
        return Vector2.Transform(q, toImage);
    }

    /// <summary>The 2 × 3 affine matrix taking this frame's pixels to <paramref name="other"/>'s.</summary>
    public Mat To(FacePlacement other)
    {
        Matrix3x2.Invert(other.Standard, out var toOther);
        var m = Standard * toOther;
        return Mat.FromArray(new double[,] { { m.M11, m.M21, m.M31 }, { m.M12, m.M22, m.M32 } });
    }
}

/// <summary>One footage frame as a source of mouths: its placement, mouth opening and width, and its sound's mouth shape.</summary>
/// <param name="Frame">The footage frame.</param>
/// <param name="Placement">Where its face is.</param>
/// <param name="Opening">Its mouth opening (÷ inter-ocular distance).</param>
/// <param name="Width">Its mouth width (÷ inter-ocular distance).</param>
/// <param name="Shape">The mouth shape of the sound at that moment.</param>
/// <param name="Pose">The head's turn and nod (yaw, pitch in degrees): a mouth seen from another angle blends worse.</param>
public sealed record MouthSample(int Frame, FacePlacement Placement, float Opening, float Width, Speech.Visemes.Viseme Shape, Vector2 Pose = default);

/// <summary>
/// The mouths a person made in their footage, and the choice of one for each frame to render: a
/// dynamic-programming path over the samples that matches the wanted opening, width and mouth shape,
/// and prefers to play the footage's own mouth motion forward (the mouth then moves as the person's
/// did) over jumping between samples.
/// </summary>
public sealed class MouthLibrary
{
    private const float JumpCost = 0.25f;
    private const float HoldCost = 0.08f;
    private const float ShapeCost = 0.3f;

    // The cost of each mismatched neighbouring shape (two frames before or after).
    private const float ContextCost = 0.08f;

    // The cost of every 10 degrees between the sample's head pose and the frame it goes into.
    private const float PoseCost = 0.15f;

    // How much more a mouth left open counts where the lips must meet (P, B, M): a closure lasts a frame or
    // two, and at the plain weight two jumps (into a closed mouth and out) cost more than lips left apart.
    private const float ClosureWeight = 4;

    /// <summary>Builds the library.</summary>
    public MouthLibrary(IReadOnlyList<MouthSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("a mouth library needs samples", nameof(samples));
        }

        Samples = samples;
        var openings = samples.Select(s => s.Opening).Order().ToArray();
        var widths = samples.Select(s => s.Width).Order().ToArray();
        Closed = openings[openings.Length / 20];
        Open = openings[Math.Min(openings.Length - 1, openings.Length * 19 / 20)];
        Narrow = widths[widths.Length / 20];
        Wide = widths[Math.Min(widths.Length - 1, widths.Length * 19 / 20)];
    }

    /// <summary>Gets the samples.</summary>
    public IReadOnlyList<MouthSample> Samples { get; }

    /// <summary>Gets the person's closed mouth opening (5th percentile).</summary>
    public float Closed { get; }

    /// <summary>Gets the person's wide-open mouth opening (95th percentile).</summary>
    public float Open { get; }

    /// <summary>Gets the person's narrowest mouth (5th percentile).</summary>
    public float Narrow { get; }

    /// <summary>Gets the person's widest mouth (95th percentile).</summary>
    public float Wide { get; }

    /// <summary>Chooses a sample for each wanted mouth pose (index into <see cref="Samples"/>), mapping the pose's opening and width onto this person's range.</summary>
    public int[] Choose(IReadOnlyList<(MouthPose Pose, Speech.Visemes.Viseme Shape)> wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        return Choose([.. wanted.Select(w => (
            Closed + ((float)Math.Clamp(w.Pose.Open, 0, 1) * (Open - Closed)),
            Narrow + ((float)Math.Clamp((w.Pose.Width - 0.62) / (1.06 - 0.62), 0, 1) * (Wide - Narrow)),
            w.Shape))]);
    }

    /// <summary>
    /// Chooses a sample for each wanted opening, width (both ÷ inter-ocular distance) and mouth shape;
    /// with <paramref name="poses"/> (the head pose of each frame the mouths go into), samples seen from
    /// a similar angle are preferred.
    /// </summary>
    public int[] Choose(IReadOnlyList<(float Opening, float Width, Speech.Visemes.Viseme Shape)> wanted, IReadOnlyList<Vector2>? poses = null)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var n = Samples.Count;
        var frames = wanted.Count;
        Speech.Visemes.Viseme Wanted(int t) => wanted[Math.Clamp(t, 0, frames - 1)].Shape;
        Speech.Visemes.Viseme Context(int i, int offset)
        {
            var j = Math.Clamp(i + offset, 0, n - 1);
            return Samples[j].Frame == Samples[i].Frame + (j - i) ? Samples[j].Shape : Samples[i].Shape;
        }

        var cost = new float[n];
        var next = new float[n];
        var from = new int[frames, n];
        for (var t = 0; t < frames; t++)
        {
            var (opening, width, shape) = wanted[t];
            var range = Math.Max(Open - Closed, 1e-3f);
            var widthRange = Math.Max(Wide - Narrow, 1e-3f);

            // The cheapest way into any sample by a jump, once per frame.
            var bestJump = 0;
            for (var i = 1; i < n && t > 0; i++)
            {
                bestJump = cost[i] < cost[bestJump] ? i : bestJump;
            }

            for (var i = 0; i < n; i++)
            {
                var sample = Samples[i];
                var apart = Math.Abs(sample.Opening - opening) / range;
                if (shape == Speech.Visemes.Viseme.A && sample.Opening > opening)
                {
                    apart *= ClosureWeight;
                }

                var local = apart + (0.5f * Math.Abs(sample.Width - width) / widthRange) + (sample.Shape == shape ? 0 : ShapeCost);
                if (poses is not null)
                {
                    var turn = sample.Pose - poses[Math.Min(t, poses.Count - 1)];
                    local += PoseCost * (Math.Abs(turn.X) + Math.Abs(turn.Y)) / 10;
                }

                // Context, as Video Rewrite matches triphones: the shapes two frames before and after.
                local += ContextCost * ((Context(i, -2) == Wanted(t - 2) ? 0 : 1) + (Context(i, 2) == Wanted(t + 2) ? 0 : 1));

                if (t == 0)
                {
                    next[i] = local;
                    from[t, i] = -1;
                    continue;
                }

                var best = cost[bestJump] + JumpCost;
                var previous = bestJump;
                if (i > 0 && Samples[i - 1].Frame == sample.Frame - 1 && cost[i - 1] < best)
                {
                    best = cost[i - 1];
                    previous = i - 1;
                }

                if (cost[i] + HoldCost < best)
                {
                    best = cost[i] + HoldCost;
                    previous = i;
                }

                next[i] = best + local;
                from[t, i] = previous;
            }

            (cost, next) = (next, cost);
        }

        var path = new int[frames];
        var end = 0;
        for (var i = 1; i < n; i++)
        {
            end = cost[i] < cost[end] ? i : end;
        }

        for (var t = frames - 1; t >= 0; t--)
        {
            path[t] = end;
            end = t > 0 ? from[t, end] : end;
        }

        return path;
    }
}
