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

    /// <summary>Gets the width as shown (video: after the rotation).</summary>
    public int DisplayWidth => Rotation is 90 or 270 ? Height : Width;

    /// <summary>Gets the height as shown (video: after the rotation).</summary>
    public int DisplayHeight => Rotation is 90 or 270 ? Width : Height;

    /// <summary>Gets the number of frames, when the container records it.</summary>
    public long? FrameCount { get; init; }

    /// <summary>Gets the sample rate (audio).</summary>
    public int SampleRate { get; init; }

    /// <summary>Gets the channel count (audio).</summary>
    public int Channels { get; init; }
}
