using System.Numerics;
using Talkie.Speech.Visemes;

namespace Talkie.Avatars.Trained;

/// <summary>What training learned about one footage frame.</summary>
/// <param name="Placement">Where the face is (eye corners).</param>
/// <param name="Yaw">The head's turn (degrees).</param>
/// <param name="Pitch">The head's nod (degrees).</param>
/// <param name="Roll">The head's tilt (degrees).</param>
/// <param name="Opening">The mouth's opening (÷ inter-ocular distance).</param>
/// <param name="Width">The mouth's width (÷ inter-ocular distance).</param>
/// <param name="Shape">The mouth shape of the sound at this frame.</param>
/// <param name="Loudness">The sound's log energy.</param>
/// <param name="Crop">The top-left corner of the frame's mouth crop (footage pixels).</param>
/// <param name="Hidden">
/// Whether the face could not be seen in this frame or next to it (a hand over it, the head turned away): its face
/// is borrowed from the nearest frame that showed one, so the frame is never shown as a base frame nor its mouth
/// pasted into another.
/// </param>
public sealed record FootageFrame(FacePlacement Placement, float Yaw, float Pitch, float Roll, float Opening, float Width, Viseme Shape, float Loudness, Vector2 Crop, bool Hidden = false);

/// <summary>A person's talking style, measured on their footage.</summary>
/// <param name="BlinksPerMinute">How often they blink.</param>
/// <param name="HeadSway">The spread of the head's position (standard deviation, % of the inter-ocular distance).</param>
/// <param name="HeadTilt">The spread of the head's tilt (standard deviation, degrees).</param>
/// <param name="SpeakingShare">The share of the footage with speech.</param>
/// <param name="Pauses">The pauses of 300 ms or more (start and end, seconds).</param>
public sealed record TalkingHabits(float BlinksPerMinute, float HeadSway, float HeadTilt, float SpeakingShare, IReadOnlyList<Vector2> Pauses);

/// <summary>The loop points found in the footage (see <see cref="FootageLoops"/>).</summary>
/// <param name="Jumps">The seamless jumps.</param>
/// <param name="StepLimit">The footage's 99th-percentile frame-to-frame difference.</param>
/// <param name="StepMedian">The footage's median frame-to-frame difference.</param>
/// <param name="First">The first frame of the stretch the base track starts in (the longest without a hidden face).</param>
/// <param name="Last">The last frame of that stretch (null: the footage's last).</param>
/// <param name="Others">
/// The jumps that leave or lie outside that stretch: into and within the other stretches where the face is always
/// seen, over the frames where it is hidden (null: none). Kept apart from <paramref name="Jumps"/> so a package
/// read by a Talkie without them still walks its longest stretch.
/// </param>
/// <param name="Stretches">The stretches the base track may show (null: <paramref name="First"/> to <paramref name="Last"/> only).</param>
public sealed record LoopPoints(IReadOnlyList<FootageJump> Jumps, float StepLimit, float StepMedian, int First = 0, int? Last = null, IReadOnlyList<FootageJump>? Others = null, IReadOnlyList<FootageStretch>? Stretches = null);

/// <summary>Everything training learned (<c>model.json</c> in the package).</summary>
public sealed record AvatarModel
{
    /// <summary>Gets the mouth as the sound predicts it.</summary>
    public required MouthModel Mouth { get; init; }

    /// <summary>Gets where the mouth, jaw and chin lie in the standard placement.</summary>
    public required MouthRegion Region { get; init; }

    /// <summary>Gets the footage's loop points.</summary>
    public required LoopPoints Loops { get; init; }

    /// <summary>Gets the person's talking style.</summary>
    public required TalkingHabits Habits { get; init; }

    /// <summary>Gets what was learned about each frame.</summary>
    public required IReadOnlyList<FootageFrame> Frames { get; init; }
}
