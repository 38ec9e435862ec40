using Talkie.Vision.Mesh;

namespace Talkie.Avatars.Photo;

/// <summary>Makes photo avatars: the analysis (cached), the working copy of the photo and the mesh's triangles.</summary>
public sealed class PhotoAvatarFactory
{
    private readonly PhotoAnalyzer _analyzer;
    private readonly IServiceProvider _services;

    /// <summary>Creates the factory.</summary>
    public PhotoAvatarFactory(PhotoAnalyzer analyzer, IServiceProvider services)
    {
        _analyzer = analyzer;
        _services = services;
    }

    /// <summary>Makes an avatar of the face in a portrait (the caller disposes it).</summary>
    /// <param name="path">The portrait.</param>
    /// <param name="framing">How the photo is framed in the scene.</param>
    /// <param name="allowSmallFace">Whether a face below the sharp size is animated (softer) instead of refused.</param>
    /// <param name="cancellationToken">Cancels the analysis.</param>
    /// <exception cref="Vision.UnreadableImageException">The file is missing, empty or not an image.</exception>
    /// <exception cref="UnsuitablePhotoException">No usable face (none, too small, turned away).</exception>
    public async Task<PhotoAvatar> CreateAsync(string path, PhotoFraming framing, bool allowSmallFace, CancellationToken cancellationToken)
    {
        var analysis = await _analyzer.AnalyzeAsync(path, allowSmallFace, cancellationToken).ConfigureAwait(false);

        // The mesh's triangles load with the face models, on first use.
        var topology = (FaceMeshTopology)_services.GetService(typeof(FaceMeshTopology))!;
        var photo = _analyzer.LoadWorkingCopy(path);
        try
        {
            return new PhotoAvatar(path, analysis, photo, topology.Triangles, framing);
        }
        catch
        {
            photo.Dispose();
            throw;
        }
    }
}
