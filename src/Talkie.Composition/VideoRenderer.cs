using System.Threading.Channels;
using Talkie.Media;

namespace Talkie.Composition;

/// <summary>Progress of a render.</summary>
/// <param name="FramesDone">Frames handed to the encoder.</param>
/// <param name="FrameCount">Frames in all.</param>
public readonly record struct RenderProgress(long FramesDone, long FrameCount);

/// <summary>
/// Streams a scene's frames to the encoder while later frames are still being drawn: one or more
/// render workers (each with its own compositor, since frames are pure functions of time) feed
/// bounded channels that the encoder drains in frame order, so memory stays flat.
/// </summary>
public sealed class VideoRenderer
{
    private readonly VideoEncoder _encoder;

    /// <summary>Creates the renderer.</summary>
    public VideoRenderer(VideoEncoder encoder) => _encoder = encoder;

    /// <summary>Renders <paramref name="frameCount"/> frames and encodes them with the audio.</summary>
    /// <param name="scene">The scene (size and frame rate).</param>
    /// <param name="createCompositor">Makes a compositor for one worker.</param>
    /// <param name="frameCount">How many frames.</param>
    /// <param name="audioPath">The narration WAV, exactly as long as the frames.</param>
    /// <param name="outputPath">Where the MP4 goes.</param>
    /// <param name="workers">How many threads draw frames.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Stops the render.</param>
    public async Task RenderAsync(
        SceneSpec scene,
        Func<Compositor> createCompositor,
        long frameCount,
        string? audioPath,
        string outputPath,
        int workers,
        IProgress<RenderProgress>? progress,
        CancellationToken cancellationToken)
    {
        workers = (int)Math.Clamp(workers, 1, Math.Max(1, frameCount));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lanes = Enumerable.Range(0, workers)
            .Select(_ => Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(3) { SingleReader = true, SingleWriter = true }))
            .ToArray();
        var ordered = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });

        var drawing = lanes.Select((lane, k) => Task.Run(() => DrawLaneAsync(createCompositor, scene, lane.Writer, k, workers, frameCount, stop.Token), CancellationToken.None)).ToArray();
        var merging = Task.Run(() => MergeAsync(lanes, ordered.Writer, frameCount, stop.Token), CancellationToken.None);

        var settings = new VideoEncodeSettings(outputPath, scene.Width, scene.Height, scene.FrameRate)
        {
            InputPixelFormat = Compositor.PixelFormat,
            AudioPath = audioPath,
            OnFrameWritten = done => progress?.Report(new RenderProgress(done, frameCount)),
        };

        try
        {
            await _encoder.EncodeAsync(settings, ordered.Reader, stop.Token).ConfigureAwait(false);
            await Task.WhenAll(drawing.Append(merging)).ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(drawing.Append(merging)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Drain(ordered.Reader);
            foreach (var lane in lanes)
            {
                Drain(lane.Reader);
            }

            // A failure while drawing explains more than the encoder's broken pipe.
            var drawError = drawing.Append(merging).Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException).FirstOrDefault(e => e is not OperationCanceledException);
            if (drawError is not null && !cancellationToken.IsCancellationRequested)
            {
                throw drawError;
            }

            throw;
        }
    }

    private static async Task DrawLaneAsync(Func<Compositor> createCompositor, SceneSpec scene, ChannelWriter<VideoFrame> lane, int first, int step, long frameCount, CancellationToken cancellationToken)
    {
        try
        {
            using var compositor = createCompositor();
            for (var index = (long)first; index < frameCount; index += step)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var frame = VideoFrame.Rent(scene.Width, scene.Height, Compositor.PixelFormat, index);
                try
                {
                    compositor.Render(frame, TimeSpan.FromSeconds((double)index / scene.FrameRate));
                    await lane.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    frame.Dispose();
                    throw;
                }
            }

            lane.TryComplete();
        }
        catch (Exception ex)
        {
            lane.TryComplete(ex);
            throw;
        }
    }

    private static async Task MergeAsync(Channel<VideoFrame>[] lanes, ChannelWriter<VideoFrame> ordered, long frameCount, CancellationToken cancellationToken)
    {
        try
        {
            for (long index = 0; index < frameCount; index++)
            {
                var frame = await lanes[index % lanes.Length].Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await ordered.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    frame.Dispose();
                    throw;
                }
            }

            ordered.TryComplete();
        }
        catch (Exception ex)
        {
            ordered.TryComplete(ex);
            throw;
        }
    }

    private static void Drain(ChannelReader<VideoFrame> reader)
    {
        while (reader.TryRead(out var frame))
        {
            frame.Dispose();
        }
    }
}
