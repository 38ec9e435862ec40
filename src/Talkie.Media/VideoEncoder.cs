using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Talkie.Media;

/// <summary>What to encode and how.</summary>
/// <param name="OutputPath">Where ffmpeg writes the MP4 (normally a <see cref="PendingOutput.TemporaryPath"/>).</param>
/// <param name="Width">Frame width (even).</param>
/// <param name="Height">Frame height (even).</param>
/// <param name="FrameRate">Frames per second.</param>
public sealed record VideoEncodeSettings(string OutputPath, int Width, int Height, int FrameRate)
{
    /// <summary>Gets the layout of the frames that will be written.</summary>
    public FramePixelFormat InputPixelFormat { get; init; } = FramePixelFormat.Bgra32;

    /// <summary>Gets a WAV file to use as the audio track, or null for a silent video.</summary>
    public string? AudioPath { get; init; }

    /// <summary>Gets the x264 preset, or null for <see cref="MediaOptions.X264Preset"/>.</summary>
    public string? Preset { get; init; }

    /// <summary>Gets the x264 CRF, or null for <see cref="MediaOptions.Crf"/>.</summary>
    public int? Crf { get; init; }

    /// <summary>Gets the most frames between key frames (short for footage that is read from anywhere), or null for x264's own.</summary>
    public int? KeyframeInterval { get; init; }

    /// <summary>Gets a frame rate that is not a whole number (e.g. 29.97 for 30000/1001 footage); overrides <see cref="FrameRate"/>.</summary>
    public double? ExactFrameRate { get; init; }

    /// <summary>Gets a callback after every frame handed to ffmpeg (argument: frames so far).</summary>
    public Action<long>? OnFrameWritten { get; init; }
}

/// <summary>
/// Encodes raw frames streamed over ffmpeg's stdin to H.264 (yuv420p, BT.709) + AAC in an MP4 with
/// faststart, while the frames are still being produced.
/// </summary>
public sealed class VideoEncoder
{
    private readonly ToolRunner _runner;
    private readonly MediaOptions _options;

    /// <summary>Creates the encoder.</summary>
    public VideoEncoder(ToolRunner runner, IOptions<MediaOptions> options)
    {
        _runner = runner;
        _options = options.Value;
    }

    /// <summary>Throws a clear error when ffmpeg is not installed.</summary>
    public void EnsureAvailable() => ToolLocator.Require("ffmpeg", _options.FfmpegPath, "Talkie:Media:FfmpegPath");

    /// <summary>
    /// Encodes every frame written to <paramref name="frames"/> until it completes, as the overload taking a reader does; when
    /// the encoding fails, the channel is closed with its error, so that a writer waiting for room (the channel is
    /// bounded and nothing reads it any more) fails with a <see cref="ChannelClosedException"/> whose inner exception
    /// is that error, instead of waiting for ever.
    /// </summary>
    /// <exception cref="ToolFailedException">ffmpeg failed.</exception>
    public async Task EncodeAsync(VideoEncodeSettings settings, Channel<VideoFrame> frames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        try
        {
            await EncodeAsync(settings, frames.Reader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            frames.Writer.TryComplete(ex);
            throw;
        }
    }

    /// <summary>Encodes every frame from <paramref name="frames"/> until the channel completes; disposes each frame after writing it.</summary>
    /// <exception cref="ToolFailedException">ffmpeg failed.</exception>
    public async Task EncodeAsync(VideoEncodeSettings settings, ChannelReader<VideoFrame> frames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(frames);
        var expectedBytes = settings.InputPixelFormat.FrameBytes(settings.Width, settings.Height);
        var command = new ToolCommand("ffmpeg", _options.FfmpegPath, BuildArguments(settings, _options))
        {
            OptionName = "Talkie:Media:FfmpegPath",
            Timeout = Timeout.InfiniteTimeSpan,
            Streaming = true,
            ExpectedOutputFile = settings.OutputPath,
            WriteStandardInput = async (stdin, token) =>
            {
                long written = 0;
                await foreach (var frame in frames.ReadAllAsync(token).ConfigureAwait(false))
                {
                    using (frame)
                    {
                        if (frame.ByteLength != expectedBytes || frame.PixelFormat != settings.InputPixelFormat)
                        {
                            throw new InvalidOperationException(string.Create(
                                CultureInfo.InvariantCulture,
                                $"frame {frame.Index} is {frame.Width}x{frame.Height} {frame.PixelFormat}, the encoder expects {settings.Width}x{settings.Height} {settings.InputPixelFormat}"));
                        }

                        await stdin.WriteAsync(frame.Memory, token).ConfigureAwait(false);
                    }

                    written++;
                    settings.OnFrameWritten?.Invoke(written);
                }

                await stdin.FlushAsync(token).ConfigureAwait(false);
            },
        };

        await _runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds ffmpeg's argument list for <paramref name="settings"/>.</summary>
    internal static List<string> BuildArguments(VideoEncodeSettings settings, MediaOptions options)
    {
        var fps = settings.ExactFrameRate is { } exact ? Rational(exact) : settings.FrameRate.ToString(CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo",
            "-pix_fmt", settings.InputPixelFormat.FfmpegName(),
            "-s", string.Create(CultureInfo.InvariantCulture, $"{settings.Width}x{settings.Height}"),
            "-framerate", fps,
            "-i", "pipe:0",
        };

        if (settings.AudioPath is not null)
        {
            args.AddRange(["-i", settings.AudioPath]);
        }

        args.AddRange(["-map", "0:v:0"]);
        if (settings.AudioPath is not null)
        {
            args.AddRange(["-map", "1:a:0"]);
        }

        if (settings.InputPixelFormat != FramePixelFormat.Yuv420)
        {
            // Skia draws sRGB: convert with the BT.709 matrix and tag it, so players show the colours drawn.
            args.AddRange(
            [
                "-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
                "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
            ]);
        }

        // Planar YUV 4:2:0 (a decoded video's own pixels) is already what x264 takes: it goes in untouched.
        args.AddRange(
        [
            "-c:v", "libx264",
            "-preset", settings.Preset ?? options.X264Preset,
            "-crf", (settings.Crf ?? options.Crf).ToString(CultureInfo.InvariantCulture),
            "-r", fps,
        ]);

        if (settings.KeyframeInterval is { } interval)
        {
            args.AddRange(["-g", Math.Max(1, interval).ToString(CultureInfo.InvariantCulture)]);
        }

        if (settings.AudioPath is not null)
        {
            args.AddRange(["-c:a", "aac", "-b:a", string.Create(CultureInfo.InvariantCulture, $"{options.AudioBitrateKbps}k"), "-ar", "48000"]);
        }

        args.AddRange(["-movflags", "+faststart", "-f", "mp4", settings.OutputPath]);
        return args;
    }

    // NTSC rates as the exact fractions they stand for; others as written.
    private static string Rational(double rate)
    {
        foreach (var whole in (int[])[24, 30, 60])
        {
            if (Math.Abs(rate - (whole * 1000 / 1001.0)) < 0.005)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{whole * 1000}/1001");
            }
        }

        return rate.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
