using System.Numerics;

namespace Talkie.Vision.Landmarks;

/// <summary>
/// A head pose estimate in degrees. Yaw is positive when the face turns toward the image's right,
/// pitch when it tilts down (nose toward the chest), roll when the head leans clockwise in the image.
/// </summary>
/// <param name="Yaw">Rotation about the vertical axis.</param>
/// <param name="Pitch">Rotation about the horizontal axis.</param>
/// <param name="Roll">Rotation in the image plane (from the eye line).</param>
public readonly record struct HeadPose(float Yaw, float Pitch, float Roll)
{
    // A generic head in inter-ocular units, camera axes (x to the image's right, y down, z away from
    // the camera), nose tip at the origin: nose tip, chin, outer eye corners, mouth corners. x and y
    // are dlib's mean (frontal) face, so a frontal face reads as zero; depths are anthropometric.
    private static readonly Vector3[] GenericHead =
    [
        new(0, 0, 0),
        new(0, 0.913f, 0.144f),
        new(-0.5f, -0.404f, 0.30f),
        new(0.5f, -0.404f, 0.30f),
        new(-0.32f, 0.357f, 0.28f),
        new(0.32f, 0.357f, 0.28f),
    ];

    private static readonly Vector3 GenericCentre = Centre(GenericHead);

    /// <summary>
    /// Estimates the pose from six landmarks with a weak-perspective fit to a generic head: the
    /// least-squares 2×3 projection, made orthonormal. Hand-written because it is closed form and
    /// takes microseconds, where OpenCV's solvePnP takes milliseconds per face.
    /// </summary>
    internal static HeadPose Estimate(
        Vector2 noseTip, Vector2 chin, Vector2 rightEyeOuter, Vector2 leftEyeOuter, Vector2 mouthRight, Vector2 mouthLeft)
    {
        ReadOnlySpan<Vector2> image = [noseTip, chin, rightEyeOuter, leftEyeOuter, mouthRight, mouthLeft];
        var roll = MathF.Atan2(leftEyeOuter.Y - rightEyeOuter.Y, leftEyeOuter.X - rightEyeOuter.X) * 180 / MathF.PI;
        var imageCentre = Vector2.Zero;
        foreach (var p in image)
        {
            imageCentre += p;
        }

        imageCentre /= image.Length;

        // M = (Σ x Xᵀ)(Σ X Xᵀ)⁻¹ over centred points.
        var xx = default(Matrix4x4);
        Vector3 sumX = default, sumY = default;
        for (var i = 0; i < image.Length; i++)
        {
            var model = GenericHead[i] - GenericCentre;
            var point = image[i] - imageCentre;
            xx.M11 += model.X * model.X;
            xx.M12 += model.X * model.Y;
            xx.M13 += model.X * model.Z;
            xx.M22 += model.Y * model.Y;
            xx.M23 += model.Y * model.Z;
            xx.M33 += model.Z * model.Z;
            sumX += point.X * model;
            sumY += point.Y * model;
        }

        xx.M21 = xx.M12;
        xx.M31 = xx.M13;
        xx.M32 = xx.M23;
        xx.M44 = 1;
        if (!Matrix4x4.Invert(xx, out var inverse))
        {
            return new HeadPose(float.NaN, float.NaN, roll);
        }

        var row1 = Transform(sumX, inverse);
        var row2 = Transform(sumY, inverse);
        if (row1.LengthSquared() < 1e-12f || row2.LengthSquared() < 1e-12f)
        {
            return new HeadPose(float.NaN, float.NaN, roll);
        }

        row1 = Vector3.Normalize(row1);
        row2 = Vector3.Normalize(row2 - (Vector3.Dot(row2, row1) * row1));

        // Turning by θ about the vertical axis maps the first row to (cos θ, ·, sin θ); tilting by φ
        // about the horizontal axis maps the second to (·, cos φ, −sin φ).
        var yaw = -MathF.Atan2(row1.Z, row1.X) * 180 / MathF.PI;
        var pitch = MathF.Atan2(-row2.Z, row2.Y) * 180 / MathF.PI;
        return new HeadPose(yaw, pitch, roll);
    }

    private static Vector3 Transform(Vector3 v, Matrix4x4 m)
        => new(
            (v.X * m.M11) + (v.Y * m.M21) + (v.Z * m.M31),
            (v.X * m.M12) + (v.Y * m.M22) + (v.Z * m.M32),
            (v.X * m.M13) + (v.Y * m.M23) + (v.Z * m.M33));

    private static Vector3 Centre(Vector3[] points)
    {
        var sum = Vector3.Zero;
        foreach (var p in points)
        {
            sum += p;
        }

        return sum / points.Length;
    }
}
