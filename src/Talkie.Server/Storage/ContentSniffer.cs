namespace Talkie.Server.Storage;

/// <summary>What kind of media a file is.</summary>
public enum MediaKind
{
    /// <summary>Not a format Talkie takes.</summary>
    Unknown,

    /// <summary>A still picture.</summary>
    Image,

    /// <summary>A container that may hold video (and sound).</summary>
    Video,

    /// <summary>Sound only.</summary>
    Audio,
}

/// <summary>
/// Tells a file's format from its first bytes, never from its name or the client's content type.
/// A few fixed signatures, so written here rather than pulling in a MIME library; ffprobe checks
/// the streams afterwards.
/// </summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadLength = 16;

    /// <summary>Returns the MIME type and kind of a file from its first bytes.</summary>
    public static (string ContentType, MediaKind Kind) Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ("image/jpeg", MediaKind.Image);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ("image/png", MediaKind.Image);
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8))
        {
            var form = head.Slice(8, 4);
            if (form.SequenceEqual("WEBP"u8))
            {
                return ("image/webp", MediaKind.Image);
            }

            if (form.SequenceEqual("WAVE"u8))
            {
                return ("audio/wav", MediaKind.Audio);
            }

            if (form.SequenceEqual("AVI "u8))
            {
                return ("video/x-msvideo", MediaKind.Video);
            }
        }

        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            var brand = head.Slice(8, 4);
            if (brand.SequenceEqual("M4A "u8) || brand.SequenceEqual("M4B "u8))
            {
                return ("audio/mp4", MediaKind.Audio);
            }

            return brand.SequenceEqual("qt  "u8) ? ("video/quicktime", MediaKind.Video) : ("video/mp4", MediaKind.Video);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return ("video/webm", MediaKind.Video);
        }

        if (head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))
        {
            return ("audio/mpeg", MediaKind.Audio);
        }

        if (head.StartsWith("fLaC"u8))
        {
            return ("audio/flac", MediaKind.Audio);
        }

        return head.StartsWith("OggS"u8) ? ("audio/ogg", MediaKind.Audio) : ("application/octet-stream", MediaKind.Unknown);
    }
}
