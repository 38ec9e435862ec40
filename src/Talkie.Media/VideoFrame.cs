using System.Buffers;

namespace Talkie.Media;

/// <summary>The pixel layouts Talkie moves between its renderers and ffmpeg.</summary>
public enum FramePixelFormat
{
    /// <summary>8-bit B, G, R, A (Skia's native order on little-endian Linux); ffmpeg <c>bgra</c>.</summary>
    Bgra32,

    /// <summary>8-bit R, G, B, A; ffmpeg <c>rgba</c>.</summary>
    Rgba32,

    /// <summary>8-bit R, G, B; ffmpeg <c>rgb24</c>.</summary>
    Rgb24,

    /// <summary>8-bit grey; ffmpeg <c>gray</c>.</summary>
    Gray8,

    /// <summary>
    /// Planar Y, then U and V at half the width and height (1.5 bytes a pixel; even sizes); ffmpeg
    /// <c>yuv420p</c>. Video as stored, for keeping many frames in little memory.
    /// </summary>
    Yuv420,
}

/// <summary>Helpers for <see cref="FramePixelFormat"/>.</summary>
public static class FramePixelFormats
{
    /// <summary>Gets the bytes per pixel.</summary>
    public static int BytesPerPixel(this FramePixelFormat format) => format switch
    {
        FramePixelFormat.Bgra32 or FramePixelFormat.Rgba32 => 4,
        FramePixelFormat.Rgb24 => 3,
        FramePixelFormat.Gray8 or FramePixelFormat.Yuv420 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Gets the bytes of a whole frame of this layout.</summary>
    public static int FrameBytes(this FramePixelFormat format, int width, int height)
        => format == FramePixelFormat.Yuv420 ? checked(width * height * 3 / 2) : checked(width * height * format.BytesPerPixel());

    /// <summary>Gets ffmpeg's name for the layout.</summary>
    public static string FfmpegName(this FramePixelFormat format) => format switch
    {
        FramePixelFormat.Bgra32 => "bgra",
        FramePixelFormat.Rgba32 => "rgba",
        FramePixelFormat.Rgb24 => "rgb24",
        FramePixelFormat.Gray8 => "gray",
        FramePixelFormat.Yuv420 => "yuv420p",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}

/// <summary>
/// One video frame on pooled memory (tightly packed rows). Whoever holds it last disposes it, which
/// gives the buffer back to the pool.
/// </summary>
public sealed class VideoFrame : IDisposable
{
    private byte[]? _buffer;

    private VideoFrame(byte[] buffer, int width, int height, FramePixelFormat format, long index)
    {
        _buffer = buffer;
        Width = width;
        Height = height;
        PixelFormat = format;
        Index = index;
    }

    /// <summary>Gets the width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the pixel layout.</summary>
    public FramePixelFormat PixelFormat { get; }

    /// <summary>Gets the frame's position in its stream, from 0.</summary>
    public long Index { get; }

    /// <summary>Gets the bytes per row (of the Y plane for <see cref="FramePixelFormat.Yuv420"/>).</summary>
    public int Stride => Width * PixelFormat.BytesPerPixel();

    /// <summary>Gets the number of bytes of pixel data.</summary>
    public int ByteLength => PixelFormat.FrameBytes(Width, Height);

    /// <summary>Gets the pixels.</summary>
    public Span<byte> Pixels => Buffer.AsSpan(0, ByteLength);

    /// <summary>Gets the pixels as memory (for asynchronous writes).</summary>
    public Memory<byte> Memory => Buffer.AsMemory(0, ByteLength);

    /// <summary>Gets the underlying array (longer than <see cref="ByteLength"/>), to pin for native drawing.</summary>
    public byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(VideoFrame));

    /// <summary>Rents a frame; its content is undefined until written.</summary>
    public static VideoFrame Rent(int width, int height, FramePixelFormat format, long index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var bytes = format.FrameBytes(width, height);
        return new VideoFrame(ArrayPool<byte>.Shared.Rent(bytes), width, height, format, index);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
