using System.Numerics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using OpenCvSharp;
using Talkie.Media;
using Talkie.Speech.Visemes;

namespace Talkie.Avatars.Trained;

/// <summary>
/// A video re-made with new speech: its own frames, in order (or held where the picture is slowed), with
/// the mouth re-made for the new sound where it is asked for.
/// </summary>
/// <param name="InputVideo">The original video (read only).</param>
/// <param name="OutputPath">The MP4 to write.</param>
/// <param name="AudioPath">The new sound track, muxed as is.</param>
/// <param name="FrameRate">The output's frame rate (the input's; may be fractional, e.g. 29.97).</param>
public sealed record ResyncRequest(string InputVideo, string OutputPath, string AudioPath, double FrameRate)
{
    /// <summary>Gets the avatar trained on the input video itself, or null to keep every mouth as it is.</summary>
    public TrainedAvatar? Avatar { get; init; }

    /// <summary>Gets, for each output frame, the input time it shows (non-decreasing; equal times hold the picture).</summary>
    public required IReadOnlyList<double> SourceTimes { get; init; }

    /// <summary>Gets, for each output frame, the mouth shape of the new sound.</summary>
    public required IReadOnlyList<Viseme> Shapes { get; init; }

    /// <summary>Gets, for each output frame, the new sound's loudness (log energy).</summary>
    public required IReadOnlyList<float> Loudness { get; init; }

    /// <summary>
    /// Gets, for each output frame, whether its mouth is re-made (otherwise the frame is shown as it is). All or
    /// nothing: a re-made mouth faded over the frame's own showed both, a second lip and teeth through it.
    /// </summary>
    public required IReadOnlyList<bool> Remade { get; init; }

    /// <summary>Gets the x264 constant rate factor (low: the untouched picture stays close to the input).</summary>
    public int Crf { get; init; } = 17;
}

/// <summary>
/// Re-syncs a video's mouth to new speech (dubbing): each frame of the original is decoded in order and,
/// where the new speech needs it, the mouth of the frame chosen for the new sound (from the same
/// person's footage, <see cref="TrainedAvatar"/>) is moved into place, colour-matched and blended in; the
/// rest of the picture is the original's, resampled not at all.
/// </summary>
public sealed class FootageResync
{
    /// <summary>How much more the re-made mouth follows the new sound's loudness than the person's own habit (see <see cref="TrainedPlayback.ChooseMouths"/>).</summary>
    public const float LoudnessEmphasis = 6f;

    private readonly MediaDecoder _decoder;
    private readonly VideoEncoder _encoder;
    private readonly MediaProbe _probe;

    /// <summary>Creates the re-sync.</summary>
    public FootageResync(MediaDecoder decoder, VideoEncoder encoder, MediaProbe probe)
    {
        _decoder = decoder;
        _encoder = encoder;
        _probe = probe;
    }

    /// <summary>Chooses the footage frame whose mouth is shown on each output frame (-1 where the frame keeps its own).</summary>
    public static int[] Plan(ResyncRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var n = request.SourceTimes.Count;
        if (request.Avatar is not { } avatar)
        {
            return Enumerable.Repeat(-1, n).ToArray();
        }

        var model = avatar.Model;
        var poses = request.SourceTimes.Select(t => model.Frames[FootageFrameAt(avatar, t)]).Select(f => new Vector2(f.Yaw, f.Pitch)).ToArray();
        var chosen = TrainedPlayback.ChooseMouths(model, request.Shapes, request.Loudness, poses, LoudnessEmphasis, TrainedPlayback.MouthsInView(avatar));
        // A frame where the face is hidden (a hand over it) keeps what it shows: there is no mouth to re-make.
        return [.. chosen.Select((c, k) => request.Remade[k] && !model.Frames[FootageFrameAt(avatar, request.SourceTimes[k])].Hidden ? c : -1)];
    }

    /// <summary>Writes the re-synced video.</summary>
    /// <exception cref="InvalidInputException">The input cannot be decoded.</exception>
    public async Task RenderAsync(ResyncRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var n = request.SourceTimes.Count;
        if (request.Shapes.Count != n || request.Loudness.Count != n || request.Remade.Count != n)
        {
            throw new ArgumentException("every output frame needs a source time, a mouth shape, a loudness and whether it is re-made", nameof(request));
        }

        var mouths = Plan(request);
        var avatar = request.Avatar;
        var stored = new Dictionary<int, byte[]>();
        Vector2[][] lips = [];
        if (avatar is not null)
        {
            await TrainedPlayback.ReadMouthsAsync(_decoder, avatar, [.. mouths.Where(m => m >= 0)], stored, cancellationToken).ConfigureAwait(false);
            lips = TrainedPlayback.Lips(AvatarTrainer.ReadFaces(Path.Combine(avatar.Folder, AvatarStore.FacesFile)), avatar.Model.Frames);
        }

        // The frames are read and written as planar YUV 4:2:0, the video's own pixels: a frame whose mouth is
        // kept goes through untouched, and only the mouth's box is turned into colour and back where it is re-made.
        var info = await _probe.ProbeAsync(request.InputVideo, cancellationToken).ConfigureAwait(false);
        var video = info.Video ?? throw new InvalidInputException($"{request.InputVideo} has no pictures");
        var (width, height) = (video.DisplayWidth & ~1, video.DisplayHeight & ~1);
        var rate = request.FrameRate;
        var channel = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(6) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = new FrameReading { FrameRate = rate, Size = (width, height) == (video.DisplayWidth, video.DisplayHeight) && !video.HasNonSquarePixels ? null : (width, height), KnownSize = (width, height) };
        var frames = _decoder.ReadFramesAsync(request.InputVideo, FramePixelFormat.Yuv420, reading, stop.Token).GetAsyncEnumerator(stop.Token);
        var settings = new VideoEncodeSettings(request.OutputPath, width, height, (int)Math.Round(rate))
        {
            ExactFrameRate = rate,
            InputPixelFormat = FramePixelFormat.Yuv420,
            AudioPath = request.AudioPath,
            Crf = request.Crf,

            // One frame in and out per frame of the input: a fast preset keeps dubbing near real time (the file is larger, not worse).
            Preset = "superfast",
        };
        var encoding = _encoder.EncodeAsync(settings, channel, stop.Token);
        VideoFrame? current = null;
        var currentIndex = -1;

        try
        {
            using var mouth = avatar is null ? null : VideoFrame.Rent(avatar.Manifest.MouthWidth, avatar.Manifest.MouthHeight, FramePixelFormat.Bgra32);
            for (var k = 0; k < n; k++)
            {
                // The input frame shown: read forward to it (held frames repeat the last one; past the input's end the last frame stays).
                var wanted = (int)Math.Round(request.SourceTimes[k] * rate);
                while (currentIndex < wanted && await frames.MoveNextAsync().ConfigureAwait(false))
                {
                    current?.Dispose();
                    current = frames.Current;
                    currentIndex++;
                }

                if (current is null)
                {
                    throw new InvalidInputException($"{request.InputVideo} has no pictures that can be decoded; convert it to H.264 first, e.g. ffmpeg -i IN -c:v libx264 -c:a aac OUT.mp4");
                }

                var output = VideoFrame.Rent(width, height, FramePixelFormat.Yuv420, k);
                current.Pixels.CopyTo(output.Pixels);
                if (avatar is not null && mouths[k] >= 0)
                {
                    Repaint(output, avatar, FootageFrameAt(avatar, request.SourceTimes[k]), mouths[k], stored[mouths[k]], mouth!, lips);
                }

                await channel.Writer.WriteAsync(output, stop.Token).ConfigureAwait(false);
                progress?.Report((double)(k + 1) / n);
            }

            channel.Writer.TryComplete();
            await encoding.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            channel.Writer.TryComplete();
            await stop.CancelAsync().ConfigureAwait(false);
            await encoding.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            // The encoder failed (its channel closed with the error): that error, not the closed channel, is the news.
            if (ex is ChannelClosedException { InnerException: { } failure })
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            throw;
        }
        finally
        {
            current?.Dispose();
            await frames.DisposeAsync().ConfigureAwait(false);
        }
    }

    // The footage frame of the trained package at an input time.
    private static int FootageFrameAt(TrainedAvatar avatar, double time)
        => Math.Clamp((int)Math.Round(time * avatar.Manifest.FrameRate), 0, avatar.Model.Frames.Count - 1);

    // Re-makes the mouth of a YUV 4:2:0 frame: its box (even-aligned) is unpacked to BGRA, painted, and packed back.
    private static void Repaint(VideoFrame output, TrainedAvatar avatar, int baseFrame, int source, byte[] storedMouth, VideoFrame mouth, Vector2[][] lips)
    {
        var frames = avatar.Model.Frames;

        // The package may be stored smaller than the input: its placements are scaled to the input's pixels.
        var scale = (float)output.Width / avatar.Manifest.Width;
        var placement = frames[baseFrame].Placement;
        placement = new FacePlacement(placement.Centre * scale, placement.Angle, placement.Scale / scale);
        var box = MouthDubber.Box(placement, avatar.Model.Region);
        var x0 = Math.Clamp((int)MathF.Floor(box.X), 0, output.Width) & ~1;
        var y0 = Math.Clamp((int)MathF.Floor(box.Y), 0, output.Height) & ~1;
        var x1 = Math.Min(output.Width, ((int)MathF.Ceiling(box.Right) + 1) & ~1);
        var y1 = Math.Min(output.Height, ((int)MathF.Ceiling(box.Bottom) + 1) & ~1);
        var (w, h) = (x1 - x0, y1 - y0);
        if (w < 4 || h < 4)
        {
            return;
        }

        var origin = frames[source].Crop;
        var sourcePlacement = frames[source].Placement with { Centre = frames[source].Placement.Centre - origin };
        TrainedPlayback.ToBgra(storedMouth, mouth);
        var packed = new byte[w * h * 3 / 2];
        Planes(output, x0, y0, w, h, packed, unpack: true);
        using var patch = VideoFrame.Rent(w, h, FramePixelFormat.Bgra32);
        using var yuv = Mat.FromPixelData(h * 3 / 2, w, MatType.CV_8UC1, packed);
        using var colour = Mat.FromPixelData(h, w, MatType.CV_8UC4, patch.Buffer, patch.Stride);
        Cv2.CvtColor(yuv, colour, ColorConversionCodes.YUV2BGRA_I420);
        var local = placement with { Centre = placement.Centre - new Vector2(x0, y0) };
        MouthDubber.Paint(patch, local, mouth, sourcePlacement, avatar.Model.Region, [lips[baseFrame], lips[source]], cutShort: !TrainedPlayback.MouthInView(avatar, source));

        Cv2.CvtColor(colour, yuv, ColorConversionCodes.BGRA2YUV_I420);
        Planes(output, x0, y0, w, h, packed, unpack: false);
    }

    // Copies a rectangle (even position and size) of a YUV 4:2:0 frame to a packed I420 image of its own size, or back.
    private static void Planes(VideoFrame frame, int x0, int y0, int w, int h, byte[] packed, bool unpack)
    {
        var (width, height) = (frame.Width, frame.Height);
        var pixels = frame.Pixels;
        var chroma = (width / 2) * (height / 2);
        for (var r = 0; r < h; r++)
        {
            Copy(pixels.Slice(((y0 + r) * width) + x0, w), packed.AsSpan(r * w, w), unpack);
        }

        for (var r = 0; r < h / 2; r++)
        {
            var row = ((y0 / 2) + r) * (width / 2);
            Copy(pixels.Slice((width * height) + row + (x0 / 2), w / 2), packed.AsSpan((w * h) + (r * (w / 2)), w / 2), unpack);
            Copy(pixels.Slice((width * height) + chroma + row + (x0 / 2), w / 2), packed.AsSpan((w * h) + ((w / 2) * (h / 2)) + (r * (w / 2)), w / 2), unpack);
        }

        static void Copy(Span<byte> inFrame, Span<byte> inPacked, bool unpack)
        {
            if (unpack)
            {
                inFrame.CopyTo(inPacked);
            }
            else
            {
                inPacked.CopyTo(inFrame);
            }
        }
    }
}
