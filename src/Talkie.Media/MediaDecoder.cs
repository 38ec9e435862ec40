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

    /// <summary>Streams the frames of the first video stream, in order, as raw pixels (turned upright when the file says it was filmed rotated).</summary>
    /// <param name="path">The video.</param>
    /// <param name="format">The pixel layout wanted.</param>
    /// <param name="cancellationToken">Stops decoding.</param>
    public IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, FramePixelFormat format, CancellationToken cancellationToken)
        => ReadFramesAsync(path, format, new FrameReading(), cancellationToken);

    /// <summary>Streams the frames of the first video stream from a start time, optionally at a constant frame rate and a smaller size.</summary>
    /// <param name="path">The video.</param>
    /// <param name="format">The pixel layout wanted.</param>
    /// <param name="reading">Where to start, the frame rate and the size.</param>
    /// <param name="cancellationToken">Stops decoding.</param>
    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(
        string path,
        FramePixelFormat format,
        FrameReading reading,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        int width, height;
        var scale = reading.Size is not null;
        if (reading.KnownSize is { } known && reading.Size is null)
        {
            (width, height) = known;
        }
        else
        {
            var info = await _probe.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
            var video = info.Video ?? throw new InvalidInputException($"{path} has no video stream");
            (width, height) = reading.Size ?? (video.DisplayWidth, video.DisplayHeight);

            // ffmpeg turns the pictures upright itself, but leaves pixels that are not square as stored.
            scale |= video.HasNonSquarePixels;
        }

        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin" };
        if (reading.Start > TimeSpan.Zero)
        {
            // Before the input, ffmpeg seeks to the key frame before and decodes up to the exact time.
            arguments.AddRange(["-ss", reading.Start.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["-i", path, "-map", "0:v:0"]);
        if (scale)
        {
            arguments.AddRange(["-vf", string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}:flags=area")]);
        }

        if (reading.FrameRate is { } rate)
        {
            arguments.AddRange(["-r", rate.ToString("0.######", CultureInfo.InvariantCulture), "-vsync", "cfr"]);
        }
        else
        {
            arguments.AddRange(["-vsync", "passthrough"]);
        }

        arguments.AddRange(["-f", "rawvideo", "-pix_fmt", format.FfmpegName(), "pipe:1"]);
        var command = new ToolCommand("ffmpeg", _options.FfmpegPath, arguments)
        {
            OptionName = "Talkie:Media:FfmpegPath",
            Timeout = Timeout.InfiniteTimeSpan,
            Streaming = true,
        };

        var frames = PumpAsync<VideoFrame>(
            command,
            async (stdout, writer, token) =>
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

                    await writer.WriteAsync(frame, token).ConfigureAwait(false);
                    index++;
                }
            },
            failure => failure,
            frame => frame.Dispose(),
            capacity: 4,
            cancellationToken);
        await foreach (var frame in frames.ConfigureAwait(false))
        {
            yield return frame;
        }
    }

    /// <summary>Decodes the first audio stream to mono float samples at <paramref name="sampleRate"/>, all in memory.</summary>
    /// <exception cref="InvalidInputException">The file is missing or empty, has no audio, or cannot be read.</exception>
    public async Task<AudioBuffer> ReadAudioAsync(string path, int sampleRate, CancellationToken cancellationToken)
    {
        // A first guess at the length (the buffer grows as needed): the file's size, at most a minute.
        var file = new FileInfo(path);
        var audio = new AudioBuffer(sampleRate, (int)Math.Clamp(file.Exists ? file.Length : 0, sampleRate, sampleRate * 60L));
        try
        {
            await foreach (var block in StreamAudioAsync(path, sampleRate, sampleRate / 2, cancellationToken).ConfigureAwait(false))
            {
                audio.Append(block);
            }

            return audio;
        }
        catch
        {
            audio.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes the first audio stream at <paramref name="sampleRate"/> into <paramref name="channels"/> channels
    /// (ffmpeg's own up- or down-mix where the stream has another count), one buffer per channel, all in memory.
    /// </summary>
    /// <exception cref="InvalidInputException">The file is missing or empty, has no audio, or cannot be read.</exception>
    public async Task<AudioBuffer[]> ReadAudioChannelsAsync(string path, int sampleRate, int channels, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        var file = new FileInfo(path);
        var capacity = (int)Math.Clamp(file.Exists ? file.Length : 0, sampleRate, sampleRate * 60L);
        var buffers = Enumerable.Range(0, channels).Select(_ => new AudioBuffer(sampleRate, capacity)).ToArray();
        try
        {
            var split = new float[sampleRate / 2];
            await foreach (var block in StreamAudioAsync(path, sampleRate, sampleRate / 2 * channels, channels, cancellationToken).ConfigureAwait(false))
            {
                // Interleaved frames, one sample per channel.
                var frames = block.Length / channels;
                for (var c = 0; c < channels; c++)
                {
                    for (var i = 0; i < frames; i++)
                    {
                        split[i] = block[(i * channels) + c];
                    }

                    buffers[c].Append(split.AsSpan(0, frames));
                }
            }

            return buffers;
        }
        catch
        {
            Array.ForEach(buffers, b => b.Dispose());
            throw;
        }
    }

    /// <summary>
    /// Streams the first audio stream as mono float blocks of <paramref name="blockSamples"/> samples
    /// (the last one shorter), decoding only as fast as the caller consumes: memory stays bounded
    /// whatever the file's length. No ffprobe runs first: ffmpeg's own complaints become the errors.
    /// </summary>
    /// <exception cref="InvalidInputException">The file is missing or empty, has no audio, or cannot be read.</exception>
    public IAsyncEnumerable<float[]> StreamAudioAsync(string path, int sampleRate, int blockSamples, CancellationToken cancellationToken)
        => StreamAudioAsync(path, sampleRate, blockSamples, 1, cancellationToken);

    private IAsyncEnumerable<float[]> StreamAudioAsync(string path, int sampleRate, int blockSamples, int channels, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw MissingInput.For(path, "file");
        }

        if (file.Length == 0)
        {
            throw new InvalidInputException($"file is empty (0 bytes): {path}");
        }

        return StreamAudioCoreAsync(path, sampleRate, blockSamples, channels, cancellationToken);
    }

    private IAsyncEnumerable<float[]> StreamAudioCoreAsync(string path, int sampleRate, int blockSamples, int channels, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSamples, 1);

        // The sound is read on the file's own clock, as the pictures are (their reader repeats frames to keep
        // a constant rate from the file's start): a sound that starts after the pictures (a clip cut with
        // `-c copy` starts its video at a key frame) is led by silence, a gap in it is filled, and samples
        // before the start (an encoder's priming) are dropped. Without this, speech read from a video would
        // be timed early by however late its sound starts, and a mouth matched to it would miss.
        var command = new ToolCommand(
            "ffmpeg",
            _options.FfmpegPath,
            ["-hide_banner", "-loglevel", "error", "-nostdin", "-i", path, "-map", "0:a:0", "-af", "aresample=async=1:first_pts=0", "-ac", channels.ToString(CultureInfo.InvariantCulture), "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "-f", "f32le", "pipe:1"])
        {
            OptionName = "Talkie:Media:FfmpegPath",
            Timeout = Timeout.InfiniteTimeSpan,
        };

        return PumpAsync<float[]>(
            command,
            async (stdout, writer, token) =>
            {
                var bytes = new byte[blockSamples * sizeof(float)];
                while (true)
                {
                    var read = await stdout.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, token).ConfigureAwait(false);
                    var samples = read / sizeof(float);
                    if (samples > 0)
                    {
                        await writer.WriteAsync(MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, samples * sizeof(float))).ToArray(), token).ConfigureAwait(false);
                    }

                    if (read < bytes.Length)
                    {
                        return;
                    }
                }
            },
            failure =>
            {
                var reason = failure.StandardErrorTail.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "unreadable";
                return failure.StandardErrorTail.Contains("matches no streams", StringComparison.Ordinal)
                    ? new InvalidInputException($"{path} has no audio stream; give a recording or a video with sound", failure)
                    : new InvalidInputException($"not a media file ffmpeg can read: {path} ({reason})", failure);
            },
            discard: null,
            capacity: 8,
            cancellationToken);
    }

    /// <summary>
    /// Runs ffmpeg with a stdout reader that fills a small bounded channel, and yields what arrives
    /// while ffmpeg keeps decoding; when the consumer stops early, ffmpeg is stopped and what is left
    /// in the channel is discarded.
    /// </summary>
    private async IAsyncEnumerable<T> PumpAsync<T>(
        ToolCommand command,
        Func<Stream, ChannelWriter<T>, CancellationToken, Task> read,
        Func<ToolFailedException, Exception> failure,
        Action<T>? discard,
        int capacity,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = command with { ReadStandardOutput = (stdout, token) => read(stdout, channel.Writer, token) };
        var decoding = Task.Run(
            async () =>
            {
                try
                {
                    await _runner.RunAsync(running, stop.Token).ConfigureAwait(false);
                    channel.Writer.TryComplete();
                }
                catch (ToolFailedException ex)
                {
                    channel.Writer.TryComplete(failure(ex));
                }
                catch (Exception ex)
                {
                    channel.Writer.TryComplete(ex);
                }
            },
            CancellationToken.None);

        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await decoding.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            while (channel.Reader.TryRead(out var leftover))
            {
                discard?.Invoke(leftover);
            }
        }
    }
}

/// <summary>How to read a video's frames.</summary>
public sealed record FrameReading
{
    /// <summary>Gets where to start.</summary>
    public TimeSpan Start { get; init; }

    /// <summary>Gets a constant frame rate to deliver (frames repeated or dropped as the timestamps need), or null for the frames as stored.</summary>
    public double? FrameRate { get; init; }

    /// <summary>Gets the size to scale the (upright) frames to, or null for their own.</summary>
    public (int Width, int Height)? Size { get; init; }

    /// <summary>Gets the frames' own size when the caller knows it (a file it wrote): no probe runs first, which saves a process per read.</summary>
    public (int Width, int Height)? KnownSize { get; init; }
}
