using System.Numerics;
using Talkie.Media;

namespace Talkie.Vision;

/// <summary>A face found by a detector.</summary>
/// <param name="Box">The face box in image pixels.</param>
/// <param name="Score">The detector's confidence, 0–1.</param>
/// <param name="Detector">The detector that found it (<c>blazeface</c>, <c>haar</c>, <c>box</c> for a given box).</param>
/// <param name="Keypoints">BlazeFace's six keypoints (right eye, left eye, nose tip, mouth, right ear, left ear) or none.</param>
public sealed record FaceDetection(FaceBox Box, float Score, string Detector, IReadOnlyList<Vector2> Keypoints)
{
    /// <summary>Gets the person's right eye (on the image's left), when the detector gives eyes.</summary>
    public Vector2? RightEye => Keypoints.Count >= 2 ? Keypoints[0] : null;

    /// <summary>Gets the person's left eye, when the detector gives eyes.</summary>
    public Vector2? LeftEye => Keypoints.Count >= 2 ? Keypoints[1] : null;
}

/// <summary>Finds faces in a frame.</summary>
public interface IFaceDetector
{
    /// <summary>Returns the faces found, most confident first.</summary>
    /// <param name="image">An RGBA frame.</param>
    IReadOnlyList<FaceDetection> Detect(VideoFrame image);
}
