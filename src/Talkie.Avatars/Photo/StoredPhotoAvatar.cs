using System.Text.Json.Serialization;

namespace Talkie.Avatars.Photo;

/// <summary>
/// A photo avatar kept under a name (<c>photo.json</c> in the avatar store, beside a copy of the
/// portrait), so that <c>talkie avatars</c> lists it and <c>create --avatar NAME</c> animates it
/// like any other presenter. The analysis itself stays in the photo cache, keyed by the portrait's
/// SHA-256, and is made again from the stored copy if the cache was cleared.
/// </summary>
public sealed record StoredPhotoAvatar
{
    /// <summary>The schema version this build writes and reads.</summary>
    public const int CurrentSchema = 1;

    /// <summary>Gets the schema version.</summary>
    public required int Schema { get; init; }

    /// <summary>Gets the avatar's name (its id is <c>photo:NAME</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets when it was stored (UTC).</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>Gets the portrait's original file name (not its path).</summary>
    public required string SourceFile { get; init; }

    /// <summary>Gets the SHA-256 of the portrait.</summary>
    public required string SourceSha256 { get; init; }

    /// <summary>Gets the stored copy's file name inside the avatar's folder.</summary>
    public required string PortraitFile { get; init; }

    /// <summary>Gets how the photo is framed in the scene.</summary>
    public required PhotoFraming Framing { get; init; }

    /// <summary>
    /// Gets the voice it speaks with where a video names none (null: the language's default voice). A script in
    /// another language gets that language's voice of the same gender.
    /// </summary>
    public string? Voice { get; init; }

    /// <summary>Gets whether a face below the sharp size was allowed (animated softer).</summary>
    public bool AllowSmallFace { get; init; }

    /// <summary>Gets the distance between the eyes, in the portrait's pixels.</summary>
    public float EyeDistance { get; init; }

    /// <summary>Gets what the user was told when it was stored (several faces, a small face…).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Gets the folder it was read from (not stored).</summary>
    [JsonIgnore]
    public string Folder { get; init; } = string.Empty;

    /// <summary>Gets the stored portrait's path.</summary>
    [JsonIgnore]
    public string PortraitPath => Path.Combine(Folder, PortraitFile);
}
