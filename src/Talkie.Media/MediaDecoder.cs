using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Talkie.Media;

/// <summary>Decodes video frames and audio samples out of any file ffmpeg reads.</summary>
public sealed class MediaDecoder
{
    private readonly ToolRunner _runner;
    private readonly MediaProbe _probe;
    private readonly MediaOptions _options;

    /// <summary>Creates the decoder.</summary>
    public MediaDecoder(ToolRunner runner, MediaProbe probe, IOptions<MediaOptions> options)
    {
        _runner = runner;
        _probe = probe;
        _options = options.Value;
    }

    /// <summary>Streams the frames of the first video stream, in order, as raw pixels.</summary>
    /// <param name="path">The video.</param>
    /// <param name="format">The pixel layout wanted.</param>
    /// <param name="cancellationToken">Stops decoding.</param>
    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(
        string path,
        FramePixelFormat format,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var info = await _probe.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        var video = info.Video ?? throw new InvalidInputException($"{path} has no video stream");
        int width = video.Width, height = video.Height;
        var channel = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var command = new ToolCommand(
            "ffmpeg",
            _options.FfmpegPath,
            ["-hide_banner", "-loglevel", "error", "-nostdin", "-i", path, "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", format.FfmpegName(), "-vsync", "passthrough", "pipe:1"])
        {
            OptionName = "Talkie:Media:FfmpegPath",
            Timeout = Timeout.InfiniteTimeSpan,
            ReadStandardOutput = async (stdout, token) =>
            {
                long index = 0;
                while (true)
                {
                    var frame = VideoFrame.Rent(width, height, format, index);
                    var read = await stdout.ReadAtLeastAsync(frame.Memory, frame.ByteLength, throwOnEndOfStream: false, token).ConfigureAwait(false);
                    if (read < frame.ByteLength)
                    {
                        frame.Dispose();
                        return;
                    }

                    await channel.Writer.WriteAsync(frame, token).ConfigureAwait(false);
                    index++;
                }
            },
        };

        var decoding = Task.Run(
            async () =>
            {
                try
                {
                    await _runner.RunAsync(command, stop.Token).ConfigureAwait(false);
                    channel.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    channel.Writer.TryComplete(ex);
                }
            },
            CancellationToken.None);

        try
        {
            await foreach (var frame in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return frame;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await decoding.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            while (channel.Reader.TryRead(out var leftover))
            {
                leftover.Dispose();
            }
        }
    }

    /// <summary>Decodes the first audio stream to mono float samples at <paramref name="sampleRate"/>.</summary>
    /// <exception cref="InvalidInputException">The file has no audio or cannot be read.</exception>
    public async Task<AudioBuffer> ReadAudioAsync(string path, int sampleRate, CancellationToken cancellationToken)
    {
        var info = await _probe.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        if (info.Audio is null)
        {
            throw new InvalidInputException($"{path} has no audio stream");
        }

        var audio = new AudioBuffer(sampleRate, (int)((info.Duration?.TotalSeconds ?? 1) * sampleRate) + 1024);
        var command = new ToolCommand(
            "ffmpeg",
            _options.FfmpegPath,
            ["-hide_banner", "-loglevel", "error", "-nostdin", "-i", path, "-map", "0:a:0", "-ac", "1", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "-f", "f32le", "pipe:1"])
        {
            OptionName = "Talkie:Media:FfmpegPath",
            ReadStandardOutput = async (stdout, token) =>
            {
                var bytes = new byte[64 * 1024];
                var carry = 0;
                while (true)
                {
                    var read = await stdout.ReadAsync(bytes.AsMemory(carry), token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    var total = carry + read;
                    var whole = total / 4 * 4;
                    audio.Append(MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, whole)));
                    carry = total - whole;
                    bytes.AsSpan(whole, carry).CopyTo(bytes);
                }
            },
        };

        try
        {
            await _runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
            return audio;
        }
        catch
        {
            audio.Dispose();
            throw;
        }
    }
}
