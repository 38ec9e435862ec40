using System.Numerics;
using OpenCvSharp;
using SkiaSharp;
using Talkie.Media;
using Talkie.Vision;

namespace Talkie.Avatars.Photo;

/// <summary>
/// Draws one performance of a photo avatar. The photo is framed once into the presenter's place (a
/// still picture at the output's size); each frame then re-warps only the region inside the rig's
/// outer ring, paints the inside of the mouth, and draws that patch over the still picture, so what
/// lies outside the ring never changes from frame to frame.
/// </summary>
public sealed class PhotoAvatarRenderer : IAvatarRenderer
{
    private readonly PhotoAvatar _avatar;
    private readonly VideoFrame _photo;
    private readonly IReadOnlyList<(int A, int B, int C)> _triangles;
    private readonly TalkingStyle _style;
    private Prepared? _prepared;

    /// <summary>Creates a renderer for one performance.</summary>
    public PhotoAvatarRenderer(PhotoAvatar avatar, VideoFrame photo, IReadOnlyList<(int A, int B, int C)> triangles, AvatarPerformance performance)
    {
        ArgumentNullException.ThrowIfNull(performance);
        _avatar = avatar;
        _photo = photo;
        _triangles = triangles;
        _style = new TalkingStyle(performance, performance.Visemes.Duration);
    }

    /// <summary>Gets the planned style (blink times), for tests and diagnostics.</summary>
    public TalkingStyle Style => _style;

    /// <inheritdoc />
    /// <remarks>A head-and-shoulders photo with its own background covers an upright frame; a cut-out (with
    /// transparent parts) stands at the bottom as the drawn presenters do, and the whole photo keeps its shape.</remarks>
    public bool FillsUprightFrame => _avatar.Framing == PhotoFraming.Head && !_avatar.Analysis.HasAlpha;

    /// <inheritdoc />
    public void Render(SKCanvas canvas, SKRect bounds, TimeSpan time)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        var prepared = Prepare(bounds, canvas.DeviceClipBounds);
        var motion = _style.At(time);
        var move = prepared.Rig.Pose(motion, prepared.Target);
        prepared.Warp.Apply(prepared.Still, prepared.Patch, prepared.Rig.Source, prepared.Target, prepared.Rig.Triangles);
        prepared.Interior.Paint(prepared.Patch, prepared.Warp.Region, prepared.Still, prepared.Rig.Source, prepared.Target, move, prepared.Rig, motion.Mouth);
        canvas.DrawImage(prepared.StillImage, prepared.Origin.X, prepared.Origin.Y, prepared.Paint);
        canvas.DrawBitmap(prepared.PatchBitmap, prepared.Origin.X + prepared.Warp.Region.X, prepared.Origin.Y + prepared.Warp.Region.Y, prepared.PatchPaint);
    }

    /// <summary>Draws the photo as framed, unmoved (a poster frame, and the reference the animation is measured against).</summary>
    public void RenderStill(SKCanvas canvas, SKRect bounds)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        var prepared = Prepare(bounds, canvas.DeviceClipBounds);
        canvas.DrawImage(prepared.StillImage, prepared.Origin.X, prepared.Origin.Y);
    }

    /// <summary>Returns where the face mesh's 468 points are drawn at <paramref name="time"/> (canvas pixels).</summary>
    public Vector2[] Landmarks(SKRect bounds, TimeSpan time)
    {
        var prepared = Prepare(bounds);
        var target = new Vector2[prepared.Rig.Count];
        prepared.Rig.Pose(_style.At(time), target);
        return [.. target.Take(468).Select(p => p + new Vector2(prepared.Origin.X, prepared.Origin.Y))];
    }

    /// <summary>Returns where the face mesh's 468 points are in the unmoved photo as framed (canvas pixels).</summary>
    public Vector2[] StillLandmarks(SKRect bounds)
    {
        var prepared = Prepare(bounds);
        return [.. prepared.Rig.Source[..468].ToArray().Select(p => p + new Vector2(prepared.Origin.X, prepared.Origin.Y))];
    }

    /// <summary>Returns the outline of the region that moves (canvas pixels): outside it, every frame shows the still photo.</summary>
    public Vector2[] MovingOutline(SKRect bounds)
    {
        var prepared = Prepare(bounds);
        return [.. prepared.Rig.OuterRing.Select(p => p + new Vector2(prepared.Origin.X, prepared.Origin.Y))];
    }

    /// <inheritdoc />
    public SKRect FaceBounds(SKRect bounds)
    {
        var prepared = Prepare(bounds);
        var oval = Vision.Landmarks.LandmarkLayout.Mesh468.FaceOval.Select(i => prepared.Rig.Source[i]).ToArray();
        return Offset(FaceBox.Around(oval), prepared.Origin);
    }

    /// <inheritdoc />
    public SKRect MouthBounds(SKRect bounds)
    {
        // The lips at their widest and lowest, plus the head's motion.
        var prepared = Prepare(bounds);
        var rig = prepared.Rig;
        var lips = Vision.Landmarks.LandmarkLayout.Mesh468.OuterLips.Select(i => rig.Source[i]).ToArray();
        var box = FaceBox.Around(lips);
        var margin = 0.1f * rig.InterOcular;
        var drop = FaceRig.MaxOpening * rig.InterOcular;
        return Offset(new FaceBox(box.X - margin - (0.1f * box.Width), box.Y - margin, box.Width * 1.2f + (2 * margin), box.Height + drop + (2 * margin)), prepared.Origin);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _prepared?.Dispose();
        _prepared = null;
    }

    private static SKRect Offset(FaceBox box, SKPointI origin)
        => new(origin.X + box.X, origin.Y + box.Y, origin.X + box.Right, origin.Y + box.Bottom);

    // `frame`: what the canvas shows, where it is known (drawing); the photo's sides fade into the scene only
    // where the scene shows beside them. The measuring methods leave it out: fading moves no point.
    private Prepared Prepare(SKRect bounds, SKRect? frame = null)
    {
        var origin = new SKPointI((int)MathF.Round(bounds.Left), (int)MathF.Round(bounds.Top));
        var size = new SKSizeI(Math.Max(2, (int)MathF.Round(bounds.Width)), Math.Max(2, (int)MathF.Round(bounds.Height)));
        var head = _avatar.Framing == PhotoFraming.Head;
        var sides = frame is { } shown && head
            ? (Left: bounds.Left > shown.Left + 0.5f, Right: bounds.Right < shown.Right - 0.5f, Top: bounds.Top > shown.Top + 0.5f)
            : (Left: head, Right: head, Top: false);
        if (_prepared is { } ready && ready.Origin == origin && ready.Size == size && (frame is null || ready.Faded == sides))
        {
            return ready;
        }

        _prepared?.Dispose();
        _prepared = new Prepared(_avatar, _photo, _triangles, origin, size, sides);
        return _prepared;
    }

    /// <summary>Everything that depends on where the presenter is drawn.</summary>
    private sealed class Prepared : IDisposable
    {
        public Prepared(PhotoAvatar avatar, VideoFrame photo, IReadOnlyList<(int A, int B, int C)> triangles, SKPointI origin, SKSizeI size, (bool Left, bool Right, bool Top) faded)
        {
            Origin = origin;
            Size = size;
            Faded = faded;
            var analysis = avatar.Analysis;
            var points = analysis.PointVectors();
            var (scale, offset) = Frame(avatar.Framing, analysis, points, size);

            // The still picture: the photo scaled into place (area-averaged when shrinking), BGRA premultiplied.
            Still = new Mat(size.Height, size.Width, MatType.CV_8UC4, Scalar.All(0));
            using (var rgba = Mat.FromPixelData(photo.Height, photo.Width, MatType.CV_8UC4, photo.Buffer, photo.Stride))
            using (var bgra = new Mat())
            {
                Cv2.CvtColor(rgba, bgra, ColorConversionCodes.RGBA2BGRA);
                if (analysis.HasAlpha)
                {
                    Cv2.CvtColor(bgra, bgra, ColorConversionCodes.RGBA2mRGBA);
                }

                // Shrinking averages whole pixels first (no aliasing); growing uses bicubic sampling.
                using var shrunk = new Mat();
                var input = bgra;
                var (fx, fy) = ((double)scale, (double)scale);
                if (scale < 1)
                {
                    Cv2.Resize(bgra, shrunk, new Size(Math.Max(1, (int)MathF.Round(photo.Width * scale)), Math.Max(1, (int)MathF.Round(photo.Height * scale))), 0, 0, InterpolationFlags.Area);
                    (fx, fy) = (scale * (double)photo.Width / shrunk.Width, scale * (double)photo.Height / shrunk.Height);
                    input = shrunk;
                }

                using var transform = Mat.FromArray(new double[,] { { fx, 0, offset.X }, { 0, fy, offset.Y } });
                Cv2.WarpAffine(input, Still, transform, new Size(size.Width, size.Height), scale < 1 ? InterpolationFlags.Linear : InterpolationFlags.Cubic, BorderTypes.Constant, Scalar.All(0));
            }

            // Head and shoulders: the photo's sides (and its top, below a title) fade into the scene instead of
            // ending in a hard edge.
            Feather(Still, Math.Max(2, (int)(0.06f * size.Width)), faded);

            StillImage = SKImage.FromPixelCopy(new SKImageInfo(size.Width, size.Height, SKColorType.Bgra8888, SKAlphaType.Premul), Still.Data, (int)Still.Step());
            var placed = points.Select(p => (p * scale) + offset).ToArray();
            Rig = new FaceRig(placed, triangles);
            Target = new Vector2[Rig.Count];
            Interior = new MouthInterior(analysis, Rig.InterOcular);

            // Only the inside of the outer ring changes.
            var ring = FaceBox.Around([.. Rig.OuterRing]);
            var left = Math.Clamp((int)MathF.Floor(ring.X), 0, size.Width - 1);
            var top = Math.Clamp((int)MathF.Floor(ring.Y), 0, size.Height - 1);
            var right = Math.Clamp((int)MathF.Ceiling(ring.Right), left + 1, size.Width);
            var bottom = Math.Clamp((int)MathF.Ceiling(ring.Bottom), top + 1, size.Height);
            Warp = new TriangleWarp(new Rect(left, top, right - left, bottom - top));
            Patch = new Mat(bottom - top, right - left, MatType.CV_8UC4);
            Paint = new SKPaint { BlendMode = Opaque(Still) ? SKBlendMode.Src : SKBlendMode.SrcOver };
            using (var under = new Mat(Still, Warp.Region))
            {
                PatchPaint = new SKPaint { BlendMode = Opaque(under) ? SKBlendMode.Src : SKBlendMode.SrcOver };
            }

            PatchBitmap = new SKBitmap();
            PatchBitmap.InstallPixels(new SKImageInfo(Patch.Width, Patch.Height, SKColorType.Bgra8888, SKAlphaType.Premul), Patch.Data, (int)Patch.Step());
        }

        public SKPointI Origin { get; }

        public SKSizeI Size { get; }

        public (bool Left, bool Right, bool Top) Faded { get; }

        public Mat Still { get; }

        public SKImage StillImage { get; }

        public FaceRig Rig { get; }

        public Vector2[] Target { get; }

        public MouthInterior Interior { get; }

        public TriangleWarp Warp { get; }

        public Mat Patch { get; }

        public SKBitmap PatchBitmap { get; }

        // An opaque picture is copied over what lies below (faster than blending); one with
        // transparent parts (a cut-out, letterboxing, faded sides) is blended.
        public SKPaint Paint { get; }

        public SKPaint PatchPaint { get; }

        public void Dispose()
        {
            PatchBitmap.Dispose();
            Paint.Dispose();
            PatchPaint.Dispose();
            Patch.Dispose();
            Warp.Dispose();
            StillImage.Dispose();
            Still.Dispose();
        }

        // Fades the picture (premultiplied) to transparent over `width` columns (or rows) at the edges asked for.
        private static void Feather(Mat picture, int width, (bool Left, bool Right, bool Top) sides)
        {
            var pixels = picture.GetUnsafeGenericIndexer<Vec4b>();
            var (columns, rows) = (picture.Width, picture.Height);
            for (var y = 0; sides.Top && y < Math.Min(width, rows); y++)
            {
                var t = (y + 0.5f) / width;
                var keep = t * t * (3 - (2 * t));
                for (var x = 0; x < columns; x++)
                {
                    var p = pixels[y, x];
                    pixels[y, x] = new Vec4b((byte)(p.Item0 * keep), (byte)(p.Item1 * keep), (byte)(p.Item2 * keep), (byte)(p.Item3 * keep));
                }
            }

            for (var x = 0; x < width; x++)
            {
                var t = (x + 0.5f) / width;
                var keep = t * t * (3 - (2 * t));
                foreach (var column in new[] { sides.Left ? x : -1, sides.Right ? columns - 1 - x : -1 }.Where(c => c >= 0))
                {
                    for (var y = 0; y < rows; y++)
                    {
                        var p = pixels[y, column];
                        pixels[y, column] = new Vec4b((byte)(p.Item0 * keep), (byte)(p.Item1 * keep), (byte)(p.Item2 * keep), (byte)(p.Item3 * keep));
                    }
                }
            }
        }

        private static bool Opaque(Mat picture)
        {
            using var alpha = picture.ExtractChannel(3);
            Cv2.MinMaxLoc(alpha, out double lowest, out _);
            return lowest >= 255;
        }

        // Where the photo goes: a scale and an offset from the photo's pixels to the presenter's place.
        private static (float Scale, Vector2 Offset) Frame(PhotoFraming framing, PhotoAnalysis analysis, Vector2[] points, SKSizeI size)
        {
            float w = size.Width, h = size.Height;
            if (framing == PhotoFraming.Photo)
            {
                var fit = Math.Min(w / analysis.Width, h / analysis.Height);
                return (fit, new Vector2((w - (analysis.Width * fit)) / 2, h - (analysis.Height * fit)));
            }

            // Head and shoulders: the face a third of the width, the eyes 40% down, as the stock presenters
            // stand; zoomed in further where the photo would not reach the edges.
            var oval = FaceBox.Around([.. Vision.Landmarks.LandmarkLayout.Mesh468.FaceOval.Select(i => points[i])]);
            var eyes = (points[33] + points[263]) / 2;
            var scale = Math.Max(0.34f * w / oval.Width, Math.Max(w / analysis.Width, h / analysis.Height));
            var x = (w / 2) - (scale * oval.Center.X);
            var y = (0.40f * h) - (scale * eyes.Y);
            x = Math.Clamp(x, w - (analysis.Width * scale), 0);
            y = Math.Clamp(y, h - (analysis.Height * scale), 0);
            return (scale, new Vector2(x, y));
        }
    }
}
