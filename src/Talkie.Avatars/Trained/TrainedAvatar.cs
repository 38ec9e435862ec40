using System.Numerics;
using SkiaSharp;
using Talkie.Media;
using Talkie.Speech;

namespace Talkie.Avatars.Trained;

/// <summary>
/// An avatar trained from footage (<c>trained:NAME</c>): the person in their own room, their head,
/// blinks and body from the footage walked through its loop points, their mouth re-made for the new
/// speech from their own mouths.
/// </summary>
public sealed class TrainedAvatar : IAvatar
{
    private readonly MediaDecoder _decoder;
    private readonly Lazy<Vector2> _face;

    /// <summary>Creates the avatar from an opened package.</summary>
    public TrainedAvatar(AvatarManifest manifest, AvatarModel model, string folder, MediaDecoder decoder)
    {
        Manifest = manifest;
        Model = model;
        Folder = folder;
        _decoder = decoder;
        _face = new Lazy<Vector2>(() => MedianFace(model));
    }

    /// <summary>Gets the package's manifest.</summary>
    public AvatarManifest Manifest { get; }

    /// <summary>Gets what training learned.</summary>
    public AvatarModel Model { get; }

    /// <summary>Gets the package's folder.</summary>
    public string Folder { get; }

    /// <inheritdoc />
    public string Id => $"trained:{Manifest.Name}";

    /// <inheritdoc />
    public string Name => Manifest.Name;

    /// <inheritdoc />
    public string Kind => "trained";

    /// <inheritdoc />
    public string Description => FormattableString.Invariant($"trained from {Manifest.SourceFile} ({Manifest.Duration.TotalSeconds:0.#} s, {Manifest.Width}x{Manifest.Height}@{Manifest.FrameRate})");

    /// <inheritdoc />
    /// <remarks>From the voice in the footage, as a dub chooses its voice.</remarks>
    public VoiceGender Gender => Speech.Features.VoiceAnalysis.GenderOf(Manifest.SpeakerPitch ?? 0);

    /// <inheritdoc />
    public IAvatarRenderer CreateRenderer(AvatarPerformance performance)
    {
        ArgumentNullException.ThrowIfNull(performance);
        return new TrainedAvatarRenderer(this, performance, _decoder);
    }

    /// <summary>Chooses the base track (footage frames walked through the loop points) and the footage frame whose mouth is shown, for each footage-rate frame of a performance: what a render of it shows.</summary>
    public (BaseFrame[] Walk, int[] Mouths) Plan(AvatarPerformance performance)
    {
        ArgumentNullException.ThrowIfNull(performance);
        return TrainedPlayback.Plan(this, performance, TrainedPlayback.LengthOf(this, performance));
    }

    /// <summary>Where the footage is drawn in <paramref name="bounds"/>: scaled to cover it, cropped around the face (eyes to chin).</summary>
    internal (float Scale, Vector2 Offset) Cover(SKRect bounds)
    {
        var scale = Math.Max(bounds.Width / Manifest.Width, bounds.Height / Manifest.Height);
        var face = _face.Value;
        var x = Math.Clamp((bounds.Width / 2) - (face.X * scale), bounds.Width - (Manifest.Width * scale), 0);
        var y = Math.Clamp((bounds.Height / 2) - (face.Y * scale), bounds.Height - (Manifest.Height * scale), 0);
        return (scale, new Vector2(bounds.Left + x, bounds.Top + y));
    }

    // The middle of the face (between the eyes and the chin) in the footage, median over its frames.
    private static Vector2 MedianFace(AvatarModel model)
    {
        var centres = model.Frames.Select(f => f.Placement.ToImage(new Vector2(0, 45))).ToArray();
        return new Vector2(centres.Select(c => c.X).Order().ElementAt(centres.Length / 2), centres.Select(c => c.Y).Order().ElementAt(centres.Length / 2));
    }
}
