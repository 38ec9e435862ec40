using SkiaSharp;
using Talkie.Speech;

namespace Talkie.Avatars;

/// <summary>Hair shapes the stock presenters can wear.</summary>
public enum HairStyle
{
    /// <summary>Short, close-cropped.</summary>
    Crop,

    /// <summary>Short with a side part and a swept fringe.</summary>
    SidePart,

    /// <summary>A chin-length bob with a fringe.</summary>
    Bob,

    /// <summary>Long hair past the shoulders, parted at the side.</summary>
    Long,

    /// <summary>Full natural curls.</summary>
    Curls,
}

/// <summary>What a stock presenter wears above the waist.</summary>
public enum Outfit
{
    /// <summary>A blazer over a shirt with an open collar.</summary>
    Blazer,

    /// <summary>A crew-neck sweater over a collared shirt.</summary>
    Sweater,

    /// <summary>A round-neck top.</summary>
    Top,
}

/// <summary>The look of a stock presenter: every colour and shape choice, nothing drawn from a real person.</summary>
public sealed record StockLook
{
    /// <summary>Gets the id used on the command line (<c>stock:ID</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the display name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets a one-line description.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the voice gender that suits the presenter.</summary>
    public required VoiceGender Gender { get; init; }

    /// <summary>Gets the skin colour.</summary>
    public required SKColor Skin { get; init; }

    /// <summary>Gets the skin shadow colour (neck, ears, nose).</summary>
    public required SKColor SkinShadow { get; init; }

    /// <summary>Gets the hair colour.</summary>
    public required SKColor Hair { get; init; }

    /// <summary>Gets the hair highlight colour.</summary>
    public required SKColor HairHighlight { get; init; }

    /// <summary>Gets the hair style.</summary>
    public required HairStyle HairStyle { get; init; }

    /// <summary>Gets the iris colour.</summary>
    public required SKColor Iris { get; init; }

    /// <summary>Gets the lip colour.</summary>
    public required SKColor Lips { get; init; }

    /// <summary>Gets the brow colour.</summary>
    public required SKColor Brows { get; init; }

    /// <summary>Gets the outfit.</summary>
    public required Outfit Outfit { get; init; }

    /// <summary>Gets the main garment colour (jacket, sweater or top).</summary>
    public required SKColor Garment { get; init; }

    /// <summary>Gets the shirt colour under the garment.</summary>
    public SKColor Shirt { get; init; } = new(0xF4, 0xF5, 0xF7);

    /// <summary>Gets the glasses frame colour, or null for none.</summary>
    public SKColor? Glasses { get; init; }

    /// <summary>Gets the earring colour, or null for none.</summary>
    public SKColor? Earrings { get; init; }

    /// <summary>Gets the cheek blush strength (0..1).</summary>
    public double Blush { get; init; } = 0.25;

    /// <summary>Gets whether the lashes are drawn with a flick at the outer corner.</summary>
    public bool Lashes { get; init; }
}
