using Talkie.Media;
using Talkie.Vision.Landmarks;

namespace Talkie.Vision;

/// <summary>Places a face's landmarks; implemented by the dlib and the face mesh engines.</summary>
public interface ILandmarkEngine
{
    /// <summary>Gets which engine this is.</summary>
    LandmarkEngineKind Kind { get; }

    /// <summary>Places landmarks on a detected face, refining the detector's box to the engine's own framing.</summary>
    /// <param name="image">An RGBA frame.</param>
    /// <param name="detection">The detection.</param>
    /// <param name="precision">A still image's precision, or one pass for tracking.</param>
    FaceLandmarks Locate(VideoFrame image, FaceDetection detection, LandmarkPrecision precision = LandmarkPrecision.Still);

    /// <summary>
    /// Places landmarks in exactly the given box, as dlib's <c>shape_predictor(img, rect)</c> does (the
    /// mesh crops around the box as it would around a detection).
    /// </summary>
    FaceLandmarks LocateInBox(VideoFrame image, FaceBox box, LandmarkPrecision precision = LandmarkPrecision.Still);

    /// <summary>Places landmarks seeded from the same face's landmarks in the previous frame.</summary>
    FaceLandmarks Follow(VideoFrame image, FaceLandmarks previous);
}
