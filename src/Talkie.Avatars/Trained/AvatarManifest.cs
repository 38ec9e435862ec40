using System.Text.Json.Serialization;

namespace Talkie.Avatars.Trained;

/// <summary>
/// The description of a trained avatar's package (<c>manifest.json</c>). A package is a folder:
/// this manifest, <c>footage.mp4</c> (the footage upright, at a constant frame rate, without sound),
/// <c>mouths.mp4</c> (each frame's mouth region, cropped at a fixed size), <c>faces.bin</c> (the
/// face mesh of every frame) and <c>model.json</c> (what was learned).
/// </summary>
public sealed record AvatarManifest
{
    /// <summary>The schema version this build writes and reads.</summary>
    public const int CurrentSchema = 1;

    /// <summary>Gets the schema version.</summary>
    public required int Schema { get; init; }

    /// <summary>Gets the avatar's name (its id is <c>trained:NAME</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets when it was trained (UTC).</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>Gets the footage's file name (not its path).</summary>
    public required string SourceFile { get; init; }

    /// <summary>Gets the SHA-256 of the footage file.</summary>
    public required string SourceSha256 { get; init; }

    /// <summary>Gets the language the speech was aligned in.</summary>
    public required string Language { get; init; }

    /// <summary>Gets the stored footage's frame rate.</summary>
    public required int FrameRate { get; init; }

    /// <summary>Gets the stored footage's width.</summary>
    public required int Width { get; init; }

    /// <summary>Gets the stored footage's height.</summary>
    public required int Height { get; init; }

    /// <summary>Gets the number of frames.</summary>
    public required int FrameCount { get; init; }

    /// <summary>Gets the mouth crops' width.</summary>
    public required int MouthWidth { get; init; }

    /// <summary>Gets the mouth crops' height.</summary>
    public required int MouthHeight { get; init; }

    /// <summary>Gets the median pitch of the person's voice in the footage (Hz), when it could be measured: a video's default voice is of the same apparent gender.</summary>
    public double? SpeakerPitch { get; init; }

    /// <summary>Gets the seconds training took.</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>Gets what the user was told while training (short footage, resampled frame rate…).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Gets the footage's length.</summary>
    [JsonIgnore]
    public TimeSpan Duration => TimeSpan.FromSeconds((double)FrameCount / FrameRate);
}
