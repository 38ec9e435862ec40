using Talkie.Media;
using Talkie.Vision.Mesh;

namespace Talkie.Vision;

/// <summary>
/// The default detector: BlazeFace, and where it finds nothing (small or distant faces), the Haar
/// cascade with each hit confirmed by the face mesh's face-presence score, which rejects the
/// cascade's false hits on texture.
/// </summary>
public sealed class FaceDetector : IFaceDetector
{
    private const float MinimumPresence = 0.5f;
    private readonly BlazeFaceDetector _blazeFace;
    private readonly HaarFaceDetector _haar;
    private readonly FaceMeshEngine _mesh;

    /// <summary>Creates the detector.</summary>
    public FaceDetector(BlazeFaceDetector blazeFace, HaarFaceDetector haar, FaceMeshEngine mesh)
    {
        _blazeFace = blazeFace;
        _haar = haar;
        _mesh = mesh;
    }

    /// <inheritdoc />
    public IReadOnlyList<FaceDetection> Detect(VideoFrame image) => Detect(image, HaarFallback.WhenNothingFound);

    /// <summary>
    /// Finds faces, largest first, running the slow Haar cascade as <paramref name="fallback"/> says,
    /// for faces of at least <paramref name="minimumFaceSize"/> pixels (0: any it sees).
    /// </summary>
    public IReadOnlyList<FaceDetection> Detect(VideoFrame image, HaarFallback fallback, int minimumFaceSize = 0)
    {
        var faces = _blazeFace.Detect(image).ToList();
        if (fallback == HaarFallback.Always || (fallback == HaarFallback.WhenNothingFound && faces.Count == 0))
        {
            var found = faces.ToList();
            faces.AddRange(_haar.Detect(image, minimumFaceSize)
                .Where(face => found.All(f => f.Box.IntersectionOverUnion(face.Box) < 0.2f))
                .Select(face => face with { Score = Math.Min(face.Score, _mesh.LocateInBox(image, face.Box, LandmarkPrecision.Tracking).Confidence) })
                .Where(face => face.Score >= MinimumPresence));
        }

        return faces.OrderByDescending(face => face.Box.Area).ToList();
    }
}

/// <summary>When the Haar cascade backs BlazeFace up.</summary>
public enum HaarFallback
{
    /// <summary>Never (BlazeFace only).</summary>
    Never,

    /// <summary>Only when BlazeFace finds nothing.</summary>
    WhenNothingFound,

    /// <summary>Always, adding the faces BlazeFace missed (small faces in a large frame).</summary>
    Always,
}
