using System.Numerics;
using OpenCvSharp;
using SkiaSharp;
using Talkie.Media;

namespace Talkie.Avatars.Trained;

/// <summary>
/// Draws a trained avatar's performance: the frame of the shared <see cref="TrainedPlayback"/> for
/// each time, scaled to cover the bounds. The playback is started by the first frame drawn (a
/// renderer asked only for bounds reads nothing) and shared by every renderer of the performance.
/// </summary>
internal sealed class TrainedAvatarRenderer : IAvatarRenderer
{
    private static readonly Dictionary<AvatarPerformance, (TrainedPlayback Playback, int Users)> Shared = new(ReferenceEqualityComparer.Instance);
    private static readonly object SharedGate = new();
    private readonly TrainedAvatar _avatar;
    private readonly AvatarPerformance _performance;
    private readonly MediaDecoder _decoder;
    private readonly SKPaint _paint = new();
    private TrainedPlayback? _playback;
    private Mat? _scaled;

    public TrainedAvatarRenderer(TrainedAvatar avatar, AvatarPerformance performance, MediaDecoder decoder)
    {
        _avatar = avatar;
        _performance = performance;
        _decoder = decoder;
    }

    public bool FillsFrame => true;

    public void Render(SKCanvas canvas, SKRect bounds, TimeSpan time)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        _playback ??= Join();
        var (scale, offset) = _avatar.Cover(bounds);
        var index = (int)Math.Round(time.TotalSeconds * _avatar.Manifest.FrameRate);
        // Scaled by OpenCV straight into the bounds' pixels (a few times faster than Skia's sampler), then blitted.
        var size = new Size(Math.Max(1, (int)MathF.Round(bounds.Width)), Math.Max(1, (int)MathF.Round(bounds.Height)));
        if (_scaled is null || _scaled.Width != size.Width || _scaled.Height != size.Height)
        {
            _scaled?.Dispose();
            _scaled = new Mat(size, MatType.CV_8UC4);
        }

        using var toBounds = Mat.FromArray(new double[,] { { scale, 0, offset.X - bounds.Left }, { 0, scale, offset.Y - bounds.Top } });
        _playback.Use(index, frame =>
        {
            using var source = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC4, frame.Buffer, frame.Stride);
            Cv2.WarpAffine(source, _scaled, toBounds, size, InterpolationFlags.Linear, BorderTypes.Replicate);
            return true;
        });
        using var pixmap = new SKPixmap(new SKImageInfo(size.Width, size.Height, SKColorType.Bgra8888, SKAlphaType.Opaque), _scaled.Data, (int)_scaled.Step());
        using var image = SKImage.FromPixels(pixmap);
        canvas.DrawImage(image, MathF.Round(bounds.Left), MathF.Round(bounds.Top), _paint);
    }

    // In the standard place the outer eye corners are at (±50, 0): the face runs from the cheeks (±75) and the
    // forehead to the chin.
    public SKRect FaceBounds(SKRect bounds) => Around(bounds, new Vector2(-75, -65), new Vector2(75, 150));

    public SKRect MouthBounds(SKRect bounds)
    {
        var region = _avatar.Model.Region;
        return Around(bounds, region.Centre - (region.Radii * 1.1f), region.Centre + (region.Radii * 1.1f));
    }

    public void Dispose()
    {
        _paint.Dispose();
        _scaled?.Dispose();
        if (_playback is null)
        {
            return;
        }

        lock (SharedGate)
        {
            var (playback, users) = Shared[_performance];
            if (users > 1)
            {
                Shared[_performance] = (playback, users - 1);
                return;
            }

            Shared.Remove(_performance);
        }

        _playback.Dispose();
    }

    private TrainedPlayback Join()
    {
        lock (SharedGate)
        {
            if (Shared.TryGetValue(_performance, out var entry))
            {
                Shared[_performance] = (entry.Playback, entry.Users + 1);
                return entry.Playback;
            }

            var playback = new TrainedPlayback(_avatar, _performance, _decoder);
            Shared[_performance] = (playback, 1);
            return playback;
        }
    }

    // A box in standard face units (eye corners at ±50, 0) over the footage's median face, as drawn in bounds.
    private SKRect Around(SKRect bounds, Vector2 min, Vector2 max)
    {
        var (scale, offset) = _avatar.Cover(bounds);
        var placement = _avatar.Model.Frames[_avatar.Model.Frames.Count / 2].Placement;
        var corners = new[] { min, new Vector2(max.X, min.Y), max, new Vector2(min.X, max.Y) }
            .Select(c => (placement.ToImage(c) * scale) + offset).ToArray();
        return new SKRect(corners.Min(c => c.X), corners.Min(c => c.Y), corners.Max(c => c.X), corners.Max(c => c.Y));
    }
}
