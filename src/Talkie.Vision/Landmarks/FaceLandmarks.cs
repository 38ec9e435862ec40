using System.Numerics;

namespace Talkie.Vision.Landmarks;

/// <summary>
/// One face's landmarks from either engine, with a semantic view shared by both: contours, key
/// points, inter-ocular distance, mouth opening and head pose. "Right" and "left" are the person's.
/// </summary>
public sealed class FaceLandmarks
{
    private FaceLandmarks(LandmarkEngineKind engine, LandmarkLayout layout, Vector2[] points, FaceBox box, float confidence, HeadPose pose)
    {
        Engine = engine;
        Layout = layout;
        Points = points;
        Box = box;
        Confidence = confidence;
        Pose = pose;
    }

    /// <summary>Gets the engine that placed the points.</summary>
    public LandmarkEngineKind Engine { get; }

    /// <summary>Gets the engine's layout (its indices for each feature).</summary>
    public LandmarkLayout Layout { get; }

    /// <summary>Gets the points in the engine's own indexing and order, in image pixels.</summary>
    public IReadOnlyList<Vector2> Points { get; }

    /// <summary>Gets the face box the engine was given (dlib) or cropped around (mesh).</summary>
    public FaceBox Box { get; }

    /// <summary>Gets how sure the engine is that this is a face, 0–1.</summary>
    public float Confidence { get; }

    /// <summary>Gets the estimated head pose.</summary>
    public HeadPose Pose { get; }

    /// <summary>Gets the outer lip contour.</summary>
    public IReadOnlyList<Vector2> OuterLips => Select(Layout.OuterLips);

    /// <summary>Gets the inner lip contour.</summary>
    public IReadOnlyList<Vector2> InnerLips => Select(Layout.InnerLips);

    /// <summary>Gets the jaw line, right ear to left ear.</summary>
    public IReadOnlyList<Vector2> Jaw => Select(Layout.Jaw);

    /// <summary>Gets the right eye contour.</summary>
    public IReadOnlyList<Vector2> RightEye => Select(Layout.RightEye);

    /// <summary>Gets the left eye contour.</summary>
    public IReadOnlyList<Vector2> LeftEye => Select(Layout.LeftEye);

    /// <summary>Gets the right brow.</summary>
    public IReadOnlyList<Vector2> RightBrow => Select(Layout.RightBrow);

    /// <summary>Gets the left brow.</summary>
    public IReadOnlyList<Vector2> LeftBrow => Select(Layout.LeftBrow);

    /// <summary>Gets the nose bridge, top to tip.</summary>
    public IReadOnlyList<Vector2> NoseBridge => Select(Layout.NoseBridge);

    /// <summary>Gets the base of the nose.</summary>
    public IReadOnlyList<Vector2> NoseBase => Select(Layout.NoseBase);

    /// <summary>Gets the face oval.</summary>
    public IReadOnlyList<Vector2> FaceOval => Select(Layout.FaceOval);

    /// <summary>Gets the right mouth corner.</summary>
    public Vector2 MouthRightCorner => Points[Layout.MouthRightCorner];

    /// <summary>Gets the left mouth corner.</summary>
    public Vector2 MouthLeftCorner => Points[Layout.MouthLeftCorner];

    /// <summary>Gets the top of the upper lip (midline).</summary>
    public Vector2 UpperLipTop => Points[Layout.UpperLipTop];

    /// <summary>Gets the bottom of the lower lip (midline).</summary>
    public Vector2 LowerLipBottom => Points[Layout.LowerLipBottom];

    /// <summary>Gets the right eye's outer corner.</summary>
    public Vector2 RightEyeOuter => Layout.Corner(Points, Layout.RightEyeOuter);

    /// <summary>Gets the right eye's inner corner.</summary>
    public Vector2 RightEyeInner => Layout.Corner(Points, Layout.RightEyeInner);

    /// <summary>Gets the left eye's inner corner.</summary>
    public Vector2 LeftEyeInner => Layout.Corner(Points, Layout.LeftEyeInner);

    /// <summary>Gets the left eye's outer corner.</summary>
    public Vector2 LeftEyeOuter => Layout.Corner(Points, Layout.LeftEyeOuter);

    /// <summary>Gets the tip of the nose.</summary>
    public Vector2 NoseTip => Points[Layout.NoseTip];

    /// <summary>Gets the bottom of the chin, on the face's silhouette.</summary>
    public Vector2 Chin => Layout.ChinInward is { } inward
        ? Points[Layout.Chin] + (Layout.ChinExtension * (Points[Layout.Chin] - Points[inward]))
        : Points[Layout.Chin];

    /// <summary>Gets the inter-ocular distance: between the outer eye corners, as in 300-W.</summary>
    public float InterOcular => Vector2.Distance(RightEyeOuter, LeftEyeOuter);

    /// <summary>Gets the mouth opening: the mean gap between the inner lips ÷ inter-ocular distance.</summary>
    public float MouthOpening => MeanGap(Layout.InnerLipPairs) / Math.Max(InterOcular, 1e-3f);

    /// <summary>Gets the mouth width (corner to corner) ÷ inter-ocular distance.</summary>
    public float MouthWidth => Vector2.Distance(MouthRightCorner, MouthLeftCorner) / Math.Max(InterOcular, 1e-3f);

    /// <summary>Gets each eye's opening (mean lid gap ÷ eye width): right, then left.</summary>
    public (float Right, float Left) EyeOpening
        => (MeanGap(Layout.RightEyeLids) / Math.Max(Vector2.Distance(RightEyeOuter, RightEyeInner), 1e-3f),
            MeanGap(Layout.LeftEyeLids) / Math.Max(Vector2.Distance(LeftEyeOuter, LeftEyeInner), 1e-3f));

    /// <summary>Gets the box around all points.</summary>
    public FaceBox Bounds => FaceBox.Around(Points is Vector2[] array ? array : Points.ToArray());

    /// <summary>Creates landmarks and estimates the pose.</summary>
    public static FaceLandmarks Create(LandmarkEngineKind engine, Vector2[] points, FaceBox box, float confidence)
    {
        ArgumentNullException.ThrowIfNull(points);
        var layout = engine == LandmarkEngineKind.Dlib ? LandmarkLayout.Dlib68 : LandmarkLayout.Mesh468;
        if (points.Length != layout.PointCount)
        {
            throw new ArgumentException($"the {engine.Name()} engine places {layout.PointCount} points, not {points.Length}", nameof(points));
        }

        var chin = layout.ChinInward is { } inward
            ? points[layout.Chin] + (layout.ChinExtension * (points[layout.Chin] - points[inward]))
            : points[layout.Chin];
        var pose = HeadPose.Estimate(
            points[layout.NoseTip], chin, layout.Corner(points, layout.RightEyeOuter), layout.Corner(points, layout.LeftEyeOuter),
            points[layout.MouthRightCorner], points[layout.MouthLeftCorner]);
        return new FaceLandmarks(engine, layout, points, box, confidence, pose);
    }

    /// <summary>Returns a copy with other points (smoothed), keeping the engine, box and confidence.</summary>
    public FaceLandmarks WithPoints(Vector2[] points, float confidence) => Create(Engine, points, Box, confidence);

    private float MeanGap((int Upper, int Lower)[] pairs)
    {
        var sum = 0f;
        foreach (var (upper, lower) in pairs)
        {
            sum += Math.Max(0, Vector2.Distance(Points[upper], Points[lower]));
        }

        return sum / pairs.Length;
    }

    private Vector2[] Select(int[] indices)
    {
        var result = new Vector2[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            result[i] = Points[indices[i]];
        }

        return result;
    }
}
