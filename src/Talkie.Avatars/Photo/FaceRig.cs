using System.Numerics;
using Talkie.Vision.Landmarks;

namespace Talkie.Avatars.Photo;

/// <summary>
/// The geometry of a photo avatar: the face mesh's 468 points plus two rings around the face (the
/// first moves with the head, carrying hair and ears; the second stays put with the body and the
/// background), joined into triangles. For each moment of a performance it moves the points: the
/// jaw and lips for the mouth shape, the upper lids for blinks, the brows, then the whole head by a
/// small rotation and shift, with the neck and the background between the rings stretching to
/// follow. Pixels follow their triangles (see <see cref="TriangleWarp"/>), so the rest of the face
/// keeps its own pixels.
/// </summary>
internal sealed class FaceRig
{
    /// <summary>How wide the lips part for a fully open mouth shape, × the inter-ocular distance.</summary>
    public const float MaxOpening = 0.34f;

    private const int MeshPoints = 468;
    private const float FirstRing = 1.2f;
    private const float SecondRing = 1.45f;

    // MediaPipe's lip rings, right corner to left corner: outer, two between, inner.
    private static readonly int[][] UpperLip =
    [
        [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291],
        [76, 184, 74, 73, 72, 11, 302, 303, 304, 408, 306],
        [62, 183, 42, 41, 38, 12, 268, 271, 272, 407, 292],
        [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308],
    ];

    private static readonly int[][] LowerLip =
    [
        [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291],
        [76, 77, 90, 180, 85, 16, 315, 404, 320, 307, 306],
        [62, 96, 89, 179, 86, 15, 316, 403, 319, 325, 292],
        [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308],
    ];

    // Where closing lips meet, from the upper inner lip toward the lower: the upper lip comes down over the upper teeth.
    private const float ClosingMeet = 0.6f;

    // How much of the lips' closing each ring takes, outer to inner: the lips stretch to meet.
    private static readonly float[] ClosingShare = [0.2f, 0.45f, 0.7f, 1f];

    // The eyes: upper lid margin, the lid above it, the crease, and the lower lid margin (corner to corner).
    private static readonly (int[] Upper, int[] Lid, int[] Crease, int[] Lower)[] Eyes =
    [
        ([246, 161, 160, 159, 158, 157, 173], [247, 30, 29, 27, 28, 56, 190], [113, 225, 224, 223, 222, 221, 189], [33, 7, 163, 144, 145, 153, 154, 155, 133]),
        ([466, 388, 387, 386, 385, 384, 398], [467, 260, 259, 257, 258, 286, 414], [342, 445, 444, 443, 442, 441, 413], [263, 249, 390, 373, 374, 380, 381, 382, 362]),
    ];

    private readonly Vector2[] _source;
    private readonly float[] _jaw;
    private readonly float[] _width;
    private readonly float[] _brow;
    private readonly float[] _head;
    private readonly float[] _profile;
    private readonly int _ovalCount;
    private readonly Vector2 _across;
    private readonly Vector2 _down;
    private readonly Vector2 _mouth;
    private readonly Vector2 _pivot;

    /// <summary>Builds the rig from the mesh points (in the pixels they will be drawn at) and the mesh's triangles.</summary>
    public FaceRig(Vector2[] mesh, IReadOnlyList<(int A, int B, int C)> meshTriangles)
    {
        var layout = LandmarkLayout.Mesh468;
        InterOcular = Vector2.Distance(layout.Corner(mesh, layout.RightEyeOuter), layout.Corner(mesh, layout.LeftEyeOuter));
        _across = Vector2.Normalize(mesh[263] - mesh[33]);
        _down = new Vector2(-_across.Y, _across.X);
        _mouth = (mesh[61] + mesh[291]) / 2;

        // The rings: the face oval pushed out from the face's middle.
        var oval = layout.FaceOval;
        _ovalCount = oval.Length;
        var centre = oval.Aggregate(Vector2.Zero, (sum, i) => sum + mesh[i]) / oval.Length;
        _source = new Vector2[MeshPoints + (2 * _ovalCount)];
        Array.Copy(mesh, _source, MeshPoints);
        for (var k = 0; k < _ovalCount; k++)
        {
            _source[MeshPoints + k] = centre + (FirstRing * (mesh[oval[k]] - centre));
            _source[MeshPoints + _ovalCount + k] = centre + (SecondRing * (mesh[oval[k]] - centre));
        }

        var triangles = new List<(int A, int B, int C)>(meshTriangles);
        for (var k = 0; k < _ovalCount; k++)
        {
            var next = (k + 1) % _ovalCount;
            triangles.Add((oval[k], oval[next], MeshPoints + k));
            triangles.Add((oval[next], MeshPoints + next, MeshPoints + k));
            triangles.Add((MeshPoints + k, MeshPoints + next, MeshPoints + _ovalCount + k));
            triangles.Add((MeshPoints + next, MeshPoints + _ovalCount + next, MeshPoints + _ovalCount + k));
        }

        Triangles = [.. triangles];
        _pivot = mesh[152] + (0.45f * InterOcular * _down);

        _jaw = new float[_source.Length];
        _width = new float[_source.Length];
        _brow = new float[_source.Length];
        _head = new float[_source.Length];
        _profile = new float[_source.Length];
        var lips = UpperLip.Concat(LowerLip).SelectMany(r => r).ToHashSet();
        var brows = layout.RightBrow.Concat(layout.LeftBrow).ToArray();
        var eyes = Eyes.SelectMany(e => e.Upper.Concat(e.Lower).Concat(e.Lid)).ToHashSet();
        var eyeLine = (mesh[33] + mesh[263]) / 2;
        for (var i = 0; i < _source.Length; i++)
        {
            var (a, b) = Local(_source[i] - _mouth);
            _profile[i] = Profile(a);
            if (i < MeshPoints)
            {
                // The jaw carries what lies below the mouth corners, fading toward the ears.
                _jaw[i] = SmoothStep(-0.02f, 0.16f, b) * (1 - SmoothStep(0.45f, 1.0f, Math.Abs(a)));
                var reach = b < 0 ? 0.2f : 0.4f;
                var spread = ((a / 0.55f) * (a / 0.55f)) + ((b / reach) * (b / reach));
                _width[i] = lips.Contains(i) ? 1 : MathF.Exp(-2.5f * spread);
                var above = Vector2.Dot(_source[i] - eyeLine, _down) / InterOcular;
                var nearest = brows.Min(j => Vector2.Distance(_source[i], mesh[j])) / InterOcular;
                _brow[i] = eyes.Contains(i) || above > -0.08f ? 0 : brows.Contains(i) ? 1 : MathF.Exp(-(nearest / 0.22f) * (nearest / 0.22f));
                _head[i] = 1;
            }
            else if (i < MeshPoints + _ovalCount)
            {
                // The first ring moves with the head; under the chin (the neck) it follows partly.
                _head[i] = 1 - (0.35f * SmoothStep(0.1f, 0.6f, b));
                _jaw[i] = 0.5f * SmoothStep(0.3f, 0.7f, b) * (1 - SmoothStep(0.45f, 1.0f, Math.Abs(a)));
            }
        }

        foreach (var ring in UpperLip.Concat(LowerLip))
        {
            foreach (var i in ring)
            {
                _jaw[i] = 0;
            }
        }

        SourceOpening = Vector2.Distance(mesh[13], mesh[14]);
    }

    /// <summary>Gets every control point where the photo has it.</summary>
    public ReadOnlySpan<Vector2> Source => _source;

    /// <summary>Gets the triangles over the control points.</summary>
    public (int A, int B, int C)[] Triangles { get; }

    /// <summary>Gets the number of control points.</summary>
    public int Count => _source.Length;

    /// <summary>Gets the inter-ocular distance (pixels).</summary>
    public float InterOcular { get; }

    /// <summary>Gets the gap between the inner lips at the middle in the photo (pixels).</summary>
    public float SourceOpening { get; }

    /// <summary>Gets the inner lip contours (upper, lower), right corner to left corner.</summary>
    public static (int[] Upper, int[] Lower) InnerLips => (UpperLip[3], LowerLip[3]);

    /// <summary>Gets the outer lip contours (upper, lower), right corner to left corner.</summary>
    public static (int[] Upper, int[] Lower) OuterLips => (UpperLip[0], LowerLip[0]);

    /// <summary>Gets the points around the outer ring, whose inside is all that can change.</summary>
    public IEnumerable<Vector2> OuterRing => _source.Skip(MeshPoints + _ovalCount);

    /// <summary>Gets the unit vector along the eye line (image right for an upright face).</summary>
    public Vector2 Across => _across;

    /// <summary>Gets the unit vector down the face.</summary>
    public Vector2 Down => _down;

    /// <summary>Places every control point for one moment.</summary>
    /// <param name="motion">The performance's motion at that moment.</param>
    /// <param name="target">Receives the points (length <see cref="Count"/>).</param>
    /// <returns>The head's rotation and shift (to place the mouth's inside).</returns>
    public HeadMove Pose(in Motion motion, Span<Vector2> target)
    {
        _source.CopyTo(target);
        MoveMouth(motion.Mouth, target);
        Blink((float)motion.Blink, target);
        var raise = (float)motion.BrowRaise * 0.03f * InterOcular;
        for (var i = 0; i < MeshPoints; i++)
        {
            target[i] -= _brow[i] * raise * _down;
        }

        // Design units of the stock figure (1/1000 of its height, about 1/160 of the eye spacing).
        var unit = InterOcular / 160;
        var move = new HeadMove(
            (float)(motion.HeadRollDegrees * 0.6 * Math.PI / 180),
            ((float)(motion.HeadX + (motion.Turn * 0.8)) * unit * _across) + ((float)(motion.HeadY + (motion.Breath * 0.15)) * unit * _down),
            _pivot);
        for (var i = 0; i < target.Length; i++)
        {
            if (_head[i] > 0)
            {
                target[i] = Vector2.Lerp(target[i], move.Apply(target[i]), _head[i]);
            }
        }

        return move;
    }

    private void MoveMouth(in MouthPose pose, Span<Vector2> target)
    {
        var wanted = (float)Math.Clamp(pose.Open, 0, 1) * MaxOpening * InterOcular;
        // A real mouth narrows less than the stock figures' drawn one: about half as much.
        var width = 0.55f * ((float)(pose.Width * (1 - (0.22 * pose.Round))) - 1);
        if (wanted < SourceOpening)
        {
            // The lips meet (fully when the shape is closed): facing inner points move to a point between them.
            var close = 1 - (wanted / Math.Max(SourceOpening, 1e-3f));
            for (var r = 0; r < UpperLip.Length; r++)
            {
                for (var k = 1; k < UpperLip[r].Length - 1; k++)
                {
                    var upper = UpperLip[r][k];
                    var lower = LowerLip[r][k];
                    var middle = Vector2.Lerp(_source[UpperLip[3][k]], _source[LowerLip[3][k]], ClosingMeet);
                    var share = ClosingShare[r] * close;
                    target[upper] += share * Vector2.Dot(middle - _source[UpperLip[3][k]], _down) * _down;
                    target[lower] += share * Vector2.Dot(middle - _source[LowerLip[3][k]], _down) * _down;
                }
            }
        }
        else
        {
            // The jaw drops (carrying the lower lip and chin); the upper lip lifts a little for the teeth.
            var extra = wanted - SourceOpening;
            var lift = Math.Min(extra * 0.25f, (float)pose.UpperTeeth * 0.02f * InterOcular);
            var drop = extra - lift;
            foreach (var ring in UpperLip)
            {
                for (var k = 1; k < ring.Length - 1; k++)
                {
                    target[ring[k]] -= lift * _profile[ring[k]] * _down;
                }
            }

            foreach (var ring in LowerLip)
            {
                for (var k = 1; k < ring.Length - 1; k++)
                {
                    target[ring[k]] += drop * MathF.Sqrt(_profile[ring[k]]) * _down;
                }
            }

            for (var i = 0; i < target.Length; i++)
            {
                if (_jaw[i] > 0)
                {
                    target[i] += drop * _jaw[i] * _down;
                }
            }

            // The mouth's corners drop a little with the jaw.
            target[61] += 0.3f * drop * _down;
            target[291] += 0.3f * drop * _down;
        }

        // Wider or narrower lips (rounded vowels narrow them), around the mouth's middle.
        for (var i = 0; i < MeshPoints; i++)
        {
            if (_width[i] > 0.01f)
            {
                var a = Vector2.Dot(_source[i] - _mouth, _across);
                target[i] += width * a * _width[i] * _across;
            }
        }
    }

    private void Blink(float closed, Span<Vector2> target)
    {
        if (closed <= 0.001f)
        {
            return;
        }

        foreach (var (upper, lid, crease, lower) in Eyes)
        {
            for (var k = 0; k < upper.Length; k++)
            {
                // The point of the lower lid under this one (by position along the eye).
                var p = _source[upper[k]];
                var below = LowerLidUnder(lower, p);
                var travel = closed * 0.95f * (below - p);
                target[upper[k]] += travel;
                target[lid[k]] += 0.85f * travel;
                target[crease[k]] += 0.35f * travel;
            }
        }
    }

    private Vector2 LowerLidUnder(int[] lower, Vector2 p)
    {
        var a = Vector2.Dot(p, _across);
        for (var k = 0; k + 1 < lower.Length; k++)
        {
            var a0 = Vector2.Dot(_source[lower[k]], _across);
            var a1 = Vector2.Dot(_source[lower[k + 1]], _across);
            if ((a - a0) * (a - a1) <= 0 && Math.Abs(a1 - a0) > 1e-4f)
            {
                return Vector2.Lerp(_source[lower[k]], _source[lower[k + 1]], (a - a0) / (a1 - a0));
            }
        }

        return _source[lower[lower.Length / 2]];
    }

    // Position across and down the face from the mouth, in inter-ocular distances.
    private (float Across, float Down) Local(Vector2 offset)
        => (Vector2.Dot(offset, _across) / InterOcular, Vector2.Dot(offset, _down) / InterOcular);

    // 1 at the mouth's middle, 0 at its corners and beyond.
    private float Profile(float across)
    {
        var half = Vector2.Distance(_source[61], _source[291]) / 2 / InterOcular;
        var t = Math.Clamp(Math.Abs(across) / Math.Max(half, 1e-3f), 0, 1);
        return MathF.Pow(MathF.Cos(t * MathF.PI / 2), 0.6f);
    }

    private static float SmoothStep(float from, float to, float x)
    {
        var t = Math.Clamp((x - from) / (to - from), 0, 1);
        return t * t * (3 - (2 * t));
    }
}

/// <summary>A rotation about a pivot, then a shift: how the head moves in one frame.</summary>
internal readonly struct HeadMove
{
    private readonly Matrix3x2 _forward;
    private readonly Matrix3x2 _backward;

    /// <summary>Creates the motion.</summary>
    /// <param name="angle">The rotation (radians, clockwise on screen for positive).</param>
    /// <param name="shift">The shift after it.</param>
    /// <param name="pivot">The point the head turns about (the neck).</param>
    public HeadMove(float angle, Vector2 shift, Vector2 pivot)
    {
        _forward = Matrix3x2.CreateRotation(angle, pivot) * Matrix3x2.CreateTranslation(shift);
        Matrix3x2.Invert(_forward, out _backward);
    }

    /// <summary>Moves a point with the head.</summary>
    public Vector2 Apply(Vector2 p) => Vector2.Transform(p, _forward);

    /// <summary>Moves a point back to where the head's motion took it from.</summary>
    public Vector2 Invert(Vector2 p) => Vector2.Transform(p, _backward);
}
