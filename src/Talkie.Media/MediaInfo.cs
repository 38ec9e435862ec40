namespace Talkie.Media;

/// <summary>What ffprobe says about a media file.</summary>
/// <param name="FormatName">The container (e.g. <c>mov,mp4,m4a,3gp,3g2,mj2</c>).</param>
/// <param name="Duration">The container duration, if known.</param>
/// <param name="Streams">The streams.</param>
public sealed record MediaInfo(string FormatName, TimeSpan? Duration, IReadOnlyList<MediaStreamInfo> Streams)
{
    /// <summary>Gets the first video stream, if any.</summary>
    public MediaStreamInfo? Video => Streams.FirstOrDefault(s => s.Kind == MediaStreamKind.Video);

    /// <summary>Gets the first audio stream, if any.</summary>
    public MediaStreamInfo? Audio => Streams.FirstOrDefault(s => s.Kind == MediaStreamKind.Audio);
}

/// <summary>The kind of a stream.</summary>
public enum MediaStreamKind
{
    /// <summary>Anything else (data, attachments).</summary>
    Other,

    /// <summary>Video.</summary>
    Video,

    /// <summary>Audio.</summary>
    Audio,

    /// <summary>Subtitles.</summary>
    Subtitle,
}

/// <summary>One stream as ffprobe reports it.</summary>
public sealed record MediaStreamInfo
{
    /// <summary>Gets the stream index.</summary>
    public int Index { get; init; }

    /// <summary>Gets the kind.</summary>
    public MediaStreamKind Kind { get; init; }

    /// <summary>Gets the codec name (e.g. <c>h264</c>, <c>aac</c>).</summary>
    public string Codec { get; init; } = string.Empty;

    /// <summary>Gets the stream start time.</summary>
    public TimeSpan? StartTime { get; init; }

    /// <summary>Gets the stream duration.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Gets the width in pixels (video).</summary>
    public int Width { get; init; }

    /// <summary>Gets the height in pixels (video).</summary>
    public int Height { get; init; }

    /// <summary>Gets the pixel format (video), e.g. <c>yuv420p</c>.</summary>
    public string? PixelFormat { get; init; }

    /// <summary>Gets the average frame rate (video).</summary>
    public double FrameRate { get; init; }

    /// <summary>Gets the stream's base frame rate (video: the rate all its timestamps fall on; above the average when frames are missing or vary).</summary>
    public double BaseFrameRate { get; init; }

    /// <summary>Gets the rotation the player applies (video, degrees counter-clockwise: 0, 90, 180 or 270).</summary>
    public int Rotation { get; init; }

    /// <summary>Gets the shape of one stored pixel, its width over its height (video: 1 for square pixels; 8:9 or 32:27 for DVD footage, 4:3 for HDV).</summary>
    public double SampleAspectRatio { get; init; } = 1;

    /// <summary>Gets the width as shown (video: in square pixels, after the rotation).</summary>
    public int DisplayWidth => Rotation is 90 or 270 ? Height : SquareWidth;

    /// <summary>Gets the height as shown (video: in square pixels, after the rotation).</summary>
    public int DisplayHeight => Rotation is 90 or 270 ? SquareWidth : Height;

    /// <summary>Gets whether the stored pixels are not square, so the pictures must be scaled to <see cref="DisplayWidth"/> × <see cref="DisplayHeight"/> to look as they are shown.</summary>
    public bool HasNonSquarePixels => SquareWidth != Width;

    // The stored width in square pixels (kept even, as encoders want): pixels wider or narrower than tall
    // are shown stretched, and a face read from them unstretched would be too wide or too narrow.
    private int SquareWidth => Math.Abs(SampleAspectRatio - 1) < 1e-3 || SampleAspectRatio <= 0 ? Width : (int)Math.Round(Width * SampleAspectRatio / 2) * 2;

    /// <summary>Gets the number of frames, when the container records it.</summary>
    public long? FrameCount { get; init; }

    /// <summary>Gets the sample rate (audio).</summary>
    public int SampleRate { get; init; }

    /// <summary>Gets the channel count (audio).</summary>
    public int Channels { get; init; }
}
