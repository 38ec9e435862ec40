using System.Numerics;
using OpenCvSharp;
using Talkie.Media;

namespace Talkie.Vision.Mesh;

/// <summary>
/// Pulls the mesh's lower lip onto the edge where the lip's colour ends, when the picture shows that
/// edge clearly. The network places the lower lip from the whole face at 192 px; on a wide-open mouth
/// with the lower teeth showing and a shadow under the lip it can put the lip's outer edge at the
/// bottom of that shadow, 5–10 px too low on 720p footage. The lip is redder than the skin below it
/// (CIE a*), so where the redness drops sharply along the line from the inner lower lip (vertex 14)
/// through the outer one (17), that drop is the lip's edge.
/// </summary>
/// <remarks>
/// Written here because no served library finds a lip edge; OpenCV converts the colours. The
/// correction is a smooth displacement field (full at vertex 17, none at the inner lip, the mouth's
/// corners or half a lip's height under it), so the mesh's triangles never fold. Faint edges (lips
/// close to the skin's colour, as on most faces without lipstick) leave the mesh as it is, and the
/// correction fades in between, so a tracked lip does not jump as the edge comes and goes.
/// </remarks>
internal static class LowerLipEdge
{
    private const int InnerLip = 14;
    private const int OuterLip = 17;
    private const int RightCorner = 61;
    private const int LeftCorner = 291;

    // The search runs from 40% to 140% of the way from the inner lower lip to the mesh's outer one.
    private const float SearchFrom = 0.4f;
    private const float SearchTo = 1.4f;
    private const float Step = 0.02f;

    // The drop in a* measured across ±6% of that distance; from 8 units the correction fades in, from
    // 12 it is whole. (On the shared media lipstick drops by 12–26; bare lips by at most 7.)
    private const float Reach = 0.06f;
    private const float FaintDrop = 8;
    private const float ClearDrop = 12;

    /// <summary>Returns the points with the lower lip moved onto its colour edge (the same array when nothing moves).</summary>
    public static Vector2[] Snap(VideoFrame image, Vector2[] points)
    {
        if (points.Length <= LeftCorner)
        {
            return points;
        }

        var inner = points[InnerLip];
        var axis = points[OuterLip] - inner;
        var length = axis.Length();
        var mouthWidth = Vector2.Distance(points[RightCorner], points[LeftCorner]);
        if (length < 4 || mouthWidth < 12 || !float.IsFinite(length))
        {
            return points;
        }

        var down = axis / length;
        var side = new Vector2(-down.Y, down.X);
        var profile = Redness(image, inner, axis, side * (0.04f * mouthWidth));
        if (profile is null)
        {
            return points;
        }

        var reach = (int)MathF.Round(Reach / Step);
        float best = 0, edge = 1;
        for (var i = reach; i < profile.Length - reach; i++)
        {
            var drop = profile[i - reach] - profile[i + reach];
            if (drop > best)
            {
                best = drop;
                edge = SearchFrom - Reach + (i * Step);
            }
        }

        var strength = Math.Clamp((best - FaintDrop) / (ClearDrop - FaintDrop), 0, 1);
        var shift = (edge - 1) * strength * axis;
        if (shift.Length() < 0.25f)
        {
            return points;
        }

        var moved = new Vector2[points.Length];
        var halfWidth = mouthWidth / 2;
        for (var p = 0; p < points.Length; p++)
        {
            var offset = points[p] - inner;
            var along = Vector2.Dot(offset, down) / length;
            var across = Vector2.Dot(points[p] - points[OuterLip], side) / halfWidth;
            var vertical = along is > 0 and <= 1 ? along : along is > 1 and < 1.5f ? (1.5f - along) * 2 : 0;
            var lateral = Math.Abs(across) < 1 ? MathF.Cos(across * MathF.PI / 2) : 0;
            moved[p] = points[p] + (shift * vertical * lateral * lateral);
        }

        return moved;
    }

    // Mean a* across seven lateral samples at each step of the search, or null when the lip is outside the picture.
    private static float[]? Redness(VideoFrame image, Vector2 inner, Vector2 axis, Vector2 lateral)
    {
        var from = SearchFrom - Reach;
        var steps = (int)MathF.Round((SearchTo - SearchFrom + (2 * Reach)) / Step) + 1;
        var corners = new[] { inner + (from * axis) - (3 * lateral), inner + (from * axis) + (3 * lateral), inner + ((SearchTo + Reach) * axis) - (3 * lateral), inner + ((SearchTo + Reach) * axis) + (3 * lateral) };
        var x0 = (int)MathF.Floor(corners.Min(c => c.X)) - 1;
        var y0 = (int)MathF.Floor(corners.Min(c => c.Y)) - 1;
        var x1 = (int)MathF.Ceiling(corners.Max(c => c.X)) + 1;
        var y1 = (int)MathF.Ceiling(corners.Max(c => c.Y)) + 1;
        if (x0 < 0 || y0 < 0 || x1 >= image.Width || y1 >= image.Height)
        {
            return null;
        }

        using var frame = ImageMats.Wrap(image);
        using var patch = new Mat(frame, new Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1));
        using var rgb = new Mat();
        Cv2.CvtColor(patch, rgb, ImageMats.ToRgb(image.PixelFormat));
        using var scaled = new Mat();
        rgb.ConvertTo(scaled, MatType.CV_32FC3, 1 / 255.0);
        using var lab = new Mat();
        Cv2.CvtColor(scaled, lab, ColorConversionCodes.RGB2Lab);
        var profile = new float[steps];
        for (var s = 0; s < steps; s++)
        {
            var centre = inner + ((from + (s * Step)) * axis);
            var sum = 0f;
            for (var k = -3; k <= 3; k++)
            {
                var p = centre + (k * lateral);
                sum += lab.At<Vec3f>((int)MathF.Round(p.Y) - y0, (int)MathF.Round(p.X) - x0).Item1;
            }

            profile[s] = sum / 7;
        }

        return profile;
    }
}
