using SkiaSharp;

namespace Talkie.Avatars;

/// <summary>Draws one performance of an avatar, frame by frame. Implementations draw any time in any order.</summary>
public interface IAvatarRenderer : IDisposable
{
    /// <summary>Draws the avatar at <paramref name="time"/>, framed head-and-shoulders inside <paramref name="bounds"/>.</summary>
    void Render(SKCanvas canvas, SKRect bounds, TimeSpan time);

    /// <summary>Returns where the head is when the avatar is drawn in <paramref name="bounds"/> (for close-up crops).</summary>
    SKRect FaceBounds(SKRect bounds);

    /// <summary>Returns a box that holds the mouth in every pose when drawn in <paramref name="bounds"/> (for measurement).</summary>
    SKRect MouthBounds(SKRect bounds);

    /// <summary>Gets whether the avatar brings its own surroundings and fills the whole frame (footage of a person in their room).</summary>
    bool FillsFrame => false;

    /// <summary>
    /// Gets whether the avatar fills the whole of a frame taller than wide in the full layout (a photo with its
    /// own background, which would otherwise stand as a square at the bottom with the scene showing above it).
    /// </summary>
    bool FillsUprightFrame => FillsFrame;
}

/// <summary>An avatar that can perform: a stock presenter now; photo and trained avatars later.</summary>
public interface IAvatar
{
    /// <summary>Gets the id, e.g. <c>stock:ava</c>.</summary>
    string Id { get; }

    /// <summary>Gets the display name.</summary>
    string Name { get; }

    /// <summary>Gets the kind: <c>stock</c>, <c>photo</c> or <c>trained</c>.</summary>
    string Kind { get; }

    /// <summary>Gets a one-line description.</summary>
    string Description { get; }

    /// <summary>Gets the voice gender that suits the avatar.</summary>
    Speech.VoiceGender Gender { get; }

    /// <summary>Prepares a renderer for one performance.</summary>
    IAvatarRenderer CreateRenderer(AvatarPerformance performance);
}
