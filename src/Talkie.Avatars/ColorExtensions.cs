using SkiaSharp;

namespace Talkie.Avatars;

/// <summary>Colour arithmetic shared by the drawing code.</summary>
public static class ColorExtensions
{
    /// <summary>Returns <paramref name="color"/> moved toward <paramref name="other"/> by <paramref name="amount"/> (0..1), opaque.</summary>
    public static SKColor MixWith(this SKColor color, SKColor other, double amount) => new(
        (byte)(color.Red + ((other.Red - color.Red) * amount)),
        (byte)(color.Green + ((other.Green - color.Green) * amount)),
        (byte)(color.Blue + ((other.Blue - color.Blue) * amount)));
}
