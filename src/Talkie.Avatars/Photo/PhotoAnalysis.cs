using System.Numerics;
using System.Text.Json.Serialization;

namespace Talkie.Avatars.Photo;

/// <summary>An RGB colour (0–255 per channel), as stored in an analysis.</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public readonly record struct Rgb(float R, float G, float B)
{
    /// <summary>Gets the colour as a vector (R, G, B).</summary>
    [JsonIgnore]
    public Vector3 Vector => new(R, G, B);

    /// <summary>Makes a colour from a vector (R, G, B).</summary>
    public static Rgb From(Vector3 value) => new(value.X, value.Y, value.Z);
}

/// <summary>The mouth as the photo shows it.</summary>
/// <param name="Opening">The gap between the inner lips at the middle ÷ the inter-ocular distance.</param>
/// <param name="TeethVisible">Whether teeth show between the lips (a smile with teeth).</param>
/// <param name="Teeth">The teeth's mean colour when visible, else the colour teeth are drawn in (from the eyes' whites).</param>
public sealed record MouthRest(float Opening, bool TeethVisible, Rgb Teeth);

/// <summary>
/// What a portrait holds, found once and cached by the file's content hash: the face's 468 mesh points
/// (in the working copy's pixels), its size and pose, the mouth at rest, and skin and lip colours.
/// </summary>
public sealed record PhotoAnalysis
{
    /// <summary>The schema version of cached analyses; older files are analysed again.</summary>
    public const int CurrentVersion = 2;

    /// <summary>Gets the schema version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Gets the SHA-256 of the photo file (hex).</summary>
    public required string Hash { get; init; }

    /// <summary>Gets the working copy's width (the photo scaled down to the working size, if larger).</summary>
    public required int Width { get; init; }

    /// <summary>Gets the working copy's height.</summary>
    public required int Height { get; init; }

    /// <summary>Gets the working copy's size ÷ the file's.</summary>
    public required float Scale { get; init; }

    /// <summary>Gets whether the photo has transparent pixels (a cut-out: the scene's background shows through).</summary>
    public required bool HasAlpha { get; init; }

    /// <summary>Gets the face mesh's 468 points as x, y pairs in the working copy's pixels.</summary>
    public required float[] Points { get; init; }

    /// <summary>Gets the distance between the outer eye corners (working pixels).</summary>
    public required float InterOcular { get; init; }

    /// <summary>Gets the distance between the eyes' centres in the file's own pixels.</summary>
    public required float EyeDistance { get; init; }

    /// <summary>Gets the head's yaw, pitch and roll (degrees).</summary>
    public required Vector3 Pose { get; init; }

    /// <summary>Gets the mouth at rest.</summary>
    public required MouthRest Mouth { get; init; }

    /// <summary>Gets the skin's mean colour (cheeks and chin).</summary>
    public required Rgb Skin { get; init; }

    /// <summary>Gets the lips' mean colour.</summary>
    public required Rgb Lips { get; init; }

    /// <summary>Gets how many faces the photo shows (the largest is animated).</summary>
    public int FaceCount { get; init; } = 1;

    /// <summary>Gets what the user should know (several faces, a small face, transparency); set when the analysis is used, not cached.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Returns the points as vectors.</summary>
    public Vector2[] PointVectors()
    {
        var points = new Vector2[Points.Length / 2];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Vector2(Points[2 * i], Points[(2 * i) + 1]);
        }

        return points;
    }
}
