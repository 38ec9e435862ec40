using System.Numerics;
using System.Runtime.InteropServices;
using OpenCvSharp;
using Talkie.Media;
using Talkie.Vision;
using Talkie.Vision.Landmarks;

namespace Talkie.Avatars.Trained;

/// <summary>Where the mouth, jaw and chin lie in the standard face placement: an ellipse (centre and radii, standard units).</summary>
/// <param name="Centre">The ellipse's centre.</param>
/// <param name="Radii">Its half-width and half-height.</param>
public readonly record struct MouthRegion(Vector2 Centre, Vector2 Radii)
{
    /// <summary>
    /// The region over a person's footage: lips, the jaw below them and the chin, with a margin, its
    /// top kept under the nostrils (a nose from another frame would show double).
    /// </summary>
    public static MouthRegion Of(IEnumerable<FaceLandmarks> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var mouths = new List<Vector2>();
        var chins = new List<Vector2>();
        var noses = new List<Vector2>();
        var lips = new List<Vector2>();
        var widths = new List<float>();
        foreach (var face in faces)
        {
            var placement = FacePlacement.Of(face);
            var right = placement.ToStandard(face.MouthRightCorner);
            var left = placement.ToStandard(face.MouthLeftCorner);
            mouths.Add((right + left) / 2);
            chins.Add(placement.ToStandard(face.Chin));
            noses.Add(placement.ToStandard(face.NoseTip));
            lips.Add(placement.ToStandard(face.UpperLipTop));
            widths.Add(Vector2.Distance(right, left));
        }

        var mouth = Median(mouths);
        var chin = Median(chins);
        var width = widths.Order().ElementAt(widths.Count / 2);

        // Painting is half blended at 0.8 of the radii and faded out by 1.05 of them: the fade
        // ends under the nostrils (45% of the way from the nose tip to the upper lip) and the half
        // blend reaches 15 units (0.15 inter-ocular distances) past the chin.
        var top = Median(noses).Y + (0.45f * (Median(lips).Y - Median(noses).Y));
        var bottom = chin.Y + 15;
        var radius = (bottom - top) / 1.85f;
        return new MouthRegion(new Vector2(mouth.X, top + (1.05f * radius)), new Vector2(0.95f * width, radius));
    }

    /// <summary>
    /// Whether the region's core (where a painted mouth replaces the frame's own wholly: lips, jaw and chin) lies
    /// inside a crop at <paramref name="origin"/> of <paramref name="width"/> × <paramref name="height"/> pixels
    /// of a frame whose face is at <paramref name="face"/>. It does not where the chin left the picture, or the
    /// face came much closer than where the crop's size was set.
    /// </summary>
    public bool CoreInside(FacePlacement face, Vector2 origin, int width, int height)
    {
        foreach (var corner in (ReadOnlySpan<Vector2>)[new(-1, -1), new(1, -1), new(1, 1), new(-1, 1)])
        {
            var p = face.ToImage(Centre + (corner * Radii * 0.55f)) - origin;
            if (p.X < 0 || p.Y < 0 || p.X > width || p.Y > height)
            {
                return false;
            }
        }

        return true;
    }

    private static Vector2 Median(List<Vector2> points)
        => new(points.Select(p => p.X).Order().ElementAt(points.Count / 2), points.Select(p => p.Y).Order().ElementAt(points.Count / 2));
}

/// <summary>
/// Puts one footage frame's mouth into another frame: the source is moved by the similarity between
/// the two faces' placements, its colours shifted to match the target around the region's edge, and
/// blended through a feathered ellipse over lips, jaw and chin (pixels are resampled once, bilinearly,
/// so teeth and lips stay sharp; no blurred box).
/// </summary>
public static class MouthDubber
{
    [ThreadStatic]
    private static float[]? s_ellipse;

    // The source's own area with its edge faded (see Seen), kept per thread for the crops' one size.
    [ThreadStatic]
    private static Mat? s_own;

    // The seam and the warped mouth, copied out for counting (reused, as the ellipse's buffer is).
    [ThreadStatic]
    private static byte[]? s_seam;

    [ThreadStatic]
    private static byte[]? s_moved;

    /// <summary>The box (image pixels) that painting the region into a face at <paramref name="face"/> touches.</summary>
    public static FaceBox Box(FacePlacement face, MouthRegion region)
    {
        Span<Vector2> corners = [new(-1, -1), new(1, -1), new(1, 1), new(-1, 1)];
        for (var i = 0; i < corners.Length; i++)
        {
            corners[i] = face.ToImage(region.Centre + (corners[i] * region.Radii * 1.1f));
        }

        return FaceBox.Around(corners);
    }

    /// <summary>
    /// Blends <paramref name="source"/>'s mouth into <paramref name="target"/> (both 4 bytes a pixel, in the
    /// same channel order), in place. <paramref name="lips"/> (outer lip contours in standard units,
    /// e.g. the target's own and the source's) are replaced whole, with a narrow feather, so neither
    /// frame's lips show through the wide feather of the region (a ghost of a second lip).
    /// <paramref name="cutShort"/> says the source does not hold its whole mouth and chin (the chin left the
    /// picture): the part of the region past its edge is left to the target.
    /// </summary>
    public static void Paint(VideoFrame target, FacePlacement targetFace, VideoFrame source, FacePlacement sourceFace, MouthRegion region, IReadOnlyList<IReadOnlyList<Vector2>>? lips = null, bool cutShort = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);

        // The region's box in the target frame.
        var touched = Box(targetFace, region);
        var left = Math.Max(0, (int)touched.X);
        var top = Math.Max(0, (int)touched.Y);
        var right = Math.Min(target.Width, (int)MathF.Ceiling(touched.Right));
        var bottom = Math.Min(target.Height, (int)MathF.Ceiling(touched.Bottom));
        if (right - left < 4 || bottom - top < 4)
        {
            return;
        }

        var box = new Rect(left, top, right - left, bottom - top);
        using var sourceMat = Mat.FromPixelData(source.Height, source.Width, MatType.CV_8UC4, source.Buffer, source.Stride);
        using var targetMat = Mat.FromPixelData(target.Height, target.Width, MatType.CV_8UC4, target.Buffer, target.Stride);
        using var toTarget = sourceFace.To(targetFace);
        toTarget.Set(0, 2, toTarget.At<double>(0, 2) - left);
        toTarget.Set(1, 2, toTarget.At<double>(1, 2) - top);
        using var moved = new Mat();
        Cv2.WarpAffine(sourceMat, moved, toTarget, new Size(box.Width, box.Height), InterpolationFlags.Linear, BorderTypes.Replicate);

        // Past the source's edge the warp has only the edge's pixels smeared outwards. Below a whole chin that
        // is skin, stretched unseen; where the chin left the picture the edge crosses the lips, and the smear
        // shows as stripes: there the target keeps its own.
        using var seen = cutShort ? Seen(source, toTarget, box) : null;

        // The feathered ellipse, turned with the face: full inside 0.55 of the radii, gone by 1.05 (worked
        // out per pixel; blurring a drawn ellipse with a kernel a quarter of its height cost more than
        // everything else in painting).
        using var mask = FeatheredEllipse(box, targetFace, region);

        // The seam, where the blend is part-way: taken before the lips are added to the mask, so it lies on skin
        // at the region's edge, never on a lip whose colour differs between the two frames.
        using var ring = new Mat();
        Cv2.InRange(mask, new Scalar(0.15), new Scalar(0.6), ring);
        if (seen is not null)
        {
            using var full = new Mat();
            Cv2.InRange(seen, new Scalar(0.999), new Scalar(2), full);
            Cv2.BitwiseAnd(ring, full, ring);
        }

        if (lips is { Count: > 0 })
        {
            using var whole = new Mat(box.Height, box.Width, MatType.CV_32FC1, Scalar.All(0));
            foreach (var contour in lips)
            {
                // Grown by 6 units (a sixteenth of the eye distance) around the lips' own centre.
                var centroid = contour.Aggregate(Vector2.Zero, (sum, p) => sum + p) / Math.Max(1, contour.Count);
                var grown = contour.Select(p => targetFace.ToImage(p + (Vector2.Normalize(p - centroid + new Vector2(1e-3f, 0)) * 6)) - new Vector2(left, top))
                    .Select(p => new Point((int)MathF.Round(p.X), (int)MathF.Round(p.Y))).ToArray();
                Cv2.FillPoly(whole, [grown], Scalar.All(1));
            }

            var narrow = Math.Max(1, (int)(7 / targetFace.Scale)) | 1;
            Cv2.GaussianBlur(whole, whole, new Size((narrow * 2) + 1, (narrow * 2) + 1), narrow * 0.6);
            Cv2.Max(mask, whole, mask);
        }

        if (seen is not null)
        {
            Cv2.Multiply(mask, seen, mask);
        }

        // Colour: the difference along the seam is taken out of the source. The median of the per-pixel
        // differences, not the difference of the means: where the seam crosses something that differs between
        // the frames (a collar or the backdrop past the chin when the heads stand differently, a hand) a mean
        // followed it and tinted the whole mouth grey-blue or red for a few frames (seen in dubs of the shared clips).
        var shift = SeamShift(target, box, moved, ring);
        using var under = new Mat(targetMat, box);
        Cv2.Add(moved, shift, moved);
        using var inverse = new Mat();
        Cv2.Subtract(Scalar.All(1), mask, inverse);
        Cv2.BlendLinear(moved, under, mask, inverse, under);
    }

    // How much of each box pixel the source really shows (1 inside it, fading to 0 over a few pixels inside its
    // edge, 0 past it), or null when the whole box maps inside the source (the usual case: nothing to do).
    private static Mat? Seen(VideoFrame source, Mat toTarget, Rect box)
    {
        using var back = new Mat();
        Cv2.InvertAffineTransform(toTarget, back);
        var (a, b, c) = (back.At<double>(0, 0), back.At<double>(0, 1), back.At<double>(0, 2));
        var (d, e, f) = (back.At<double>(1, 0), back.At<double>(1, 1), back.At<double>(1, 2));
        var inside = true;
        foreach (var (x, y) in new (double X, double Y)[] { (0, 0), (box.Width, 0), (0, box.Height), (box.Width, box.Height) })
        {
            var (u, v) = ((a * x) + (b * y) + c, (d * x) + (e * y) + f);
            inside &= u >= 1 && v >= 1 && u <= source.Width - 2 && v <= source.Height - 2;
        }

        if (inside)
        {
            return null;
        }

        // The source's own area, its outermost 3 pixels faded out (its last row is the one the warp smears), moved
        // as the mouth is.
        var own = s_own;
        if (own is null || own.Width != source.Width || own.Height != source.Height)
        {
            own?.Dispose();
            own = s_own = new Mat(source.Height, source.Width, MatType.CV_32FC1, Scalar.All(1));
            var fade = Math.Max(1, Math.Min(3, Math.Min(source.Width, source.Height) / 8));
            for (var i = 0; i < fade; i++)
            {
                Cv2.Rectangle(own, new Rect(i, i, source.Width - (2 * i), source.Height - (2 * i)), Scalar.All((double)i / fade), 1);
            }
        }

        var seen = new Mat();
        Cv2.WarpAffine(own, seen, toTarget, new Size(box.Width, box.Height), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        return seen;
    }

    // The per-channel median of target − source over the seam's pixels, kept within ±32 levels (a mouth of the
    // same person in the same light never needs more; a larger shift is a seam over something else). Counted
    // by hand over the seam's pixels alone, in three histograms on the stack: OpenCV's calcHist needed the
    // whole box turned into floats first, 5 ms a frame and a third of all painting (a minute's render at
    // 1280x720 spent 8 of its 18 s of painting there).
    private static Scalar SeamShift(VideoFrame target, Rect box, Mat source, Mat ring)
    {
        if (!source.IsContinuous() || !ring.IsContinuous())
        {
            throw new InvalidOperationException("the warped mouth and its seam are expected in one block each");
        }

        var area = box.Width * box.Height;
        var seam = s_seam is { } seamBuffer && seamBuffer.Length >= area ? seamBuffer : s_seam = new byte[area];
        var moved = s_moved is { } movedBuffer && movedBuffer.Length >= area * 4 ? movedBuffer : s_moved = new byte[area * 4];
        Marshal.Copy(ring.Data, seam, 0, area);
        Marshal.Copy(source.Data, moved, 0, area * 4);

        const int Levels = 511;
        // Zeroed as it is made (the project does not skip locals' initialization).
        Span<int> histogram = stackalloc int[3 * Levels];
        var pixels = target.Pixels;
        var count = 0;
        for (var y = 0; y < box.Height; y++)
        {
            var row = ((box.Y + y) * target.Stride) + (box.X * 4);
            for (var x = 0; x < box.Width; x++)
            {
                var i = (y * box.Width) + x;
                if (seam[i] == 0)
                {
                    continue;
                }

                count++;
                for (var channel = 0; channel < 3; channel++)
                {
                    histogram[(channel * Levels) + pixels[row + (x * 4) + channel] - moved[(i * 4) + channel] + 255]++;
                }
            }
        }

        if (count == 0)
        {
            return Scalar.All(0);
        }

        Span<double> shift = stackalloc double[3];
        for (var channel = 0; channel < 3; channel++)
        {
            var (seen, level) = (0, 0);
            while (level < Levels - 1 && (seen += histogram[(channel * Levels) + level]) <= count / 2)
            {
                level++;
            }

            shift[channel] = Math.Clamp(level - 255, -32, 32);
        }

        return new Scalar(shift[0], shift[1], shift[2], 0);
    }

    private static Mat FeatheredEllipse(Rect box, FacePlacement face, MouthRegion region)
    {
        // Box pixel → standard units (the placement's similarity, worked out once) → the region's unit circle.
        var (sin, cos) = MathF.SinCos(-face.Angle);

        // One buffer per thread, reused: a new one each frame would be a large-object allocation that
        // only a full collection gives back (the process grew past a gigabyte over a minute's render).
        var values = s_ellipse is { } cached && cached.Length >= box.Width * box.Height ? cached : s_ellipse = new float[box.Width * box.Height];
        for (var y = 0; y < box.Height; y++)
        {
            var dy = box.Y + y + 0.5f - face.Centre.Y;
            for (var x = 0; x < box.Width; x++)
            {
                var dx = box.X + x + 0.5f - face.Centre.X;
                var standard = new Vector2((dx * cos) - (dy * sin), (dx * sin) + (dy * cos)) * face.Scale;
                var t = Math.Clamp((((standard - region.Centre) / region.Radii).Length() - 0.55f) / 0.5f, 0, 1);
                values[(y * box.Width) + x] = 1 - (t * t * (3 - (2 * t)));
            }
        }

        using var wrapped = Mat.FromPixelData(box.Height, box.Width, MatType.CV_32FC1, values);
        return wrapped.Clone();
    }
}
