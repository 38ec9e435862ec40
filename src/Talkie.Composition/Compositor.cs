using System.Runtime.InteropServices;
using SkiaSharp;
using Talkie.Avatars;
using Talkie.Composition.Captions;
using Talkie.Media;

namespace Talkie.Composition;

/// <summary>
/// Draws the frames of one scene: the backdrop (prepared once and copied into each frame), the
/// presenter, the title, the lower third and burned-in captions (each text block shaped once into
/// an image and reused). One compositor is used by one thread.
/// </summary>
public sealed class Compositor : IDisposable
{
    // The most of a circle bubble's height a presenter's face (brow to chin) takes.
    private const float BubbleFace = 0.52f;

    private static readonly TimeSpan Fade = TimeSpan.FromMilliseconds(300);

    private readonly SceneSpec _scene;
    private readonly IAvatarRenderer _avatar;
    private readonly IReadOnlyList<CaptionCue> _captions;
    private readonly TimeSpan _duration;
    private readonly byte[] _backdrop;
    private readonly SKImageInfo _info;
    private readonly SKRect _avatarBounds;

    // Where the presenter's face is drawn (titles and the name bar keep off it).
    private readonly SKRect _face;

    // The size that text and margins scale with: the frame's shorter side, so an upright (phone) frame gets the
    // text of a landscape frame of its width rather than letters sized to its height.
    private readonly float _unit;
    private readonly SKRect _circle;
    private readonly SKImage? _title;
    private readonly SKPoint _titleAt;
    private readonly SKImage? _lowerThird;

    // Where the name bar stands (set when it is prepared: it depends on its own size).
    private float _lowerThirdX;
    private float _lowerThirdY;
    private readonly SKImage? _badge;
    private readonly SKImage? _watermark;
    private readonly Dictionary<int, SKImage> _captionImages = [];
    private readonly SKPaint _paint = new() { IsAntialias = true };

    /// <summary>Prepares a scene.</summary>
    /// <param name="scene">The scene settings.</param>
    /// <param name="avatar">The presenter's renderer (the compositor owns it and disposes it).</param>
    /// <param name="burnedCaptions">Captions to draw into the picture (empty for none).</param>
    /// <param name="duration">The video's length.</param>
    public Compositor(SceneSpec scene, IAvatarRenderer avatar, IReadOnlyList<CaptionCue> burnedCaptions, TimeSpan duration)
    {
        _scene = scene;
        _avatar = avatar;
        _captions = burnedCaptions;
        _duration = duration;
        _info = new SKImageInfo(scene.Width, scene.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        _unit = Math.Min(scene.Width, scene.Height);
        (_avatarBounds, _circle) = Layout(scene, avatar);
        _face = avatar.FaceBounds(_avatarBounds);
        _backdrop = PaintBackdrop();
        (_title, _titleAt) = PrepareTitle();
        _lowerThird = PrepareLowerThird();
        _badge = PrepareBadge();
        _watermark = PrepareWatermark();
    }

    /// <summary>Gets the pixel layout of the frames drawn.</summary>
    public static FramePixelFormat PixelFormat => FramePixelFormat.Bgra32;

    /// <summary>Returns where a scene draws its presenter (the head-and-shoulders box given to the avatar renderer).</summary>
    public static SKRect AvatarBoundsFor(SceneSpec scene) => Layout(scene).Avatar;

    /// <summary>Returns where a scene draws this presenter (for one that brings its own surroundings: the whole frame in the full layout).</summary>
    public static SKRect AvatarBoundsFor(SceneSpec scene, IAvatarRenderer avatar)
    {
        ArgumentNullException.ThrowIfNull(avatar);
        return Layout(scene, avatar).Avatar;
    }

    // A presenter with its own surroundings (footage, cropped around the face to cover the box it is
    // given) fills the frame in the full layout; on the left or right it takes a portrait-shaped box
    // clear of the titles, and in the circle a square just larger than the circle. A photo fills an
    // upright frame in the full layout, takes the frame's height beside the titles, and keeps the drawn
    // presenters' boxes elsewhere.
    private static (SKRect Avatar, SKRect Circle) Layout(SceneSpec scene, IAvatarRenderer avatar)
    {
        var (box, circle) = Layout(scene);
        if (scene.Placement == Placement.Full && scene.Height > scene.Width && avatar.FillsUprightFrame)
        {
            return (new SKRect(0, 0, scene.Width, scene.Height), SKRect.Empty);
        }

        if (!avatar.FillsFrame && scene.Placement == Placement.Circle)
        {
            // The bubble is a close-up, but of the whole head: a photo with its own background, zoomed to cover a
            // box twice the bubble's size, would fill it with the face from brow to chin; it is drawn smaller, the
            // face about half the bubble high, so the hair and the shoulders show (the drawn presenters are drawn
            // for the bubble). Then a presenter whose face would fall outside its middle (a whole photo, its face
            // high in the picture) is moved until the face is in the middle.
            var face = avatar.FaceBounds(box);
            var shrink = BubbleFace * circle.Height / face.Height;
            if (avatar.FillsUprightFrame && shrink < 1)
            {
                box = SKRect.Create(circle.MidX - ((circle.MidX - box.Left) * shrink), circle.MidY - ((circle.MidY - box.Top) * shrink), box.Width * shrink, box.Height * shrink);
                face = avatar.FaceBounds(box);
            }

            var (dx, dy) = (circle.MidX - face.MidX, circle.MidY - face.MidY);
            return MathF.Sqrt((dx * dx) + (dy * dy)) > 0.3f * circle.Width / 2 ? (SKRect.Create(box.Left + dx, box.Top + dy, box.Width, box.Height), circle) : (box, circle);
        }

        if (!avatar.FillsFrame)
        {
            return avatar.FillsUprightFrame && scene.Placement is Placement.Left or Placement.Right && scene.Width >= scene.Height
                ? (SideStrip(scene, box, scene.Height), circle)
                : (box, circle);
        }

        return scene.Placement switch
        {
            Placement.Full => (new SKRect(0, 0, scene.Width, scene.Height), SKRect.Empty),
            Placement.Circle => (SKRect.Inflate(circle, circle.Width * 0.125f, circle.Height * 0.125f), circle),
            _ when scene.Height > scene.Width => (SKRect.Create(box.MidX - (box.Height * 0.4f), box.Top, box.Height * 0.8f, box.Height), circle),
            _ => (SideStrip(scene, box, scene.Height * 0.8f), circle),
        };
    }

    // Beside the titles, a presenter that covers its box (footage, a photo with its own background) takes the
    // frame's whole height, as wide as the drawn presenters' square (and at most `widest`), rather than a square
    // at the bottom with the scene above it (a square frame's square is only 56% of its height). It stands against
    // the frame's edge, clear of the titles' panel (at 54% of the width).
    private static SKRect SideStrip(SceneSpec scene, SKRect box, float widest)
    {
        var w = (float)scene.Width;
        var width = Math.Min(Math.Min(box.Width, widest), w * 0.52f);
        var left = scene.Placement == Placement.Left ? 0 : w - width;
        return new SKRect(left, 0, left + width, scene.Height);
    }

    /// <summary>Draws the frame at <paramref name="time"/> into <paramref name="frame"/>.</summary>
    public unsafe void Render(VideoFrame frame, TimeSpan time)
    {
        if (frame.Width != _scene.Width || frame.Height != _scene.Height || frame.PixelFormat != PixelFormat)
        {
            throw new ArgumentException("the frame does not match the scene", nameof(frame));
        }

        _backdrop.AsSpan().CopyTo(frame.Pixels);
        fixed (byte* pixels = frame.Buffer)
        {
            using var surface = SKSurface.Create(_info, (nint)pixels, frame.Stride)
                ?? throw new InvalidOperationException("Skia could not wrap the frame buffer");
            var canvas = surface.Canvas;
            DrawAvatar(canvas, time);
            DrawTitle(canvas, time);
            DrawLowerThird(canvas, time);
            DrawCaption(canvas, time);
            if (_badge is not null)
            {
                var margin = _scene.Height * 0.025f;
                Draw(canvas, _badge, _scene.Width - _badge.Width - margin, _scene.Height - _badge.Height - margin, 1);
            }

            if (_watermark is not null)
            {
                Draw(canvas, _watermark, 0, 0, 1);
            }

            canvas.Flush();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _title?.Dispose();
        _lowerThird?.Dispose();
        _badge?.Dispose();
        _watermark?.Dispose();
        foreach (var image in _captionImages.Values)
        {
            image.Dispose();
        }

        _paint.Dispose();
        _avatar.Dispose();
    }

    private static (SKRect Avatar, SKRect Circle) Layout(SceneSpec scene)
    {
        float w = scene.Width, h = scene.Height;
        var side = Math.Min(w, h);
        switch (scene.Placement)
        {
            case Placement.Left or Placement.Right when h > w:
                // An upright frame has no room beside the presenter: the title stands above, the presenter below,
                // as large as in the full layout while a quarter of the frame is left for the title.
                var stacked = Math.Min(h * 0.75f, w * 1.3f);
                return (new SKRect((w / 2) - (stacked / 2), h - stacked, (w / 2) + (stacked / 2), h), SKRect.Empty);
            case Placement.Left:
            case Placement.Right:
                // Beside the title: as tall as the frame in a wide frame; in a squarer one (where 56% of the width
                // would leave the top half empty) 80% of its height, the far shoulder running off the frame's edge.
                var size = Math.Min(h, Math.Max(w * 0.56f, Math.Min(h, w) * 0.8f));
                var cx = scene.Placement == Placement.Left ? w * 0.28f : w * 0.72f;
                return (new SKRect(cx - (size / 2), h - size, cx + (size / 2), h), SKRect.Empty);
            case Placement.Circle:
                // A bubble in the corner, the captions beside it; in an upright frame a large one in the middle,
                // under the title and over the captions (a corner bubble would leave the frame's middle empty).
                var d = h > w ? w * 0.8f : side * 0.42f;
                var margin = side * 0.05f;
                var circle = h > w
                    ? SKRect.Create((w - d) / 2, (h * 0.5f) - (d / 2), d, d)
                    : new SKRect(w - margin - d, h - margin - d, w - margin, h - margin);
                var s = d / 520f;
                var center = new SKPoint(circle.MidX, circle.MidY);
                return (new SKRect(center.X - (500 * s), center.Y - (450 * s), center.X + (500 * s), center.Y + (550 * s)), circle);
            default:
                // In an upright frame the presenter stands larger, the shoulders running off the frame's sides,
                // as phone videos frame a speaker; elsewhere the head-and-shoulders square fits the frame.
                var full = h > w ? Math.Min(h, w * 1.3f) : side;
                return (new SKRect((w / 2) - (full / 2), h - full, (w / 2) + (full / 2), h), SKRect.Empty);
        }
    }

    private byte[] PaintBackdrop()
    {
        var pixels = new byte[_info.BytesSize];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var surface = SKSurface.Create(_info, handle.AddrOfPinnedObject(), _info.RowBytes)!;
            var canvas = surface.Canvas;
            var rect = new SKRect(0, 0, _scene.Width, _scene.Height);
            switch (_scene.Backdrop)
            {
                case SolidBackdrop solid:
                    canvas.Clear(solid.Color.WithAlpha(255));
                    break;
                case ImageBackdrop image:
                    canvas.Clear(SKColors.Black);
                    DrawCover(canvas, image.Path, rect);
                    break;
                case GradientBackdrop gradient:
                    using (var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, _scene.Height), [gradient.Top.WithAlpha(255), gradient.Bottom.WithAlpha(255)], SKShaderTileMode.Clamp))
                    {
                        _paint.Shader = shader;
                        canvas.DrawRect(rect, _paint);
                        _paint.Shader = null;
                    }

                    break;
            }

            // A drawn presenter only: a photo or footage brings its own background, over which the disc
            // would show as an arc above the picture.
            if (_scene.Backdrop is not ImageBackdrop && _scene.Placement != Placement.Circle && !_avatar.FillsUprightFrame)
            {
                // A soft disc of the accent colour behind the presenter, as explainer videos do.
                var disc = _avatarBounds;
                var radius = disc.Width * 0.36f;
                _paint.Color = _scene.Accent.WithAlpha(28);
                canvas.DrawCircle(disc.MidX, disc.Top + (disc.Height * 0.42f), radius, _paint);
                _paint.Color = _scene.Accent.WithAlpha(18);
                canvas.DrawCircle(disc.MidX, disc.Top + (disc.Height * 0.42f), radius * 1.28f, _paint);
            }

            canvas.Flush();
        }
        finally
        {
            handle.Free();
        }

        return pixels;
    }

    private static void DrawCover(SKCanvas canvas, string path, SKRect target)
    {
        using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidInputException($"background image {path} cannot be decoded");
        var scale = Math.Max(target.Width / bitmap.Width, target.Height / bitmap.Height);
        var w = bitmap.Width * scale;
        var h = bitmap.Height * scale;
        var dest = new SKRect(target.MidX - (w / 2), target.MidY - (h / 2), target.MidX + (w / 2), target.MidY + (h / 2));
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, dest, new SKSamplingOptions(SKCubicResampler.Mitchell));
    }

    private void DrawAvatar(SKCanvas canvas, TimeSpan time)
    {
        if (_scene.Placement != Placement.Circle)
        {
            _avatar.Render(canvas, _avatarBounds, time);
            return;
        }

        var r = _circle.Width / 2;
        canvas.Save();
        using (var clip = new SKPath())
        {
            clip.AddCircle(_circle.MidX, _circle.MidY, r);
            canvas.ClipPath(clip, antialias: true);
        }

        _paint.Style = SKPaintStyle.Fill;
        _paint.Color = _scene.Accent.MixWith(SKColors.White, 0.82);
        canvas.DrawCircle(_circle.MidX, _circle.MidY, r, _paint);
        _avatar.Render(canvas, _avatarBounds, time);
        canvas.Restore();
        _paint.Style = SKPaintStyle.Stroke;
        _paint.StrokeWidth = Math.Max(3, r * 0.04f);
        _paint.Color = _scene.Accent;
        canvas.DrawCircle(_circle.MidX, _circle.MidY, r, _paint);
        _paint.Style = SKPaintStyle.Fill;
    }

    private (SKImage? Image, SKPoint At) PrepareTitle()
    {
        if (string.IsNullOrWhiteSpace(_scene.Title))
        {
            return (null, default);
        }

        float w = _scene.Width, h = _scene.Height;
        if (_scene.Placement == Placement.Full)
        {
            // A pill at the top that shows during the opening seconds, in up to two lines. Where the presenter's
            // head reaches up under it (a photo, footage), it moves to the wider of the corners beside the head
            // (set smaller there if it must, in up to three lines), else under the chin where there is room.
            var style = new TextStyle { Size = _unit * 0.045f, Bold = true, Color = SKColors.White, MaxLines = 2 };
            var (lines, width, height) = Pill(style, w * 0.8f);
            var at = new SKPoint((w - width) / 2, h * 0.05f);
            var head = HeadBounds();
            if (SKRect.Create(at.X, at.Y, width, height).IntersectsWith(head))
            {
                var margin = w * 0.05f;
                var (room, onLeft) = head.Left - margin > w - margin - head.Right ? (head.Left - (2 * margin), true) : (w - margin - head.Right - margin, false);
                var placed = false;
                foreach (var scale in new[] { 1f, 0.85f, 0.72f, 0.6f })
                {
                    var smaller = style with { Size = style.Size * scale, MaxLines = 8 };
                    var textWidth = room - (2 * smaller.Size * 0.8f);
                    var beside = textWidth > 0 ? TextPainter.Wrap(_scene.Title, smaller, textWidth) : [];
                    if (beside.Count is > 0 and <= 3 && beside.All(l => TextPainter.MeasureLine(l, smaller) <= textWidth))
                    {
                        style = smaller with { MaxLines = 3 };
                        (lines, width, height) = Pill(style, textWidth);
                        at = new SKPoint(onLeft ? margin : w - margin - width, h * 0.05f);
                        placed = true;
                        break;
                    }
                }

                // Under the chin, above the band the name bar and the captions take.
                var chin = _face.Bottom + (_unit * 0.03f);
                if (!placed && chin + height <= h - (_unit * 0.45f))
                {
                    at = new SKPoint((w - width) / 2, chin);
                }
            }

            var image = Picture(width, height, canvas =>
            {
                var (padX, padY) = (style.Size * 0.8f, style.Size * 0.45f);
                _paint.Color = _scene.Accent;
                var radius = Math.Min(height, TextPainter.BlockHeight(1, style) + (2 * padY)) / 2;
                canvas.DrawRoundRect(0, 0, width, height, radius, radius, _paint);
                TextPainter.DrawLines(canvas, lines, style, padX, padY);
            });
            return (image, at);

            (List<string> Lines, float Width, float Height) Pill(TextStyle s, float textWidth)
            {
                var l = TextPainter.Wrap(_scene.Title, s, textWidth);
                return (l, l.Max(x => TextPainter.MeasureLine(x, s)) + (2 * s.Size * 0.8f), TextPainter.BlockHeight(l.Count, s) + (2 * s.Size * 0.45f));
            }
        }

        // A headline in the free part of the frame, with an accent rule under it: beside the presenter, or
        // above it in an upright frame.
        var stacked = h > w;
        var panelLeft = _scene.Placement == Placement.Left && !stacked ? w * 0.54f : w * 0.06f;
        var panelWidth = stacked ? w * 0.88f : _scene.Placement == Placement.Circle ? w * 0.5f : w * 0.40f;
        var headline = new TextStyle { Size = _unit * 0.072f, Bold = true, Color = new SKColor(0x1B, 0x24, 0x33), MaxLines = 4, LineSpacing = 1.15f };
        var wrapped = TextPainter.Wrap(_scene.Title, headline, panelWidth);
        var blockHeight = TextPainter.BlockHeight(wrapped.Count, headline) + (headline.Size * 0.6f);
        var below = _scene.Placement == Placement.Circle ? _circle.Top : _avatarBounds.Top;

        // Above the presenter, a long title is set smaller until it fits the room left there.
        for (var tries = 0; stacked && blockHeight > below - (h * 0.07f) && tries < 6; tries++)
        {
            headline = headline with { Size = headline.Size * 0.88f };
            wrapped = TextPainter.Wrap(_scene.Title, headline, panelWidth);
            blockHeight = TextPainter.BlockHeight(wrapped.Count, headline) + (headline.Size * 0.6f);
        }

        var top = stacked ? Math.Max(h * 0.05f, (below - blockHeight) / 2) : _scene.Placement == Placement.Circle ? h * 0.2f : (h - blockHeight) / 2.4f;

        // Dark letters on a light scene, white ones on a dark scene (a navy colour, a dark photo). On a mid-tone
        // or uneven scene (a gradient through grey, a busy picture) neither stands out alone: the letters stand
        // on a soft plate of the other colour.
        var (mean, spread) = Lightness(SKRect.Create(panelLeft, top, panelWidth, blockHeight));
        if (mean < 0.45)
        {
            headline = headline with { Color = SKColors.White };
        }

        var plated = mean is > 0.3 and < 0.65 || spread > 0.15;
        var plate = plated ? headline.Size * 0.35f : 0;
        var picture = Picture(panelWidth + (2 * plate), blockHeight + (2 * plate), canvas =>
        {
            if (plated)
            {
                _paint.Color = headline.Color == SKColors.White ? SKColors.Black.WithAlpha(120) : SKColors.White.WithAlpha(190);
                var textWidth = Math.Max(wrapped.Max(l => TextPainter.MeasureLine(l, headline)), headline.Size * 2.2f);
                canvas.DrawRoundRect(0, 0, textWidth + (2 * plate), blockHeight + (2 * plate), plate, plate, _paint);
                canvas.Translate(plate, plate);
            }

            TextPainter.DrawLines(canvas, wrapped, headline, 0, 0);
            _paint.Color = _scene.Accent;
            canvas.DrawRoundRect(0, blockHeight - (headline.Size * 0.18f), headline.Size * 2.2f, headline.Size * 0.16f, 4, 4, _paint);
        });
        return (picture, new SKPoint(panelLeft - plate, top - plate));
    }

    // Where the presenter's head is: the face, with room above it for the hair and a little at the sides.
    private SKRect HeadBounds()
        => new(_face.Left - (_face.Width * 0.1f), _face.Top - (_face.Height * 0.35f), _face.Right + (_face.Width * 0.1f), _face.Bottom);

    // The backdrop's mean lightness (0–1, Rec. 709 weights) over an area of the frame, and its spread (standard deviation).
    private (double Mean, double Spread) Lightness(SKRect area)
    {
        var (x0, y0) = (Math.Clamp((int)area.Left, 0, _scene.Width - 1), Math.Clamp((int)area.Top, 0, _scene.Height - 1));
        var (x1, y1) = (Math.Clamp((int)area.Right, x0 + 1, _scene.Width), Math.Clamp((int)area.Bottom, y0 + 1, _scene.Height));
        double sum = 0, squares = 0;
        long count = 0;
        for (var y = y0; y < y1; y += 2)
        {
            for (var x = x0; x < x1; x += 2)
            {
                var i = (y * _info.RowBytes) + (x * 4);
                var l = ((0.0722 * _backdrop[i]) + (0.7152 * _backdrop[i + 1]) + (0.2126 * _backdrop[i + 2])) / 255;
                sum += l;
                squares += l * l;
                count++;
            }
        }

        if (count == 0)
        {
            return (1, 0);
        }

        var mean = sum / count;
        return (mean, Math.Sqrt(Math.Max(0, (squares / count) - (mean * mean))));
    }

    // A corner bubble leaves the captions the frame's width beside it; an upright frame's bubble stands above them.
    private bool CaptionsBesideCircle => _scene.Placement == Placement.Circle && _scene.Width >= _scene.Height;

    private TimeSpan LowerThirdUntil => TimeSpan.FromSeconds(Math.Min(7, _duration.TotalSeconds - 0.4));

    // The name bar stands in the band at the foot of the frame, above the captions (below the face in an
    // upright frame, whose band is as deep as a landscape frame's), and higher where a caption shown with it
    // takes three lines.
    private float LowerThirdTop(float height)
    {
        var y = _scene.Height - (_unit * (_captions.Count > 0 ? 0.34f : 0.24f));
        foreach (var cue in _captions.Where(c => c.Start < LowerThirdUntil + Fade && c.End > TimeSpan.FromMilliseconds(500)))
        {
            var (lines, style) = CaptionText(cue);
            var captionTop = _scene.Height - (_unit * 0.06f) - CaptionHeight(lines, style);
            y = Math.Min(y, captionTop - height - (_unit * 0.015f));
        }

        return y;
    }

    // The name bar stands at the left, clear of the face: where the face is there (a square frame's presenter on
    // the left, a wide name), at the right, beside it; where both would cover it, on the side covering less.
    private float LowerThirdLeft(float width, float height)
    {
        var margin = _scene.Width * 0.05f;
        float Covered(float x)
        {
            var both = SKRect.Intersect(SKRect.Create(x, _lowerThirdY, width, height), _face);
            return both.IsEmpty ? 0 : both.Width * both.Height;
        }

        var (left, right) = (margin, _scene.Width - margin - width);
        return Covered(left) <= Covered(right) ? left : right;
    }

    private SKImage? PrepareLowerThird()
    {
        if (string.IsNullOrWhiteSpace(_scene.LowerThird))
        {
            return null;
        }

        var u = _unit;
        var name = new TextStyle { Size = u * 0.04f, Bold = true, Color = new SKColor(0x1B, 0x24, 0x33), MaxLines = 1 };
        var role = new TextStyle { Size = u * 0.028f, Color = new SKColor(0x52, 0x5E, 0x70), MaxLines = 2 };

        // A long name is set a little smaller before it is cut; a long role takes a second line. A square or
        // upright frame gives the bar more of its width.
        var room = _scene.Width * (_scene.Width > _scene.Height * 1.5f ? 0.45f : 0.6f);
        for (var tries = 0; tries < 3 && TextPainter.MeasureLine(_scene.LowerThird.Trim(), name) > room; tries++)
        {
            name = name with { Size = name.Size * 0.9f };
        }

        var nameLines = TextPainter.Wrap(_scene.LowerThird, name, room);
        var roleLines = string.IsNullOrWhiteSpace(_scene.LowerThirdSubtitle) ? [] : TextPainter.Wrap(_scene.LowerThirdSubtitle, role, room);
        var pad = u * 0.022f;
        var bar = u * 0.012f;
        var width = Math.Max(TextPainter.MeasureLine(nameLines[0], name), roleLines.Count > 0 ? roleLines.Max(l => TextPainter.MeasureLine(l, role)) : 0) + (2 * pad) + bar;
        var height = TextPainter.BlockHeight(1, name) + (roleLines.Count > 0 ? TextPainter.BlockHeight(roleLines.Count, role) + (pad * 0.3f) : 0) + (2 * pad);
        _lowerThirdY = LowerThirdTop(height);
        _lowerThirdX = LowerThirdLeft(width, height);
        return Picture(width, height, canvas =>
        {
            _paint.Color = SKColors.White.WithAlpha(240);
            canvas.DrawRoundRect(0, 0, width, height, pad * 0.5f, pad * 0.5f, _paint);
            _paint.Color = _scene.Accent;
            canvas.DrawRect(0, 0, bar, height, _paint);
            TextPainter.DrawLines(canvas, nameLines, name, bar + pad, pad);
            if (roleLines.Count > 0)
            {
                TextPainter.DrawLines(canvas, roleLines, role, bar + pad, pad + TextPainter.BlockHeight(1, name) + (pad * 0.3f));
            }
        });
    }

    private SKImage? PrepareBadge()
    {
        if (string.IsNullOrWhiteSpace(_scene.Badge))
        {
            return null;
        }

        var style = new TextStyle { Size = Math.Max(12, _unit * 0.026f), Bold = true, Color = SKColors.White, MaxLines = 1 };
        var lines = TextPainter.Wrap(_scene.Badge, style, _scene.Width * 0.4f);
        var pad = style.Size * 0.5f;
        var width = TextPainter.MeasureLine(lines[0], style) + (2 * pad);
        var height = TextPainter.BlockHeight(1, style) + pad;
        return Picture(width, height, canvas =>
        {
            _paint.Color = new SKColor(0x10, 0x18, 0x28, 190);
            canvas.DrawRoundRect(0, 0, width, height, height / 2, height / 2, _paint);
            TextPainter.DrawLines(canvas, lines, style, pad, pad / 2);
        });
    }

    // The word in rows across the frame, tilted, so that no crop of the video loses it: light letters with
    // a faint dark outline, so the word shows on a white backdrop as well as on dark clothes.
    private SKImage? PrepareWatermark()
    {
        if (string.IsNullOrWhiteSpace(_scene.Watermark))
        {
            return null;
        }

        float w = _scene.Width, h = _scene.Height;
        var style = new TextStyle { Size = _unit * 0.09f, Bold = true, Color = SKColors.White.WithAlpha(80), MaxLines = 1 };
        var lines = TextPainter.Wrap(_scene.Watermark, style, w);
        var step = TextPainter.MeasureLine(lines[0], style) * 1.6f;
        using var outline = new SKPaint { IsAntialias = true, Color = SKColors.Black.WithAlpha(70), Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1, style.Size * 0.06f) };
        using var fill = new SKPaint { IsAntialias = true, Color = style.Color };
        return Picture(w, h, canvas =>
        {
            canvas.RotateDegrees(-20, w / 2, h / 2);
            var row = 0;
            for (var y = -h * 0.5f; y < h * 1.5f; y += style.Size * 3, row++)
            {
                for (var x = -w * 0.5f + (row % 2 * step / 2); x < w * 1.5f; x += step)
                {
                    TextPainter.DrawLines(canvas, lines, style, x, y, outline);
                    TextPainter.DrawLines(canvas, lines, style, x, y, fill);
                }
            }
        });
    }

    private void DrawTitle(SKCanvas canvas, TimeSpan time)
    {
        if (_title is null)
        {
            return;
        }

        var alpha = _scene.Placement == Placement.Full
            ? Window(time, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(Math.Min(4.5, _duration.TotalSeconds - 0.5)))
            : Window(time, TimeSpan.Zero, _duration + Fade);
        Draw(canvas, _title, _titleAt.X, _titleAt.Y, alpha);
    }

    private void DrawLowerThird(SKCanvas canvas, TimeSpan time)
    {
        if (_lowerThird is null)
        {
            return;
        }

        var alpha = Window(time, TimeSpan.FromMilliseconds(500), LowerThirdUntil);
        if (alpha <= 0)
        {
            return;
        }

        // Slides in from the left as it fades in, at the place worked out with the face and the captions.
        var slide = (1 - alpha) * _unit * 0.04f;
        Draw(canvas, _lowerThird, _lowerThirdX - slide, _lowerThirdY, alpha);
    }

    private void DrawCaption(SKCanvas canvas, TimeSpan time)
    {
        var index = FindCaption(time);
        if (index < 0)
        {
            return;
        }

        if (!_captionImages.TryGetValue(index, out var image))
        {
            // Captions are shown in order: images of the ones already gone are released.
            foreach (var old in _captionImages.Keys.Where(k => k < index).ToList())
            {
                _captionImages[old].Dispose();
                _captionImages.Remove(old);
            }

            image = PrepareCaption(_captions[index]);
            _captionImages[index] = image;
        }

        var areaCenter = CaptionsBesideCircle ? (_circle.Left / 2) : _scene.Width / 2f;
        var x = areaCenter - (image.Width / 2f);
        var y = _scene.Height - (_unit * 0.06f) - image.Height;
        var alpha = Math.Min(1, (time - _captions[index].Start).TotalSeconds / 0.1);
        Draw(canvas, image, x, y, (float)alpha);
    }

    private int FindCaption(TimeSpan time)
    {
        int lo = 0, hi = _captions.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var cue = _captions[mid];
            if (time < cue.Start)
            {
                hi = mid - 1;
            }
            else if (time >= cue.End)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }

    private SKImage PrepareCaption(CaptionCue cue)
    {
        var (lines, style) = CaptionText(cue);
        var pad = style.Size * 0.45f;
        var width = lines.Max(l => TextPainter.MeasureLine(l, style)) + (2 * pad);
        var height = CaptionHeight(lines, style);
        return Picture(width, height, canvas =>
        {
            _paint.Color = new SKColor(0x10, 0x14, 0x1C, 170);
            canvas.DrawRoundRect(0, 0, width, height, pad, pad, _paint);
            TextPainter.DrawLines(canvas, lines, style, width / 2, pad);
        });
    }

    // A caption's lines and lettering. A cue whose lines do not fit the width (beside the circle, a narrow
    // frame) is wrapped afresh as one text, so no word is left alone on a line; one that still wraps past
    // three lines is set smaller rather than cut.
    private (List<string> Lines, TextStyle Style) CaptionText(CaptionCue cue)
    {
        var style = new TextStyle { Size = Math.Max(14, _unit * 0.042f), Bold = true, Color = SKColors.White, Center = true, MaxLines = 3 };
        var maxWidth = (CaptionsBesideCircle ? _circle.Left : _scene.Width) * 0.86f;
        var joined = string.Join(cue.Lines.Any(l => l.Contains(' ', StringComparison.Ordinal)) ? " " : string.Empty, cue.Lines);
        List<string> Lines(TextStyle s)
        {
            var each = cue.Lines.SelectMany(l => TextPainter.Wrap(l, s, maxWidth)).ToList();
            return each.Count > cue.Lines.Count ? [.. TextPainter.Wrap(joined, s with { MaxLines = 8 }, maxWidth)] : each;
        }

        // A word wider than the frame (a long compound) is set smaller too, rather than run off the edges.
        var lines = Lines(style);
        for (var tries = 0; (lines.Count > 3 || lines.Any(l => TextPainter.MeasureLine(l, style) > maxWidth)) && tries < 6; tries++)
        {
            style = style with { Size = style.Size * 0.88f };
            lines = Lines(style);
        }

        return ([.. lines.Take(3)], style);
    }

    private static float CaptionHeight(List<string> lines, TextStyle style) => TextPainter.BlockHeight(lines.Count, style) + (style.Size * 0.9f);

    private void Draw(SKCanvas canvas, SKImage image, float x, float y, float alpha)
    {
        if (alpha <= 0)
        {
            return;
        }

        _paint.Color = SKColors.White.WithAlpha((byte)(255 * Math.Clamp(alpha, 0, 1)));
        canvas.DrawImage(image, x, y, _paint);
        _paint.Color = SKColors.White;
    }

    private static float Window(TimeSpan time, TimeSpan from, TimeSpan to)
    {
        var fadeIn = (time - from).TotalSeconds / Fade.TotalSeconds;
        var fadeOut = (to - time).TotalSeconds / Fade.TotalSeconds;
        return (float)Math.Clamp(Math.Min(fadeIn, fadeOut), 0, 1);
    }

    private static SKImage Picture(float width, float height, Action<SKCanvas> draw)
    {
        var info = new SKImageInfo((int)Math.Ceiling(width), (int)Math.Ceiling(height), SKColorType.Bgra8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not allocate a text surface");
        surface.Canvas.Clear(SKColors.Transparent);
        draw(surface.Canvas);
        return surface.Snapshot();
    }
}
