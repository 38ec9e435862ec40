using System.Numerics;
using OpenCvSharp;

namespace Talkie.Avatars.Photo;

/// <summary>
/// Paints what shows between parted lips: the photo's own upper teeth hanging from the upper lip
/// and lower teeth riding on the lower lip (or teeth drawn in the photo's tones when it shows none),
/// a dark mouth cavity shaded toward the palate and the corners, and the tongue for open vowels.
/// Edges are antialiased against the warped lips.
/// </summary>
internal sealed class MouthInterior
{
    private readonly PhotoAnalysis _photo;
    private readonly float _interOcular;
    private readonly Vector3 _cavity;
    private readonly Vector3 _tongue;
    private readonly Vector3 _teeth;
    private readonly Vector3 _lips;

    // How far the photo's own upper and lower teeth reach from each lip (photo pixels, at points along the
    // inner lip contours), measured on the first frame painted; the still photo never changes.
    private float[]? _upperReach;
    private float[]? _lowerReach;

    /// <summary>Prepares the colours from the photo's analysis.</summary>
    public MouthInterior(PhotoAnalysis photo, float interOcular)
    {
        _photo = photo;
        _interOcular = interOcular;
        var lips = photo.Lips.Vector;
        _cavity = (lips * 0.3f) + new Vector3(18, 4, 6);
        _lips = lips;
        _tongue = Vector3.Clamp((lips * 0.78f) + new Vector3(28, 2, 6), Vector3.Zero, new Vector3(255));
        _teeth = photo.Mouth.Teeth.Vector;
    }

    /// <summary>Paints the inside of the mouth into <paramref name="target"/>.</summary>
    /// <param name="target">The warped region (BGRA, premultiplied), placed at <paramref name="region"/>.</param>
    /// <param name="region">Where the target lies in the image.</param>
    /// <param name="source">The unmoved photo (BGRA), to take teeth from.</param>
    /// <param name="from">The control points in the photo.</param>
    /// <param name="to">The control points this frame.</param>
    /// <param name="move">The head's motion this frame.</param>
    /// <param name="rig">The rig (axes and lip contours).</param>
    /// <param name="pose">The mouth shape.</param>
    public void Paint(Mat target, Rect region, Mat source, ReadOnlySpan<Vector2> from, ReadOnlySpan<Vector2> to, HeadMove move, FaceRig rig, in MouthPose pose)
    {
        var (upperRing, lowerRing) = FaceRig.InnerLips;
        var n = upperRing.Length;
        Span<Vector2> upper = stackalloc Vector2[n];
        Span<Vector2> lower = stackalloc Vector2[n];
        Span<Vector2> upperSource = stackalloc Vector2[n];
        Span<Vector2> lowerSource = stackalloc Vector2[n];
        var origin = from[upperRing[0]];
        var across = rig.Across;
        var down = rig.Down;
        float top = float.MaxValue, bottom = float.MinValue, leftmost = float.MaxValue, rightmost = float.MinValue;
        for (var k = 0; k < n; k++)
        {
            upper[k] = Local(move.Invert(to[upperRing[k]]) - origin, across, down);
            lower[k] = Local(move.Invert(to[lowerRing[k]]) - origin, across, down);
            upperSource[k] = from[upperRing[k]];
            lowerSource[k] = from[lowerRing[k]];
            foreach (var p in (ReadOnlySpan<Vector2>)[to[upperRing[k]], to[lowerRing[k]]])
            {
                top = Math.Min(top, p.Y);
                bottom = Math.Max(bottom, p.Y);
                leftmost = Math.Min(leftmost, p.X);
                rightmost = Math.Max(rightmost, p.X);
            }
        }

        var gapAtMiddle = lower[n / 2].Y - upper[n / 2].Y;
        PaintLips(target, region, to, move, rig, origin, upper, lower, gapAtMiddle);
        if (gapAtMiddle < 0.5f)
        {
            return;
        }

        var x0 = Math.Max(region.X, (int)MathF.Floor(leftmost) - 1);
        var x1 = Math.Min(region.X + region.Width - 1, (int)MathF.Ceiling(rightmost) + 1);
        var y0 = Math.Max(region.Y, (int)MathF.Floor(top) - 1);
        var y1 = Math.Min(region.Y + region.Height - 1, (int)MathF.Ceiling(bottom) + 1);
        var pixels = target.GetUnsafeGenericIndexer<Vec4b>();
        var photo = source.GetUnsafeGenericIndexer<Vec4b>();
        var fromPhoto = _photo.Mouth.TeethVisible;
        if (fromPhoto && _upperReach is null)
        {
            (_upperReach, _lowerReach) = MeasureTeeth(photo, source, upperSource, lowerSource, down);
        }

        var upperShow = 0.6f + (0.4f * (float)pose.UpperTeeth);
        var width = upper[n - 1].X - upper[0].X;
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var q = Local(move.Invert(new Vector2(x, y)) - origin, across, down);
                if (!Curve(upper, q.X, out var upperB, out var fu) || !Curve(lower, q.X, out var lowerB, out _))
                {
                    continue;
                }

                var d = q.Y - upperB;
                var e = lowerB - q.Y;
                // The mouth's edge reaches a little past the lips' inner contours (two pixels on the lower
                // lip, whose contour the mesh tends to place on the photo's lower teeth), so the
                // stretched line where the lips met in the photo never shows.
                var coverage = Math.Clamp(Math.Min(d + 1.2f, e + 2.2f), 0, 1);
                if (coverage <= 0)
                {
                    continue;
                }

                var gap = lowerB - upperB;
                var t = Math.Clamp((q.X - upper[0].X) / Math.Max(width, 1e-3f), 0, 1);
                var corner = 0.55f + (0.45f * MathF.Sin(t * MathF.PI));
                Vector3 colour;
                var su = At(upperSource, fu);
                var sl = At(lowerSource, fu);

                // The photo's teeth keep their own biting edges: showing less of them slides them up under the
                // upper lip (or down behind the lower one) instead of cutting them across. A photo whose lower
                // teeth hide behind the upper ones gets lower teeth drawn in its tones.
                var upperReach = fromPhoto ? Reach(_upperReach!, fu) : 0;
                var lowerReach = fromPhoto ? Reach(_lowerReach!, fu) : 0;
                // How far the upper teeth hang below the lip; a nearly closed mouth's lower lip covers the rest
                // (their tips, not their roots, go behind it).
                var hanging = fromPhoto ? upperReach * upperShow : Math.Min(0.45f * gap, 0.07f * _interOcular) * (float)pose.UpperTeeth;
                var upperTeeth = Math.Min(gap, hanging);
                var drawnLower = !fromPhoto || lowerReach < 1;
                // Lower teeth show in the middle of the mouth, fading toward its corners.
                var lowerTeeth = (drawnLower ? Math.Min(0.3f * gap, 0.05f * _interOcular) * (float)pose.LowerTeeth : lowerReach * (float)pose.LowerTeeth) * MathF.Sin(t * MathF.PI);

                // The cavity, darkest under the palate and in the teeth's shadow; the tongue rises from the
                // floor for open vowels.
                var depth = Math.Clamp((d - upperTeeth) / Math.Max(gap - upperTeeth - lowerTeeth, 1e-3f), 0, 1);
                var shadow = 0.8f + (0.2f * Math.Clamp((d - upperTeeth) / Math.Max(2, 0.03f * _interOcular), 0, 1));
                var cavity = _cavity * (0.65f + (0.35f * depth)) * corner * shadow;
                var tongue = (float)pose.Tongue * 0.42f * gap * MathF.Sqrt(Math.Max(0, 1 - ((2 * t) - 1) * ((2 * t) - 1)));
                if (e - lowerTeeth < tongue)
                {
                    var rise = (e - lowerTeeth) / Math.Max(tongue, 1e-3f);
                    cavity = _tongue * (0.75f + (0.25f * (1 - rise))) * corner;
                }

                // Teeth seen through a narrow parting lie in the lips' shadow.
                var lit = 0.35f + (0.65f * Math.Clamp(gap / Math.Max(1, 0.12f * _interOcular), 0, 1));

                // Each row of teeth ends in a one-pixel blend into the dark behind it, not a hard step; an upper
                // row thinner than a pixel fades out, and a lower row thinner than two (a bright rim along the
                // lower lip would read as an outline). Teeth never spill past the lips' contours.
                var upperEdge = Math.Clamp(hanging - d + 0.5f, 0, 1) * Math.Clamp(upperTeeth, 0, 1) * Math.Clamp(d + 1, 0, 1) * Math.Clamp(e + 0.5f, 0, 1);
                var lowerEdge = Math.Clamp(lowerTeeth - e + 0.5f, 0, 1) * Math.Clamp(lowerTeeth - 1, 0, 1) * Math.Clamp(e + 1, 0, 1);
                colour = cavity;
                if (lowerEdge > 0)
                {
                    var depthInto = Math.Min(e, lowerTeeth - 0.5f) + lowerReach - lowerTeeth;
                    var teeth = drawnLower ? Synthetic(t, e / Math.Max(lowerTeeth, 1e-3f)) * 0.9f : Sample(photo, sl - (Math.Max(0, depthInto) * down), source);
                    colour = Vector3.Lerp(colour, teeth * lit, lowerEdge);
                }

                if (upperEdge > 0)
                {
                    var depthInto = Math.Min(d, hanging - 0.5f) + upperReach - hanging;
                    var teeth = fromPhoto ? Sample(photo, su + (Math.Max(0, depthInto) * down), source) : Synthetic(t, d / Math.Max(hanging, 1e-3f));
                    colour = Vector3.Lerp(colour, teeth * lit, upperEdge);
                }

                // Parted no wider than in the photo, the mouth shows the photo's own: its teeth from each lip,
                // as far as the lips leave them showing (the lips cover teeth, they do not squeeze them). Wider,
                // the hanging teeth and the dark above take over.
                var photoGap = Vector2.Dot(sl - su, down);
                if (fromPhoto && gap < 1.15f * photoGap)
                {
                    var own = d <= gap / 2 ? Sample(photo, su + (Math.Max(d, 0) * down), source) : Sample(photo, sl - (Math.Max(e, 0) * down), source);
                    colour = Vector3.Lerp(own, colour, Math.Clamp((gap - photoGap) / (0.15f * photoGap), 0, 1));
                }

                // Past the lips' contours (the margin painted over the photo's lip line): the photo's own lips.
                if (d < 0)
                {
                    colour = Vector3.Lerp(colour, Sample(photo, su + (d * down), source), Math.Clamp(-d, 0, 1));
                }
                else if (e < 0)
                {
                    // The photo's lower lip; where the photo shows a tooth there instead, the lip's own colour.
                    colour = Sample(photo, sl - (e * down), source);
                    if (colour.X + colour.Y + colour.Z > 1.2f * (_lips.X + _lips.Y + _lips.Z))
                    {
                        colour = _lips * 0.9f;
                    }
                }

                // BGRA, premultiplied (the face is opaque).
                var old = pixels[y - region.Y, x - region.X];
                pixels[y - region.Y, x - region.X] = new Vec4b(
                    Mix(old.Item0, colour.Z, coverage),
                    Mix(old.Item1, colour.Y, coverage),
                    Mix(old.Item2, colour.X, coverage),
                    Mix(old.Item3, 255, coverage));
            }
        }
    }

    /// <summary>
    /// Where the lips close: a soft shadow along the line where they meet, and the dark of the
    /// photo's open mouth that the lips' corners still hold lightened to the lips' own colour.
    /// </summary>
    private void PaintLips(Mat target, Rect region, ReadOnlySpan<Vector2> to, HeadMove move, FaceRig rig, Vector2 origin, ReadOnlySpan<Vector2> upper, ReadOnlySpan<Vector2> lower, float gapAtMiddle)
    {
        var closed = Math.Clamp(1 - (gapAtMiddle / Math.Max(rig.SourceOpening, 1)), 0, 1);
        if (closed <= 0)
        {
            return;
        }

        var (outerUpper, outerLower) = FaceRig.OuterLips;
        var outline = new Vector2[outerUpper.Length + outerLower.Length];
        for (var k = 0; k < outerUpper.Length; k++)
        {
            outline[k] = to[outerUpper[k]];
            outline[outerUpper.Length + k] = to[outerLower[outerLower.Length - 1 - k]];
        }

        using var lips = new PolygonMask(outline);
        var x0 = Math.Max(region.X, lips.Bounds.X);
        var x1 = Math.Min(region.X + region.Width - 1, lips.Bounds.X + lips.Bounds.Width - 1);
        var y0 = Math.Max(region.Y, lips.Bounds.Y);
        var y1 = Math.Min(region.Y + region.Height - 1, lips.Bounds.Y + lips.Bounds.Height - 1);
        var pixels = target.GetUnsafeGenericIndexer<Vec4b>();
        var across = rig.Across;
        var down = rig.Down;
        var width = upper[^1].X - upper[0].X;
        var seamWidth = Math.Max(0.8f, 0.012f * _interOcular);
        var lipLight = (_lips.X + _lips.Y + _lips.Z) / 3;
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (!lips.Contains(x, y))
                {
                    continue;
                }

                var q = Local(move.Invert(new Vector2(x, y)) - origin, across, down);
                if (!Curve(upper, q.X, out var upperB, out _) || !Curve(lower, q.X, out var lowerB, out _))
                {
                    continue;
                }

                var t = Math.Clamp((q.X - upper[0].X) / Math.Max(width, 1e-3f), 0, 1);
                var pixel = pixels[y - region.Y, x - region.X];
                var colour = new Vector3(pixel.Item2, pixel.Item1, pixel.Item0);
                var light = (colour.X + colour.Y + colour.Z) / 3;
                if (light < 0.75f * lipLight)
                {
                    var lift = closed * Math.Clamp(1 - (light / (0.75f * lipLight)), 0, 1);
                    colour = Vector3.Lerp(colour, _lips * 0.8f, lift);
                }

                var gap = lowerB - upperB;
                if (gap < 1.5f)
                {
                    var distance = (q.Y - ((upperB + lowerB) / 2)) / seamWidth;
                    var shade = 0.45f * closed * MathF.Exp(-distance * distance) * MathF.Pow(MathF.Sin(t * MathF.PI), 0.4f) * (1 - (gap / 1.5f));
                    colour *= 1 - shade;
                }

                pixels[y - region.Y, x - region.X] = new Vec4b((byte)Math.Clamp(colour.Z, 0, 255), (byte)Math.Clamp(colour.Y, 0, 255), (byte)Math.Clamp(colour.X, 0, 255), pixel.Item3);
            }
        }
    }

    // How far teeth reach from each lip in the photo, at 4 points per piece of the inner lip contours: walking
    // from the upper lip toward the lower one (and back), the run of teeth-coloured pixels (light, little
    // colour, as bright as the photo's teeth) after at most a quarter of the way of lip edge. Where the runs
    // meet, or leave less dark between them than two pixels (or 15% of the way), the photo shows no lower
    // teeth there (the upper ones rest on the lower lip). Smoothed by a three-point median so one odd pixel
    // does not notch a tooth.
    private (float[] Upper, float[] Lower) MeasureTeeth(MatIndexer<Vec4b> photo, Mat source, ReadOnlySpan<Vector2> upperSource, ReadOnlySpan<Vector2> lowerSource, Vector2 down)
    {
        var count = ((upperSource.Length - 1) * 4) + 1;
        var upper = new float[count];
        var lower = new float[count];
        var teethLight = (_teeth.X + _teeth.Y + _teeth.Z) / 3;
        bool IsTooth(Vector3 c)
        {
            var max = Math.Max(c.X, Math.Max(c.Y, c.Z));
            var min = Math.Min(c.X, Math.Min(c.Y, c.Z));
            return (c.X + c.Y + c.Z) / 3 > 0.72f * teethLight && max - min < 0.4f * max;
        }

        for (var i = 0; i < count; i++)
        {
            var f = i / 4f;
            var su = At(upperSource, f);
            var sl = At(lowerSource, f);
            var length = Vector2.Dot(sl - su, down);
            float Run(Vector2 start, Vector2 step)
            {
                var began = -1f;
                for (var s = 0f; s <= length; s += 0.5f)
                {
                    var tooth = IsTooth(Sample(photo, start + (s * step), source));
                    if (began < 0 && tooth)
                    {
                        began = s;
                    }
                    else if (began < 0 && s > 0.25f * length)
                    {
                        return 0;
                    }
                    else if (began >= 0 && !tooth)
                    {
                        return s;
                    }
                }

                return began < 0 ? 0 : length;
            }

            upper[i] = Run(su, down);
            var fromBelow = Run(sl, -down);
            lower[i] = upper[i] + fromBelow >= length - Math.Max(2, 0.15f * length) ? 0 : fromBelow;
        }

        // A lower row counts only where the photo plainly shows one: apart from the upper teeth, across most of
        // the middle of the mouth. Otherwise the runs from below are the upper teeth seen from the lower lip.
        var middle = Enumerable.Range(count / 4, Math.Max(1, count / 2)).ToList();
        if (middle.Count(i => lower[i] > 1) < 0.6 * middle.Count)
        {
            Array.Clear(lower);
        }

        return (Tapered(Median3(upper)), Median3(lower));
    }

    // A row of teeth ends toward the corners by fading, not at a cliff where the photo's side teeth fall into
    // shadow: each point reaches at least 85% of its neighbour's reach (the photo's own pixels, darker there,
    // are what then shows).
    private static float[] Tapered(float[] reach)
    {
        for (var i = 1; i < reach.Length; i++)
        {
            reach[i] = Math.Max(reach[i], 0.85f * reach[i - 1]);
        }

        for (var i = reach.Length - 2; i >= 0; i--)
        {
            reach[i] = Math.Max(reach[i], 0.85f * reach[i + 1]);
        }

        return reach;
    }

    private static float[] Median3(float[] values)
    {
        var result = (float[])values.Clone();
        for (var i = 1; i + 1 < values.Length; i++)
        {
            float a = values[i - 1], b = values[i], c = values[i + 1];
            result[i] = Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
        }

        return result;
    }

    // A reach at a fractional index along the lip contour (linear between the measured points).
    private static float Reach(float[] reach, float index)
    {
        var x = Math.Clamp(index * 4, 0, reach.Length - 1.001f);
        var k = (int)x;
        return reach[k] + ((reach[k + 1] - reach[k]) * (x - k));
    }

    // Teeth drawn in the photo's tones: lighter in the middle and toward the biting edge, with faint gaps between teeth.
    private Vector3 Synthetic(float across, float towardEdge)
    {
        var light = 0.78f + (0.22f * MathF.Sin(across * MathF.PI));
        var edge = 0.88f + (0.12f * Math.Clamp(towardEdge, 0, 1));
        var phase = (across * 9) - MathF.Floor(across * 9);
        var seam = Math.Abs(phase - 0.5f) > 0.44f ? 0.86f : 1f;
        return _teeth * light * edge * seam;
    }

    private static Vector2 Local(Vector2 offset, Vector2 across, Vector2 down) => new(Vector2.Dot(offset, across), Vector2.Dot(offset, down));

    // The curve's height at `across` (by straight pieces), and where along the curve that is (fractional index).
    private static bool Curve(ReadOnlySpan<Vector2> curve, float across, out float height, out float index)
    {
        for (var k = 0; k + 1 < curve.Length; k++)
        {
            var a = curve[k];
            var b = curve[k + 1];
            if ((across - a.X) * (across - b.X) <= 0 && Math.Abs(b.X - a.X) > 1e-4f)
            {
                var f = (across - a.X) / (b.X - a.X);
                height = a.Y + ((b.Y - a.Y) * f);
                index = k + f;
                return true;
            }
        }

        height = 0;
        index = 0;
        return false;
    }

    private static Vector2 At(ReadOnlySpan<Vector2> points, float index)
    {
        var k = Math.Clamp((int)index, 0, points.Length - 2);
        return Vector2.Lerp(points[k], points[k + 1], Math.Clamp(index - k, 0, 1));
    }

    // Bilinear sample of the BGRA photo, returned as RGB.
    private static Vector3 Sample(MatIndexer<Vec4b> photo, Vector2 p, Mat source)
    {
        var x = Math.Clamp(p.X, 0, source.Width - 1.001f);
        var y = Math.Clamp(p.Y, 0, source.Height - 1.001f);
        int ix = (int)x, iy = (int)y;
        float fx = x - ix, fy = y - iy;
        var c00 = photo[iy, ix];
        var c10 = photo[iy, ix + 1];
        var c01 = photo[iy + 1, ix];
        var c11 = photo[iy + 1, ix + 1];
        float Channel(byte a, byte b, byte c, byte d) => (a * (1 - fx) * (1 - fy)) + (b * fx * (1 - fy)) + (c * (1 - fx) * fy) + (d * fx * fy);
        return new Vector3(
            Channel(c00.Item2, c10.Item2, c01.Item2, c11.Item2),
            Channel(c00.Item1, c10.Item1, c01.Item1, c11.Item1),
            Channel(c00.Item0, c10.Item0, c01.Item0, c11.Item0));
    }

    private static byte Mix(byte old, float value, float coverage)
        => (byte)Math.Clamp(MathF.Round((old * (1 - coverage)) + (value * coverage)), 0, 255);
}
