using Talkie.Avatars.Trained;
using Talkie.Vision.Mesh;

namespace Talkie.Avatars.Photo;

/// <summary>Makes photo avatars: the analysis (cached), the working copy of the photo and the mesh's triangles.</summary>
public sealed class PhotoAvatarFactory
{
    private readonly PhotoAnalyzer _analyzer;
    private readonly AvatarStore _store;
    private readonly IServiceProvider _services;

    /// <summary>Creates the factory.</summary>
    public PhotoAvatarFactory(PhotoAnalyzer analyzer, AvatarStore store, IServiceProvider services)
    {
        _analyzer = analyzer;
        _store = store;
        _services = services;
    }

    /// <summary>
    /// Keeps a portrait as a named photo avatar (<c>photo:NAME</c>): the photo is analysed first (so a
    /// photo that would be refused is refused now, and nothing is stored), then copied into the avatar
    /// store with its framing and its voice (a voice id the caller checked, or null), written to a hidden
    /// folder and renamed into place.
    /// </summary>
    /// <exception cref="InvalidInputException">The name is taken or not a valid name.</exception>
    /// <exception cref="Vision.UnreadableImageException">The file is missing, empty or not an image.</exception>
    /// <exception cref="UnsuitablePhotoException">No usable face (none, too small, turned away).</exception>
    public async Task<StoredPhotoAvatar> StoreAsync(string path, string name, PhotoFraming framing, bool allowSmallFace, string? voice, CancellationToken cancellationToken)
    {
        // The store refuses a taken name before the analysis runs; a refused photo leaves nothing.
        var stored = AvatarStore.CheckNewName(name);
        var partial = _store.Begin(stored);
        try
        {
            var analysis = await _analyzer.AnalyzeAsync(path, allowSmallFace, cancellationToken).ConfigureAwait(false);
            // Kept under its own name, which the notes of a later analysis name.
            var portrait = Path.GetFileName(path);
            if (string.Equals(portrait, AvatarStore.PhotoManifestFile, StringComparison.OrdinalIgnoreCase))
            {
                portrait = "portrait" + Path.GetExtension(path);
            }

            File.Copy(path, Path.Combine(partial, portrait));
            var photo = new StoredPhotoAvatar
            {
                Schema = StoredPhotoAvatar.CurrentSchema,
                Name = stored,
                Created = DateTimeOffset.UtcNow,
                SourceFile = Path.GetFileName(path),
                SourceSha256 = analysis.Hash,
                PortraitFile = portrait,
                Framing = framing,
                AllowSmallFace = allowSmallFace,
                Voice = voice,
                EyeDistance = analysis.EyeDistance,
                Notes = analysis.Notes,
            };
            var folder = _store.CommitPhoto(partial, photo);
            return photo with { Folder = folder };
        }
        catch
        {
            AvatarStore.Abandon(partial);
            throw;
        }
    }

    /// <summary>Makes an avatar of the face in a portrait (the caller disposes it).</summary>
    /// <param name="path">The portrait.</param>
    /// <param name="framing">How the photo is framed in the scene.</param>
    /// <param name="allowSmallFace">Whether a face below the sharp size is animated (softer) instead of refused.</param>
    /// <param name="cancellationToken">Cancels the analysis.</param>
    /// <exception cref="Vision.UnreadableImageException">The file is missing, empty or not an image.</exception>
    /// <exception cref="UnsuitablePhotoException">No usable face (none, too small, turned away).</exception>
    public Task<PhotoAvatar> CreateAsync(string path, PhotoFraming framing, bool allowSmallFace, CancellationToken cancellationToken)
        => CreateAsync(path, framing, allowSmallFace, null, cancellationToken);

    /// <summary>Makes the avatar of a photo avatar kept under a name (the caller disposes it).</summary>
    /// <exception cref="Vision.UnreadableImageException">The stored portrait is missing or damaged.</exception>
    /// <exception cref="UnsuitablePhotoException">No usable face (the limits changed since it was stored).</exception>
    public Task<PhotoAvatar> CreateAsync(StoredPhotoAvatar stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return CreateAsync(stored.PortraitPath, stored.Framing, stored.AllowSmallFace, stored.Name, cancellationToken);
    }

    private async Task<PhotoAvatar> CreateAsync(string path, PhotoFraming framing, bool allowSmallFace, string? storedName, CancellationToken cancellationToken)
    {
        var analysis = await _analyzer.AnalyzeAsync(path, allowSmallFace, cancellationToken).ConfigureAwait(false);

        // The mesh's triangles load with the face models, on first use.
        var topology = (FaceMeshTopology)_services.GetService(typeof(FaceMeshTopology))!;
        var photo = _analyzer.LoadWorkingCopy(path);
        try
        {
            return new PhotoAvatar(path, analysis, photo, topology.Triangles, framing, storedName);
        }
        catch
        {
            photo.Dispose();
            throw;
        }
    }
}
