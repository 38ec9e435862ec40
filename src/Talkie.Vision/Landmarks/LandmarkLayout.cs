using System.Numerics;

namespace Talkie.Vision.Landmarks;

/// <summary>
/// Where each facial feature lies in an engine's own landmark indexing. "Right" and "left" are the
/// person's: their right eye appears on the image's left. Renderers read features through
/// <see cref="FaceLandmarks"/>, never through these indices.
/// </summary>
public sealed class LandmarkLayout
{
    /// <summary>Gets dlib's 68-point (iBUG 300-W) layout.</summary>
    public static LandmarkLayout Dlib68 { get; } = new()
    {
        PointCount = 68,
        Jaw = Range(0, 17),
        RightBrow = Range(17, 5),
        LeftBrow = Range(22, 5),
        NoseBridge = Range(27, 4),
        NoseBase = Range(31, 5),
        RightEye = Range(36, 6),
        LeftEye = Range(42, 6),
        OuterLips = Range(48, 12),
        InnerLips = Range(60, 8),
        FaceOval = [.. Range(0, 17), 26, 25, 24, 23, 22, 21, 20, 19, 18, 17],
        MouthRightCorner = 48,
        MouthLeftCorner = 54,
        UpperLipTop = 51,
        LowerLipBottom = 57,
        UpperLipInner = 62,
        LowerLipInner = 66,
        InnerLipPairs = [(61, 67), (62, 66), (63, 65)],
        RightEyeOuter = 36,
        RightEyeInner = 39,
        LeftEyeInner = 42,
        LeftEyeOuter = 45,
        RightEyeLids = [(37, 41), (38, 40)],
        LeftEyeLids = [(43, 47), (44, 46)],
        NoseTip = 30,
        NoseTop = 27,
        Chin = 8,
    };

    /// <summary>Gets MediaPipe's 468-point face mesh layout (contours as in its face_mesh_connections).</summary>
    public static LandmarkLayout Mesh468 { get; } = new()
    {
        PointCount = 468,
        Jaw = [234, 93, 132, 58, 172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397, 288, 361, 323, 454],
        RightBrow = [70, 63, 105, 66, 107, 55, 65, 52, 53, 46],
        LeftBrow = [336, 296, 334, 293, 300, 276, 283, 282, 295, 285],
        NoseBridge = [168, 6, 197, 195, 5, 4],
        NoseBase = [98, 97, 2, 326, 327],
        RightEye = [33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7],
        LeftEye = [362, 398, 384, 385, 386, 387, 388, 466, 263, 249, 390, 373, 374, 380, 381, 382],
        OuterLips = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146],
        InnerLips = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95],
        FaceOval = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109],
        MouthRightCorner = 61,
        MouthLeftCorner = 291,
        UpperLipTop = 0,
        LowerLipBottom = 17,
        UpperLipInner = 13,
        LowerLipInner = 14,
        InnerLipPairs = [(82, 87), (13, 14), (312, 317)],
        RightEyeOuter = 33,
        RightEyeInner = 133,
        LeftEyeInner = 362,
        LeftEyeOuter = 263,
        RightEyeLids = [(160, 144), (158, 153)],
        LeftEyeLids = [(385, 380), (387, 373)],

        // The mesh's corner vertices lie at the ends of its eye contours, a little past the fissure;
        // 300-W (and dlib) put a corner where the lid margins meet. Take the mean of the corner
        // vertex and the first vertex on each lid beside it.
        CornerLids = new Dictionary<int, (int Upper, int Lower)>
        {
            [33] = (246, 7),
            [133] = (173, 155),
            [362] = (398, 382),
            [263] = (466, 249),
        },
        NoseTip = 4,
        NoseTop = 168,
        Chin = 152,

        // 152 lies on the front of the chin, above its silhouette, which is where 300-W (and dlib)
        // put the chin: extend it half its distance from 175, just above it, along the chin.
        ChinInward = 175,
        ChinExtension = 0.5f,
    };

    /// <summary>Gets the number of landmarks.</summary>
    public required int PointCount { get; init; }

    /// <summary>Gets the jaw line from the right ear to the left ear.</summary>
    public required int[] Jaw { get; init; }

    /// <summary>Gets the right brow.</summary>
    public required int[] RightBrow { get; init; }

    /// <summary>Gets the left brow.</summary>
    public required int[] LeftBrow { get; init; }

    /// <summary>Gets the nose bridge, top to tip.</summary>
    public required int[] NoseBridge { get; init; }

    /// <summary>Gets the base of the nose (nostrils), right to left.</summary>
    public required int[] NoseBase { get; init; }

    /// <summary>Gets the right eye contour (closed).</summary>
    public required int[] RightEye { get; init; }

    /// <summary>Gets the left eye contour (closed).</summary>
    public required int[] LeftEye { get; init; }

    /// <summary>Gets the outer lip contour (closed, from the right corner over the upper lip).</summary>
    public required int[] OuterLips { get; init; }

    /// <summary>Gets the inner lip contour (closed).</summary>
    public required int[] InnerLips { get; init; }

    /// <summary>Gets the face oval (closed).</summary>
    public required int[] FaceOval { get; init; }

    /// <summary>Gets the right mouth corner.</summary>
    public required int MouthRightCorner { get; init; }

    /// <summary>Gets the left mouth corner.</summary>
    public required int MouthLeftCorner { get; init; }

    /// <summary>Gets the top of the upper lip, on the midline.</summary>
    public required int UpperLipTop { get; init; }

    /// <summary>Gets the bottom of the lower lip, on the midline.</summary>
    public required int LowerLipBottom { get; init; }

    /// <summary>Gets the inner edge of the upper lip, on the midline.</summary>
    public required int UpperLipInner { get; init; }

    /// <summary>Gets the inner edge of the lower lip, on the midline.</summary>
    public required int LowerLipInner { get; init; }

    /// <summary>Gets facing pairs (upper, lower) along the inner lips, to measure the opening.</summary>
    public required (int Upper, int Lower)[] InnerLipPairs { get; init; }

    /// <summary>Gets the right eye's outer corner.</summary>
    public required int RightEyeOuter { get; init; }

    /// <summary>Gets the right eye's inner corner.</summary>
    public required int RightEyeInner { get; init; }

    /// <summary>Gets the left eye's inner corner.</summary>
    public required int LeftEyeInner { get; init; }

    /// <summary>Gets the left eye's outer corner.</summary>
    public required int LeftEyeOuter { get; init; }

    /// <summary>Gets facing pairs (upper lid, lower lid) of the right eye.</summary>
    public required (int Upper, int Lower)[] RightEyeLids { get; init; }

    /// <summary>Gets facing pairs (upper lid, lower lid) of the left eye.</summary>
    public required (int Upper, int Lower)[] LeftEyeLids { get; init; }

    /// <summary>
    /// Gets, for eye corners whose vertex lies past the point where the lids meet, the lid points
    /// beside it: the corner is the mean of the three. Empty where each corner is one point.
    /// </summary>
    public IReadOnlyDictionary<int, (int Upper, int Lower)> CornerLids { get; init; } = new Dictionary<int, (int Upper, int Lower)>();

    /// <summary>Gets the tip of the nose.</summary>
    public required int NoseTip { get; init; }

    /// <summary>Gets the top of the nose bridge, between the eyes.</summary>
    public required int NoseTop { get; init; }

    /// <summary>Gets the bottom of the chin.</summary>
    public required int Chin { get; init; }

    /// <summary>Gets a point just above the chin, when the chin is extrapolated away from it to reach the silhouette.</summary>
    public int? ChinInward { get; init; }

    /// <summary>Gets how far (× the distance from <see cref="ChinInward"/>) the chin point is extended to the silhouette.</summary>
    public float ChinExtension { get; init; }

    /// <summary>Gets the points that do not move when the person speaks (eye corners, nose bridge).</summary>
    public int[] RigidPoints => [RightEyeOuter, RightEyeInner, LeftEyeInner, LeftEyeOuter, .. NoseBridge];

    /// <summary>Places an eye corner (see <see cref="CornerLids"/>).</summary>
    public Vector2 Corner(IReadOnlyList<Vector2> points, int corner)
        => CornerLids.TryGetValue(corner, out var lids) ? (points[corner] + points[lids.Upper] + points[lids.Lower]) / 3 : points[corner];

    private static int[] Range(int start, int count) => Enumerable.Range(start, count).ToArray();
}
