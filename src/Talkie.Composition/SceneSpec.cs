using SkiaSharp;

namespace Talkie.Composition;

/// <summary>Where the presenter stands in the frame.</summary>
public enum Placement
{
    /// <summary>Centred, head and shoulders filling the height.</summary>
    Full,

    /// <summary>On the left third; titles on the right.</summary>
    Left,

    /// <summary>On the right third; titles on the left.</summary>
    Right,

    /// <summary>A circular close-up in the lower right corner.</summary>
    Circle,
}

/// <summary>What happens to captions.</summary>
public enum CaptionMode
{
    /// <summary>No captions.</summary>
    None,

    /// <summary>WebVTT and SRT files beside the video.</summary>
    File,

    /// <summary>Burned into the picture, and the files as well.</summary>
    Burn,
}

/// <summary>A scene's backdrop.</summary>
public abstract record Backdrop
{
    /// <summary>Gets the default backdrop: a soft cool gradient.</summary>
    public static Backdrop Default { get; } = new GradientBackdrop(new SKColor(0xF3, 0xF6, 0xFA), new SKColor(0xD6, 0xDF, 0xEA));
}

/// <summary>One colour.</summary>
/// <param name="Color">The colour.</param>
public sealed record SolidBackdrop(SKColor Color) : Backdrop;

/// <summary>A vertical gradient.</summary>
/// <param name="Top">The colour at the top.</param>
/// <param name="Bottom">The colour at the bottom.</param>
public sealed record GradientBackdrop(SKColor Top, SKColor Bottom) : Backdrop;

/// <summary>An image, scaled to cover the frame.</summary>
/// <param name="Path">The image file.</param>
public sealed record ImageBackdrop(string Path) : Backdrop;

/// <summary>Everything about a scene except the speech.</summary>
public sealed record SceneSpec
{
    /// <summary>Gets the frame width (even, 16..3840).</summary>
    public int Width { get; init; } = 1280;

    /// <summary>Gets the frame height (even, 16..2160).</summary>
    public int Height { get; init; } = 720;

    /// <summary>Gets the frame rate (24, 25, 30 or 60).</summary>
    public int FrameRate { get; init; } = 25;

    /// <summary>Gets the backdrop.</summary>
    public Backdrop Backdrop { get; init; } = Backdrop.Default;

    /// <summary>Gets where the presenter stands.</summary>
    public Placement Placement { get; init; } = Placement.Full;

    /// <summary>Gets the title, or null.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the lower third's first line (a name), or null for none.</summary>
    public string? LowerThird { get; init; }

    /// <summary>Gets the lower third's second line (a role), or null.</summary>
    public string? LowerThirdSubtitle { get; init; }

    /// <summary>Gets what happens to captions.</summary>
    public CaptionMode Captions { get; init; } = CaptionMode.File;

    /// <summary>Gets the accent colour used by titles, lower thirds and the circle's ring.</summary>
    public SKColor Accent { get; init; } = new(0x3E, 0x6F, 0xE0);

    /// <summary>Gets a small label drawn in the lower right corner for the whole video (a plan's "made with Talkie" badge), or null.</summary>
    public string? Badge { get; init; }

    /// <summary>Gets a word repeated across the whole picture, half transparent (<c>TEST</c>, <c>PREVIEW</c>), or null.</summary>
    public string? Watermark { get; init; }
}
