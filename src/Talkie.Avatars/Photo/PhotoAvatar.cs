using Talkie.Speech;
using Talkie.Vision;

namespace Talkie.Avatars.Photo;

/// <summary>
/// A presenter made from one portrait: the photo's own pixels, moved by the face mesh for the mouth,
/// blinks and head motion. Holds the working copy of the photo, shared by every renderer (each frame
/// only reads it).
/// </summary>
public sealed class PhotoAvatar : IAvatar, IDisposable
{
    private readonly LoadedImage _photo;
    private readonly IReadOnlyList<(int A, int B, int C)> _triangles;
    private readonly string? _storedName;

    /// <summary>Creates the avatar.</summary>
    /// <param name="path">The photo file.</param>
    /// <param name="analysis">Its analysis.</param>
    /// <param name="photo">Its working copy (owned by the avatar).</param>
    /// <param name="triangles">The face mesh's triangles.</param>
    /// <param name="framing">How the photo fills the presenter's place.</param>
    /// <param name="storedName">The name it is kept under in the avatar store, if any.</param>
    public PhotoAvatar(string path, PhotoAnalysis analysis, LoadedImage photo, IReadOnlyList<(int A, int B, int C)> triangles, PhotoFraming framing, string? storedName = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(photo);
        if (photo.Image.Width != analysis.Width || photo.Image.Height != analysis.Height)
        {
            throw new InvalidInputException($"{path} changed while it was being read; try again");
        }

        Path = path;
        Analysis = analysis;
        Framing = framing;
        _storedName = storedName;
        _photo = photo;
        _triangles = triangles;
    }

    /// <summary>Gets the photo file.</summary>
    public string Path { get; }

    /// <summary>Gets the photo's analysis.</summary>
    public PhotoAnalysis Analysis { get; }

    /// <summary>Gets how the photo fills the presenter's place.</summary>
    public PhotoFraming Framing { get; }

    /// <inheritdoc />
    public string Id => "photo:" + (_storedName ?? Analysis.Hash[..12]);

    /// <inheritdoc />
    public string Name => _storedName ?? System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <inheritdoc />
    public string Kind => "photo";

    /// <inheritdoc />
    public string Description => $"animated from the photo {System.IO.Path.GetFileName(Path)}";

    /// <inheritdoc />
    public VoiceGender Gender => VoiceGender.Unknown;

    /// <inheritdoc />
    public IAvatarRenderer CreateRenderer(AvatarPerformance performance) => new PhotoAvatarRenderer(this, _photo.Image, _triangles, performance);

    /// <inheritdoc />
    public void Dispose() => _photo.Dispose();
}
