using System.Numerics;
using System.Threading.Channels;
using OpenCvSharp;
using Talkie.Media;
using Talkie.Vision.Landmarks;

namespace Talkie.Avatars.Trained;

/// <summary>
/// Cuts each footage frame's mouth region out, at one fixed size, while the footage is being tracked, and
/// encodes the crops (<c>mouths.mp4</c>): the footage is decoded once. The size comes from the first face
/// seen, with room for the face to come closer or turn; frames before it wait for it.
/// </summary>
internal sealed class MouthCropWriter
{
    // The crop is this much larger than the mouth region's box on the first face.
    private const float Margin = 1.3f;

    // Frames held before the first face is seen (their crops need its size and place).
    private const int MaxWaiting = 60;

    private readonly VideoEncoder _encoder;
    private readonly string _path;
    private readonly int _fps;
    private readonly Size _frame;
    private readonly CancellationToken _cancellationToken;
    private readonly List<VideoFrame> _waiting = [];
    private Channel<VideoFrame>? _channel;
    private Task? _encoding;
    private MouthRegion _region;
    private FacePlacement _last;

    public MouthCropWriter(VideoEncoder encoder, string path, int fps, Size frame, CancellationToken cancellationToken)
    {
        _encoder = encoder;
        _path = path;
        _fps = fps;
        _frame = frame;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Gets the crops' size (known once a face was seen).</summary>
    public Size Size { get; private set; }

    /// <summary>Gets where each frame's crop was cut (its top-left corner in the frame).</summary>
    public List<Vector2> Origins { get; } = [];

    /// <summary>Cuts the mouth of <paramref name="frame"/> (not kept) whose face is <paramref name="face"/> (null where none was found: the last face's place is used); false when too many frames came before any face.</summary>
    public async Task<bool> AddAsync(VideoFrame frame, FaceLandmarks? face)
    {
        if (face is not null)
        {
            _last = FacePlacement.Of(face);
        }

        if (_channel is null)
        {
            if (face is null)
            {
                if (_waiting.Count >= MaxWaiting)
                {
                    return false;
                }

                var copy = VideoFrame.Rent(frame.Width, frame.Height, frame.PixelFormat, frame.Index);
                frame.Pixels.CopyTo(copy.Pixels);
                _waiting.Add(copy);
                return true;
            }

            Start(face);
            foreach (var waiting in _waiting)
            {
                await CutAsync(waiting).ConfigureAwait(false);
                waiting.Dispose();
            }

            _waiting.Clear();
        }

        await CutAsync(frame).ConfigureAwait(false);
        return true;
    }

    /// <summary>Finishes the file (nothing is written when no face was ever seen).</summary>
    public async Task CompleteAsync()
    {
        if (_channel is not null)
        {
            _channel.Writer.TryComplete();
            await _encoding!.ConfigureAwait(false);
        }
    }

    /// <summary>Stops after a failure.</summary>
    public async Task AbandonAsync()
    {
        _waiting.ForEach(f => f.Dispose());
        _waiting.Clear();
        if (_channel is not null)
        {
            _channel.Writer.TryComplete();
            await _encoding!.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void Start(FaceLandmarks face)
    {
        _region = MouthRegion.Of([face]);
        var box = MouthDubber.Box(_last, _region);
        Size = new Size(
            Math.Min(_frame.Width, (int)Math.Ceiling(box.Width * Margin) + 4) & ~1,
            Math.Min(_frame.Height, (int)Math.Ceiling(box.Height * Margin) + 4) & ~1);
        _channel = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        // The crops are turned into YUV here, by the same conversion that turns them back when they are used
        // (TrainedPlayback.ToBgra), so a mouth keeps exactly the colours it had in the footage.
        var settings = new VideoEncodeSettings(_path, Size.Width, Size.Height, _fps)
        {
            InputPixelFormat = FramePixelFormat.Yuv420,
            Crf = 12,
            Preset = "superfast",
        };
        _encoding = _encoder.EncodeAsync(settings, _channel, _cancellationToken);
    }

    // One frame's crop, centred on its mouth region's box (kept inside the frame).
    private async Task CutAsync(VideoFrame frame)
    {
        var box = MouthDubber.Box(_last, _region);
        var origin = new Vector2(
            Math.Clamp(MathF.Round(box.Center.X - (Size.Width / 2f)), 0, frame.Width - Size.Width),
            Math.Clamp(MathF.Round(box.Center.Y - (Size.Height / 2f)), 0, frame.Height - Size.Height));
        var crop = VideoFrame.Rent(Size.Width, Size.Height, FramePixelFormat.Yuv420, Origins.Count);
        using (var source = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC4, frame.Buffer, frame.Stride))
        using (var target = Mat.FromPixelData(crop.Height * 3 / 2, crop.Width, MatType.CV_8UC1, crop.Buffer))
        using (var region = new Mat(source, new Rect((int)origin.X, (int)origin.Y, Size.Width, Size.Height)))
        {
            Cv2.CvtColor(region, target, ColorConversionCodes.BGRA2YUV_I420);
        }

        Origins.Add(origin);
        await _channel!.Writer.WriteAsync(crop, _cancellationToken).ConfigureAwait(false);
    }
}
