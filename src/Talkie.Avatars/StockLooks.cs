using SkiaSharp;
using Talkie.Speech;

namespace Talkie.Avatars;

/// <summary>The stock presenters shipped with Talkie: drawn by the project, modelled on nobody.</summary>
public static class StockLooks
{
    /// <summary>Gets every stock look.</summary>
    public static IReadOnlyList<StockLook> All { get; } =
    [
        new StockLook
        {
            Id = "ava",
            Name = "Ava",
            Description = "long dark hair, navy blazer over a white top",
            Gender = VoiceGender.Female,
            Skin = new SKColor(0xF1, 0xC2, 0x9C),
            SkinShadow = new SKColor(0xDC, 0xA2, 0x7C),
            Hair = new SKColor(0x3A, 0x27, 0x21),
            HairHighlight = new SKColor(0x5A, 0x3E, 0x33),
            HairStyle = HairStyle.Long,
            Iris = new SKColor(0x5B, 0x3A, 0x22),
            Lips = new SKColor(0xC8, 0x5A, 0x5E),
            Brows = new SKColor(0x3A, 0x27, 0x21),
            Outfit = Outfit.Blazer,
            Garment = new SKColor(0x2B, 0x3A, 0x5C),
            Earrings = new SKColor(0xE8, 0xC1, 0x6A),
            Lashes = true,
        },
        new StockLook
        {
            Id = "marcus",
            Name = "Marcus",
            Description = "short cropped hair, charcoal blazer over a light blue shirt",
            Gender = VoiceGender.Male,
            Skin = new SKColor(0x8E, 0x5B, 0x3D),
            SkinShadow = new SKColor(0x74, 0x46, 0x2D),
            Hair = new SKColor(0x1D, 0x18, 0x17),
            HairHighlight = new SKColor(0x33, 0x2A, 0x27),
            HairStyle = HairStyle.Crop,
            Iris = new SKColor(0x3B, 0x25, 0x18),
            Lips = new SKColor(0x7A, 0x45, 0x3A),
            Brows = new SKColor(0x1D, 0x18, 0x17),
            Outfit = Outfit.Blazer,
            Garment = new SKColor(0x3D, 0x42, 0x4E),
            Shirt = new SKColor(0xB9, 0xD4, 0xEE),
            Blush = 0.08,
        },
        new StockLook
        {
            Id = "lena",
            Name = "Lena",
            Description = "honey-blonde bob, glasses, coral sweater",
            Gender = VoiceGender.Female,
            Skin = new SKColor(0xF7, 0xD6, 0xC2),
            SkinShadow = new SKColor(0xE6, 0xB5, 0x9C),
            Hair = new SKColor(0xD2, 0x9F, 0x55),
            HairHighlight = new SKColor(0xE9, 0xC0, 0x7E),
            HairStyle = HairStyle.Bob,
            Iris = new SKColor(0x3F, 0x6E, 0x8C),
            Lips = new SKColor(0xD8, 0x6F, 0x72),
            Brows = new SKColor(0x9C, 0x6E, 0x3A),
            Outfit = Outfit.Sweater,
            Garment = new SKColor(0xE8, 0x6F, 0x5B),
            Glasses = new SKColor(0x2A, 0x2B, 0x33),
            Lashes = true,
            Blush = 0.35,
        },
        new StockLook
        {
            Id = "kenji",
            Name = "Kenji",
            Description = "black side-parted hair, forest-green sweater over a white collar",
            Gender = VoiceGender.Male,
            Skin = new SKColor(0xEB, 0xBE, 0x96),
            SkinShadow = new SKColor(0xD4, 0x9E, 0x77),
            Hair = new SKColor(0x16, 0x18, 0x1E),
            HairHighlight = new SKColor(0x2E, 0x33, 0x3D),
            HairStyle = HairStyle.SidePart,
            Iris = new SKColor(0x2E, 0x20, 0x17),
            Lips = new SKColor(0xB9, 0x6E, 0x62),
            Brows = new SKColor(0x16, 0x18, 0x1E),
            Outfit = Outfit.Sweater,
            Garment = new SKColor(0x2E, 0x5E, 0x4E),
            Blush = 0.12,
        },
        new StockLook
        {
            Id = "amara",
            Name = "Amara",
            Description = "full natural curls, mustard top, gold earrings",
            Gender = VoiceGender.Female,
            Skin = new SKColor(0x6E, 0x44, 0x2C),
            SkinShadow = new SKColor(0x58, 0x34, 0x21),
            Hair = new SKColor(0x1B, 0x13, 0x10),
            HairHighlight = new SKColor(0x35, 0x26, 0x1F),
            HairStyle = HairStyle.Curls,
            Iris = new SKColor(0x2B, 0x1B, 0x12),
            Lips = new SKColor(0x8C, 0x4A, 0x45),
            Brows = new SKColor(0x1B, 0x13, 0x10),
            Outfit = Outfit.Top,
            Garment = new SKColor(0xE2, 0xA5, 0x2B),
            Earrings = new SKColor(0xF0, 0xC8, 0x58),
            Lashes = true,
            Blush = 0.15,
        },
    ];

    /// <summary>Finds a look by id (case-insensitive).</summary>
    public static StockLook? Find(string id) => All.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.OrdinalIgnoreCase));
}
