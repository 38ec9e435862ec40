using System.Globalization;
using SkiaSharp;

namespace Talkie.Composition;

/// <summary>Reads scene settings as users type them: sizes, frame rates, colours, backdrops.</summary>
public static class SceneOptionParser
{
    /// <summary>The frame rates offered.</summary>
    public static readonly int[] FrameRates = [24, 25, 30, 60];

    /// <summary>Parses <c>WIDTHxHEIGHT</c> (or a name: 720p, 1080p, 4k, square, vertical).</summary>
    /// <exception cref="InvalidInputException">Not a size, odd, or out of range.</exception>
    public static (int Width, int Height) ParseSize(string value)
    {
        var v = value.Trim().ToLowerInvariant();
        (int, int)? named = v switch
        {
            "480p" => (854, 480),
            "720p" or "hd" => (1280, 720),
            "1080p" or "fullhd" or "fhd" => (1920, 1080),
            "1440p" => (2560, 1440),
            "2160p" or "4k" or "uhd" => (3840, 2160),
            "square" => (1080, 1080),
            "vertical" or "portrait" => (1080, 1920),
            _ => null,
        };
        if (named is { } size)
        {
            return size;
        }

        var parts = v.Split('x');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height))
        {
            throw new InvalidInputException($"size '{value}' is not WIDTHxHEIGHT (for example 1280x720) or one of 720p, 1080p, 4k, square, vertical");
        }

        // The range first, so that the even size suggested below is always one that is accepted.
        if (width < 128 || height < 128 || width > 3840 || height > 3840 || (long)width * height > 3840L * 2160)
        {
            throw new InvalidInputException($"size {width}x{height} is out of range: each side 128..3840, at most 3840x2160 pixels in all");
        }

        if (width % 2 != 0 || height % 2 != 0)
        {
            // Rounded down when rounding up would leave the range (3839 → 3838).
            static int Even(int side) => side % 2 == 0 ? side : side == 3839 ? 3838 : side + 1;
            var (w, h) = (Even(width), Even(height));
            (w, h) = (long)w * h > 3840L * 2160 ? (width - (width % 2), height - (height % 2)) : (w, h);
            throw new InvalidInputException($"size {width}x{height} must have an even width and height (H.264 yuv420p needs them); try {w}x{h}");
        }

        return (width, height);
    }

    /// <summary>Checks a frame rate.</summary>
    /// <exception cref="InvalidInputException">Not one of 24, 25, 30, 60.</exception>
    public static int ParseFrameRate(int fps) => FrameRates.Contains(fps)
        ? fps
        : throw new InvalidInputException($"frame rate {fps} is not supported; use 24, 25, 30 or 60");

    /// <summary>
    /// Parses a backdrop: a colour (<c>#1e3a5f</c>, <c>navy</c>), a gradient (<c>#fff-#ccd</c> or
    /// <c>gradient:#fff,#ccd</c>), or the path of a PNG/JPEG/WebP image.
    /// </summary>
    /// <exception cref="InvalidInputException">Not a colour and not a readable image.</exception>
    public static Backdrop ParseBackdrop(string value)
    {
        var v = value.Trim();
        if (v.StartsWith("gradient:", StringComparison.OrdinalIgnoreCase))
        {
            var colors = v["gradient:".Length..].Split(',', StringSplitOptions.TrimEntries);
            if (colors.Length == 2 && TryParseColor(colors[0], out var top) && TryParseColor(colors[1], out var bottom))
            {
                return new GradientBackdrop(top, bottom);
            }

            throw new InvalidInputException($"background '{value}' is not gradient:COLOR,COLOR (for example gradient:#ffffff,#c8d4e3)");
        }

        if (TryParseColor(v, out var color))
        {
            return new SolidBackdrop(color);
        }

        var dash = v.IndexOf('-', 1);
        if (v.StartsWith('#') && dash > 0 && TryParseColor(v[..dash], out var from) && TryParseColor(v[(dash + 1)..], out var to))
        {
            return new GradientBackdrop(from, to);
        }

        if (File.Exists(v))
        {
            using var codec = SKCodec.Create(v);
            if (codec is null)
            {
                throw new InvalidInputException($"background image {v} is not a PNG, JPEG, WebP, GIF or BMP that can be read");
            }

            return new ImageBackdrop(Path.GetFullPath(v));
        }

        throw new InvalidInputException($"background '{value}' is neither a colour (#1e3a5f, navy), a gradient (#ffffff-#c8d4e3) nor an existing image file");
    }

    /// <summary>Parses a colour: <c>#rgb</c>, <c>#rrggbb</c>, <c>#aarrggbb</c> or a CSS colour name.</summary>
    public static bool TryParseColor(string value, out SKColor color)
    {
        var v = value.Trim();
        if (v.StartsWith('#') && SKColor.TryParse(v, out color))
        {
            return true;
        }

        var field = typeof(SKColors).GetField(v, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.IgnoreCase);
        if (field?.GetValue(null) is SKColor named && v.All(char.IsLetter))
        {
            color = named;
            return true;
        }

        color = default;
        return false;
    }

    /// <summary>Parses an accent colour.</summary>
    public static SKColor ParseAccent(string value) => TryParseColor(value, out var color)
        ? color
        : throw new InvalidInputException($"accent '{value}' is not a colour such as #3e6fe0 or teal");

    /// <summary>Parses a name bar: <c>Name</c> or <c>Name|Role</c>.</summary>
    public static (string Name, string? Role) ParseLowerThird(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = value.Split('|', 2, StringSplitOptions.TrimEntries);
        return (parts[0], parts.Length > 1 ? parts[1] : null);
    }

    /// <summary>Parses a placement name.</summary>
    public static Placement ParsePlacement(string value) => Enum.TryParse<Placement>(value.Trim(), ignoreCase: true, out var placement) && Enum.IsDefined(placement)
        ? placement
        : throw new InvalidInputException($"placement '{value}' is not one of full, left, right, circle");

    /// <summary>Parses a captions mode.</summary>
    public static CaptionMode ParseCaptions(string value) => Enum.TryParse<CaptionMode>(value.Trim(), ignoreCase: true, out var mode) && Enum.IsDefined(mode)
        ? mode
        : throw new InvalidInputException($"captions '{value}' is not one of burn, file, none");
}
