using System.Globalization;
using System.Numerics;

namespace Talkie.Vision;

/// <summary>An axis-aligned face box in image pixels.</summary>
/// <param name="X">The left edge.</param>
/// <param name="Y">The top edge.</param>
/// <param name="Width">The width.</param>
/// <param name="Height">The height.</param>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    /// <summary>Gets the right edge.</summary>
    public float Right => X + Width;

    /// <summary>Gets the bottom edge.</summary>
    public float Bottom => Y + Height;

    /// <summary>Gets the centre.</summary>
    public Vector2 Center => new(X + (Width / 2), Y + (Height / 2));

    /// <summary>Gets the area.</summary>
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Returns the box around the given points.</summary>
    public static FaceBox Around(ReadOnlySpan<Vector2> points)
    {
        float left = float.MaxValue, top = float.MaxValue, right = float.MinValue, bottom = float.MinValue;
        foreach (var p in points)
        {
            left = Math.Min(left, p.X);
            top = Math.Min(top, p.Y);
            right = Math.Max(right, p.X);
            bottom = Math.Max(bottom, p.Y);
        }

        return new FaceBox(left, top, right - left, bottom - top);
    }

    /// <summary>Parses <c>X,Y,W,H</c> (pixels).</summary>
    /// <exception cref="InvalidInputException">The text is not four numbers with a positive size.</exception>
    public static FaceBox Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[4];
        if (parts.Length != 4 || !parts.Select((p, i) => float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok)
            || values.Any(v => !float.IsFinite(v)))
        {
            throw new InvalidInputException($"the face box '{text}' is not X,Y,W,H in pixels; write it as e.g. --box 120,80,300,300");
        }

        if (values[2] < 1 || values[3] < 1)
        {
            throw new InvalidInputException($"the face box '{text}' has no area; its width and height must be at least 1 pixel");
        }

        return new FaceBox(values[0], values[1], values[2], values[3]);
    }

    /// <summary>Gets the intersection over union with another box (0 when they do not overlap).</summary>
    public float IntersectionOverUnion(FaceBox other)
    {
        var width = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        var height = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (width <= 0 || height <= 0)
        {
            return 0;
        }

        var intersection = width * height;
        return intersection / (Area + other.Area - intersection);
    }

    /// <summary>Gets the fraction of this box that lies inside an image of the given size.</summary>
    public float FractionInside(int imageWidth, int imageHeight)
    {
        var width = Math.Min(Right, imageWidth) - Math.Max(X, 0);
        var height = Math.Min(Bottom, imageHeight) - Math.Max(Y, 0);
        return width <= 0 || height <= 0 || Area <= 0 ? 0 : width * height / Area;
    }
}
