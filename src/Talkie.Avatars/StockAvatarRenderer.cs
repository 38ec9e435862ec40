using SkiaSharp;

namespace Talkie.Avatars;

/// <summary>
/// Draws a stock presenter with SkiaSharp in a flat-illustration style: vector shapes in a
/// 1000 × 1000 design space, scaled to any size (resolution-independent, anti-aliased). Static
/// shapes are built once; the face, mouth, eyes and head pose are drawn from the
/// <see cref="Motion"/> of each frame.
/// </summary>
public sealed class StockAvatarRenderer : IAvatarRenderer
{
    private const float MouthX = 500, MouthY = 522;
    private const float EyeY = 410, EyeDx = 54;
    private static readonly SKPoint HeadPivot = new(500, 640);
    private static readonly float[] Sides = [-1f, 1f];

    private readonly StockLook _look;
    private readonly TalkingStyle _style;
    private readonly SKPath _torso;
    private readonly SKPath _neck;
    private readonly SKPath _neckShadow;
    private readonly SKPath? _hairBack;
    private readonly SKPath? _hairFront;
    private readonly SKPath _ears;
    private readonly SKPath _faceShade;
    private readonly List<(SKPath Path, SKPaint Paint)> _outfit = [];
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round };
    private readonly SKPath _scratch = new();
    private readonly SKPath _scratch2 = new();

    /// <summary>Creates a renderer for one performance of <paramref name="look"/>.</summary>
    public StockAvatarRenderer(StockLook look, AvatarPerformance performance)
    {
        _look = look;
        _style = new TalkingStyle(performance, performance.Visemes.Duration);
        _torso = Path("M110 1000 C118 850 172 756 292 724 C368 704 428 684 452 646 L548 646 C572 684 632 704 708 724 C828 756 882 850 890 1000 Z");
        _neck = Path("M450 470 L550 470 L554 670 L446 670 Z");
        _neckShadow = Path("M450 520 L550 520 L550 560 Q500 660 450 560 Z");
        _ears = Mirrored(Path("M622 398 C652 386 664 420 657 448 C652 474 636 484 617 478 Z"));
        _faceShade = Path("M612 300 C630 360 626 440 598 508 C576 552 542 580 500 584 C540 566 572 530 588 486 C604 440 610 370 612 300 Z");
        (_hairBack, _hairFront) = BuildHair(look.HairStyle);
        BuildOutfit();
    }

    /// <summary>Gets the planned style (blink times), for tests and diagnostics.</summary>
    public TalkingStyle Style => _style;

    /// <inheritdoc />
    public SKRect FaceBounds(SKRect bounds)
    {
        var (scale, x0) = Fit(bounds);
        return new SKRect(x0 + (330 * scale), bounds.Top + (170 * scale), x0 + (670 * scale), bounds.Top + (720 * scale));
    }

    /// <inheritdoc />
    public SKRect MouthBounds(SKRect bounds)
    {
        var (scale, x0) = Fit(bounds);
        // The mouth's widest and lowest pose plus head motion, and nothing beyond the neck (where long hair shows).
        return new SKRect(x0 + (452 * scale), bounds.Top + (476 * scale), x0 + (548 * scale), bounds.Top + (566 * scale));
    }

    /// <inheritdoc />
    public void Render(SKCanvas canvas, SKRect bounds, TimeSpan time)
    {
        var motion = _style.At(time);
        var (scale, x0) = Fit(bounds);
        canvas.Save();
        canvas.Translate(x0, bounds.Top);
        canvas.Scale(scale);

        var breath = (float)motion.Breath;
        var jaw = (float)(motion.Mouth.Open * 14);

        // Head group: everything that turns with the head.
        canvas.Save();
        ApplyHeadTransform(canvas, motion);
        if (_hairBack is not null)
        {
            Fill(canvas, _hairBack, _look.Hair);
        }

        canvas.Restore();

        // Body (breathing) and neck.
        canvas.Save();
        canvas.Translate(0, -breath * 0.4f);
        Fill(canvas, _neck, _look.Skin);
        Fill(canvas, _neckShadow, _look.SkinShadow);
        canvas.Translate(0, -breath * 0.6f);
        Fill(canvas, _torso, _look.Garment);
        foreach (var (path, paint) in _outfit)
        {
            canvas.DrawPath(path, paint);
        }

        if (_look.HairStyle == HairStyle.Long)
        {
            DrawLongHairFront(canvas, motion);
        }

        canvas.Restore();

        canvas.Save();
        ApplyHeadTransform(canvas, motion);
        canvas.Save();
        canvas.Translate((float)(-motion.Turn * 0.5), 0);
        if (_look.HairStyle is not (HairStyle.Long or HairStyle.Bob))
        {
            Fill(canvas, _ears, _look.SkinShadow);
        }

        DrawEarrings(canvas);
        canvas.Restore();

        DrawHead(canvas, jaw);
        Fill(canvas, _faceShade, _look.SkinShadow.WithAlpha(70));

        canvas.Save();
        canvas.Translate((float)(motion.Turn * 1.4), (float)(motion.Nod * 0.55));
        DrawCheeks(canvas);
        DrawNose(canvas);
        DrawEyes(canvas, motion);
        DrawBrows(canvas, motion);
        DrawMouth(canvas, motion.Mouth);
        DrawGlasses(canvas);
        canvas.Restore();

        if (_hairFront is not null)
        {
            canvas.Save();
            canvas.Translate((float)(motion.Turn * 0.6), (float)(motion.Nod * 0.2));
            Fill(canvas, _hairFront, _look.Hair);
            DrawHairHighlight(canvas);
            canvas.Restore();
        }

        canvas.Restore();
        canvas.Restore();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _torso.Dispose();
        _neck.Dispose();
        _neckShadow.Dispose();
        _hairBack?.Dispose();
        _hairFront?.Dispose();
        _ears.Dispose();
        _faceShade.Dispose();
        foreach (var (path, paint) in _outfit)
        {
            path.Dispose();
            paint.Dispose();
        }

        _fill.Dispose();
        _stroke.Dispose();
        _scratch.Dispose();
        _scratch2.Dispose();
    }

    private static (float Scale, float X0) Fit(SKRect bounds)
    {
        var scale = Math.Min(bounds.Height, bounds.Width) / 1000f;
        return (scale, bounds.MidX - (500 * scale));
    }

    private static void ApplyHeadTransform(SKCanvas canvas, Motion motion)
    {
        canvas.Translate((float)(motion.HeadX + (motion.Turn * 0.4)), (float)(motion.HeadY + (motion.Nod * 0.25)));
        canvas.RotateDegrees((float)motion.HeadRollDegrees, HeadPivot.X, HeadPivot.Y);
    }

    private void DrawHead(SKCanvas canvas, float jaw)
    {
        var p = _scratch;
        p.Reset();
        p.MoveTo(500, 226);
        p.CubicTo(574, 226, 628, 280, 628, 362);
        p.CubicTo(628, 424, 616, 474, 597, 510 + (jaw * 0.4f));
        p.CubicTo(574, 552 + jaw, 540, 582 + jaw, 500, 584 + jaw);
        p.CubicTo(460, 582 + jaw, 426, 552 + jaw, 403, 510 + (jaw * 0.4f));
        p.CubicTo(384, 474, 372, 424, 372, 362);
        p.CubicTo(372, 280, 426, 226, 500, 226);
        p.Close();
        Fill(canvas, p, _look.Skin);
    }

    private void DrawCheeks(SKCanvas canvas)
    {
        if (_look.Blush <= 0)
        {
            return;
        }

        _fill.Color = new SKColor(0xE8, 0x6A, 0x6A, (byte)(255 * _look.Blush * 0.45));
        canvas.DrawOval(414, 474, 26, 13, _fill);
        canvas.DrawOval(586, 474, 26, 13, _fill);
    }

    private void DrawNose(SKCanvas canvas)
    {
        var p = _scratch;
        p.Reset();
        p.MoveTo(489, 463);
        p.CubicTo(494, 473, 506, 473, 512, 464);
        Stroke(canvas, p, _look.SkinShadow, 4.5f);
        p.Reset();
        p.MoveTo(510, 418);
        p.CubicTo(518, 438, 520, 452, 514, 462);
        Stroke(canvas, p, _look.SkinShadow.WithAlpha(120), 3.5f);
    }

    private void DrawEyes(SKCanvas canvas, Motion motion)
    {
        foreach (var side in Sides)
        {
            var cx = 500 + (side * EyeDx);
            DrawEye(canvas, cx, EyeY, side, motion);
        }
    }

    private void DrawEye(SKCanvas canvas, float cx, float cy, float side, Motion motion)
    {
        // Upper lid curve P0→P3 (inner to outer corner) and lower curve back; outer corner slightly raised.
        SKPoint p0 = new(cx - (25 * side), cy + 1), p1 = new(cx - (15 * side), cy - 15), p2 = new(cx + (13 * side), cy - 16), p3 = new(cx + (25 * side), cy - 3);
        SKPoint q1 = new(cx + (16 * side), cy + 11), q2 = new(cx - (14 * side), cy + 13);

        var sclera = _scratch;
        sclera.Reset();
        sclera.MoveTo(p0);
        sclera.CubicTo(p1, p2, p3);
        sclera.CubicTo(q1, q2, p0);
        sclera.Close();
        Fill(canvas, sclera, new SKColor(0xFB, 0xFA, 0xF8));

        canvas.Save();
        canvas.ClipPath(sclera, antialias: true);
        var ix = cx + (float)motion.GazeX + (float)(motion.Turn * 0.3);
        var iy = cy + 1 + (float)motion.GazeY;
        _fill.Color = _look.Iris;
        canvas.DrawCircle(ix, iy, 11.5f, _fill);
        _fill.Color = new SKColor(0x16, 0x12, 0x12);
        canvas.DrawCircle(ix, iy, 5.4f, _fill);
        _fill.Color = SKColors.White;
        canvas.DrawCircle(ix - 3.5f, iy - 4.5f, 3.2f, _fill);
        canvas.DrawCircle(ix + 4f, iy + 3.5f, 1.4f, _fill);

        // Eyelid: skin over the eye down to a curve between the upper lid and the lower lid.
        var blink = (float)motion.Blink;
        var e1 = Lerp(p1, q2, blink);
        var e2 = Lerp(p2, q1, blink);
        if (blink > 0.01f)
        {
            var lid = _scratch2;
            lid.Reset();
            lid.MoveTo(p0.X, p0.Y - 20);
            lid.LineTo(p3.X, p3.Y - 20);
            lid.LineTo(p3);
            lid.CubicTo(e2, e1, p0);
            lid.Close();
            Fill(canvas, lid, _look.Skin);
        }

        canvas.Restore();

        var lash = _scratch2;
        lash.Reset();
        lash.MoveTo(p0);
        lash.CubicTo(e1, e2, p3);
        var lashColor = _look.Hair.MixWith(new SKColor(0x10, 0x10, 0x12), 0.6);
        Stroke(canvas, lash, lashColor, 4.2f);
        if (_look.Lashes)
        {
            lash.Reset();
            lash.MoveTo(p3);
            lash.LineTo(p3.X + (7 * side), p3.Y - 6 + (blink * 6));
            Stroke(canvas, lash, lashColor, 3.4f);
        }

        // Crease above the lid.
        lash.Reset();
        lash.MoveTo(cx - (19 * side), cy - 17);
        lash.CubicTo(cx - (8 * side), cy - 26, cx + (12 * side), cy - 26, cx + (23 * side), cy - 14);
        Stroke(canvas, lash, _look.SkinShadow.WithAlpha(150), 2.2f);
    }

    private void DrawBrows(SKCanvas canvas, Motion motion)
    {
        var raise = (float)(motion.BrowRaise * 8);
        var width = _look.Gender == Speech.VoiceGender.Male ? 8.5f : 6.5f;
        foreach (var side in Sides)
        {
            var cx = 500 + (side * EyeDx);
            var p = _scratch;
            p.Reset();
            p.MoveTo(cx - (24 * side), EyeY - 34 - (raise * 1.1f));
            p.CubicTo(cx - (10 * side), EyeY - 45 - raise, cx + (12 * side), EyeY - 47 - raise, cx + (29 * side), EyeY - 37 - (raise * 0.7f));
            Stroke(canvas, p, _look.Brows, width);
        }
    }

    private void DrawMouth(SKCanvas canvas, MouthPose pose)
    {
        canvas.Save();
        canvas.Translate(MouthX, MouthY);
        var w = (float)(36 * pose.Width);
        var gap = (float)(pose.Open * 40);
        var round = (float)pose.Round;
        var smile = (float)(pose.Smile * 7);
        var press = (float)pose.Press;
        var tuck = (float)pose.LipTuck;
        var innerHalf = w * (0.86f - (0.3f * round));
        var topInner = -gap * 0.32f;
        var bottomInner = (gap * 0.68f * (1 - tuck)) + (tuck * -1.5f);
        var corner = -smile + (gap * 0.12f);
        var upperThick = 7 + (4 * round) - (3 * press);
        var lowerThick = 9 + (5 * round) - (3 * press) - (tuck * 3);
        var outerTop = topInner - upperThick;
        var outerBottom = bottomInner + lowerThick;
        var bulge = round * 0.25f;

        var lips = _scratch;
        lips.Reset();
        lips.MoveTo(-w, corner);
        lips.CubicTo(-w * (0.78f - bulge), outerTop + 3, -w * 0.45f, outerTop - 2, -w * 0.18f, outerTop - 1);
        lips.QuadTo(0, outerTop + 2.5f, w * 0.18f, outerTop - 1);
        lips.CubicTo(w * 0.45f, outerTop - 2, w * (0.78f - bulge), outerTop + 3, w, corner);
        lips.CubicTo(w * (0.72f - bulge), outerBottom + 1, w * 0.3f, outerBottom + 1, 0, outerBottom + 1);
        lips.CubicTo(-w * 0.3f, outerBottom + 1, -w * (0.72f - bulge), outerBottom + 1, -w, corner);
        lips.Close();
        Fill(canvas, lips, _look.Lips);

        var dark = _look.Lips.MixWith(new SKColor(0x2A, 0x0E, 0x10), 0.7);
        if (gap > 1.5f)
        {
            var inner = _scratch2;
            inner.Reset();
            var ic = corner + 0.5f;
            inner.MoveTo(-innerHalf, ic);
            inner.CubicTo(-innerHalf * (0.7f - bulge), topInner - 1, -innerHalf * 0.3f, topInner, 0, topInner);
            inner.CubicTo(innerHalf * 0.3f, topInner, innerHalf * (0.7f - bulge), topInner - 1, innerHalf, ic);
            inner.CubicTo(innerHalf * (0.7f - bulge), bottomInner + 1, innerHalf * 0.35f, bottomInner, 0, bottomInner);
            inner.CubicTo(-innerHalf * 0.35f, bottomInner, -innerHalf * (0.7f - bulge), bottomInner + 1, -innerHalf, ic);
            inner.Close();
            Fill(canvas, inner, new SKColor(0x3A, 0x12, 0x16));

            canvas.Save();
            canvas.ClipPath(inner, antialias: true);
            var teeth = new SKColor(0xF8, 0xF5, 0xEE);
            if (pose.Tongue > 0.02)
            {
                _fill.Color = new SKColor(0xC4, 0x55, 0x5C);
                canvas.DrawOval(0, bottomInner - (gap * 0.05f), innerHalf * 0.62f, gap * 0.42f * (float)pose.Tongue, _fill);
            }

            if (pose.TongueUp > 0.02)
            {
                _fill.Color = new SKColor(0xD0, 0x60, 0x66);
                canvas.DrawOval(0, topInner + (gap * 0.42f), innerHalf * 0.36f, gap * 0.3f * (float)pose.TongueUp, _fill);
            }

            if (pose.UpperTeeth > 0.02)
            {
                var h = Math.Min(9f, (gap * 0.5f) + 3) * (float)pose.UpperTeeth;
                _fill.Color = teeth;
                canvas.DrawRoundRect(-innerHalf * 0.82f, topInner - 4, innerHalf * 1.64f, h + 4, 3, 3, _fill);
            }

            if (pose.LowerTeeth > 0.02)
            {
                var h = Math.Min(7f, (gap * 0.4f) + 2) * (float)pose.LowerTeeth;
                _fill.Color = teeth.WithAlpha(235);
                canvas.DrawRoundRect(-innerHalf * 0.7f, bottomInner - h, innerHalf * 1.4f, h + 4, 3, 3, _fill);
            }

            canvas.Restore();
        }
        else
        {
            // Closed: the seam between the lips, curving up at the corners with the smile.
            var seam = _scratch2;
            seam.Reset();
            seam.MoveTo(-w * 0.96f, corner);
            seam.CubicTo(-w * 0.45f, 2.5f - (press * 0.5f), w * 0.45f, 2.5f - (press * 0.5f), w * 0.96f, corner);
            Stroke(canvas, seam, dark, 2.8f + (press * 0.6f));
        }

        if (tuck > 0.3f)
        {
            // F and V: upper teeth resting on the lower lip.
            _fill.Color = new SKColor(0xF8, 0xF5, 0xEE).WithAlpha((byte)(255 * Math.Min(1, (tuck - 0.3f) * 2)));
            canvas.DrawRoundRect(-w * 0.5f, topInner - 1, w, 6.5f, 2.5f, 2.5f, _fill);
        }

        // A soft highlight on the lower lip.
        _fill.Color = SKColors.White.WithAlpha(40);
        canvas.DrawOval(0, (bottomInner + outerBottom) / 2f + 1, w * 0.28f, Math.Max(1.5f, lowerThick * 0.22f), _fill);
        canvas.Restore();
    }

    private void DrawGlasses(SKCanvas canvas)
    {
        if (_look.Glasses is not { } frame)
        {
            return;
        }

        _fill.Color = SKColors.White.WithAlpha(26);
        foreach (var side in Sides)
        {
            var cx = 500 + (side * EyeDx);
            var rect = new SKRect(cx - 42, EyeY - 28, cx + 42, EyeY + 30);
            canvas.DrawRoundRect(rect, 20, 20, _fill);
            _stroke.Color = frame;
            _stroke.StrokeWidth = 5.5f;
            canvas.DrawRoundRect(rect, 20, 20, _stroke);
        }

        var p = _scratch;
        p.Reset();
        p.MoveTo(488, EyeY - 4);
        p.CubicTo(494, EyeY - 12, 506, EyeY - 12, 512, EyeY - 4);
        p.MoveTo(412, EyeY - 12);
        p.LineTo(376, EyeY - 18);
        p.MoveTo(588, EyeY - 12);
        p.LineTo(624, EyeY - 18);
        Stroke(canvas, p, frame, 5.5f);
    }

    private void DrawEarrings(SKCanvas canvas)
    {
        if (_look.Earrings is not { } gold)
        {
            return;
        }

        _stroke.Color = gold;
        _stroke.StrokeWidth = 4;
        canvas.DrawCircle(636, 490, 9, _stroke);
        canvas.DrawCircle(364, 490, 9, _stroke);
    }

    private void DrawHairHighlight(SKCanvas canvas)
    {
        var p = _scratch;
        p.Reset();
        switch (_look.HairStyle)
        {
            case HairStyle.Crop:
                p.MoveTo(440, 228);
                p.CubicTo(470, 218, 520, 216, 556, 226);
                break;
            case HairStyle.SidePart:
                p.MoveTo(470, 222);
                p.CubicTo(520, 214, 580, 226, 606, 258);
                break;
            case HairStyle.Bob:
            case HairStyle.Long:
                p.MoveTo(540, 222);
                p.CubicTo(584, 232, 612, 262, 620, 300);
                break;
            case HairStyle.Curls:
                p.MoveTo(420, 190);
                p.CubicTo(450, 170, 500, 164, 540, 172);
                break;
        }

        Stroke(canvas, p, _look.HairHighlight, 7);
    }

    private void DrawLongHairFront(SKCanvas canvas, Motion motion)
    {
        // Long hair falls over the shoulders in front of the clothes; it follows the head a little.
        canvas.Save();
        canvas.Translate((float)(motion.HeadX * 0.6), 0);
        var p = _scratch;
        p.Reset();
        p.MoveTo(626, 470);
        p.CubicTo(650, 540, 664, 620, 684, 700);
        p.CubicTo(694, 740, 690, 772, 668, 790);
        p.CubicTo(652, 756, 630, 700, 612, 640);
        p.CubicTo(602, 600, 598, 560, 600, 520);
        p.Close();
        p.MoveTo(374, 470);
        p.CubicTo(350, 540, 336, 620, 316, 700);
        p.CubicTo(306, 740, 310, 772, 332, 790);
        p.CubicTo(348, 756, 370, 700, 388, 640);
        p.CubicTo(398, 600, 402, 560, 400, 520);
        p.Close();
        Fill(canvas, p, _look.Hair);
        canvas.Restore();
    }

    private (SKPath? Back, SKPath? Front) BuildHair(HairStyle style) => style switch
    {
        HairStyle.Crop => (null, Path(
            "M374 356 C364 256 428 206 500 206 C572 206 636 256 626 356 C620 318 606 292 586 282 C544 266 456 266 414 282 C394 292 380 318 374 356 Z " +
            "M374 344 C376 372 380 392 386 408 L394 406 C392 384 392 362 396 344 Z M626 344 C624 372 620 392 614 408 L606 406 C608 384 608 362 604 344 Z")),
        HairStyle.SidePart => (null, Path(
            "M370 380 C352 252 430 196 512 198 C600 200 650 262 630 380 C624 334 610 304 592 290 C566 304 522 306 482 298 C446 292 414 278 398 262 C388 296 376 334 370 380 Z " +
            "M372 356 C374 380 378 396 384 408 L392 406 C390 388 390 370 394 356 Z M628 356 C626 380 622 396 616 408 L608 406 C610 388 610 370 606 356 Z")),
        HairStyle.Bob => (
            Path("M500 194 C624 194 678 276 676 392 C674 482 680 548 662 588 C604 606 396 606 338 588 C320 548 326 482 324 392 C322 276 376 194 500 194 Z"),
            Path(
                "M368 392 C350 262 420 202 500 202 C590 202 652 262 634 396 C618 356 602 336 584 330 C562 348 532 348 510 330 C486 350 452 352 430 334 C408 340 386 360 368 392 Z " +
                "M632 360 C654 432 656 520 648 584 L618 584 C622 520 620 444 606 384 Z " +
                "M368 360 C346 432 344 520 352 584 L382 584 C378 520 380 444 394 384 Z")),
        HairStyle.Long => (
            Path("M500 192 C620 192 682 274 684 392 C688 500 700 600 724 700 C700 730 640 744 500 744 C360 744 300 730 276 700 C300 600 312 500 316 392 C318 274 380 192 500 192 Z"),
            Path(
                "M456 204 C392 212 352 282 358 392 C362 452 366 500 376 540 C396 500 400 440 396 388 C392 330 410 286 452 262 C500 300 566 300 612 318 C630 336 636 360 638 392 C640 452 636 500 626 540 C652 500 664 440 660 380 C656 272 596 198 520 198 C500 198 476 200 456 204 Z")),
        HairStyle.Curls => (BuildCurls(), Path(
            "M372 372 C358 268 424 210 500 208 C576 210 642 268 628 372 C610 330 580 304 540 296 C520 306 480 306 460 296 C420 304 390 330 372 372 Z")),
        _ => (null, null),
    };

    private static SKPath BuildCurls()
    {
        // A cloud of curls: an ellipse with circles around its rim, merged with Skia's path ops.
        var cloud = new SKPath();
        cloud.AddOval(new SKRect(300, 150, 700, 530));
        for (var i = 0; i < 24; i++)
        {
            var a = i * Math.PI * 2 / 24;
            var x = 500 + (205 * Math.Cos(a));
            var y = 338 + (188 * Math.Sin(a));
            if (y > 470)
            {
                continue;
            }

            using var curl = new SKPath();
            curl.AddCircle((float)x, (float)y, 46 + (i % 3 * 6));
            using var merged = cloud.Op(curl, SKPathOp.Union);
            cloud.Dispose();
            cloud = new SKPath(merged);
        }

        return cloud;
    }

    private void BuildOutfit()
    {
        var shade = _look.Garment.MixWith(SKColors.Black, 0.22);
        var shirtShade = _look.Shirt.MixWith(SKColors.Black, 0.12);
        switch (_look.Outfit)
        {
            case Outfit.Blazer:
                AddOutfit("M430 668 L500 862 L570 668 Z", _look.Shirt);
                AddOutfit("M458 668 L500 738 L542 668 Z", _look.Skin);
                AddOutfit("M452 664 L500 740 L470 766 L424 690 Z M548 664 L500 740 L530 766 L576 690 Z", _look.Shirt);
                AddOutfit("M452 664 L500 740 L470 766 L424 690 Z M548 664 L500 740 L530 766 L576 690 Z", shirtShade, stroke: 2.5f);
                AddOutfit("M430 668 L500 862 L486 866 L402 700 Z M570 668 L500 862 L514 866 L598 700 Z", shade);
                AddOutfit("M500 862 L500 1000", shade, stroke: 3);
                AddOutfit("M472 925 A7 7 0 1 0 472.1 925 Z", shade);
                break;
            case Outfit.Sweater:
                AddOutfit("M436 664 C444 744 556 744 564 664 Z", _look.Shirt);
                AddOutfit("M458 666 L500 716 L542 666 Z", _look.Skin);
                AddOutfit("M452 664 L500 718 L466 744 L430 684 Z M548 664 L500 718 L534 744 L570 684 Z", _look.Shirt);
                AddOutfit("M452 664 L500 718 L466 744 L430 684 Z M548 664 L500 718 L534 744 L570 684 Z", shirtShade, stroke: 2.5f);
                AddOutfit("M430 668 C440 762 560 762 570 668", shade, stroke: 12);
                break;
            default:
                AddOutfit("M440 664 C448 736 552 736 560 664 Z", _look.Skin);
                AddOutfit("M440 666 C448 738 552 738 560 666", shade, stroke: 9);
                break;
        }
    }

    private void AddOutfit(string svg, SKColor color, float stroke = 0)
    {
        var paint = new SKPaint
        {
            IsAntialias = true,
            Color = color,
            Style = stroke > 0 ? SKPaintStyle.Stroke : SKPaintStyle.Fill,
            StrokeWidth = stroke,
            StrokeCap = SKStrokeCap.Round,
            StrokeJoin = SKStrokeJoin.Round,
        };
        // The outfit shapes were drawn for a neckline at 668; the torso's is at 646.
        var path = Path(svg);
        path.Transform(SKMatrix.CreateTranslation(0, -22));
        _outfit.Add((path, paint));
    }

    private void Fill(SKCanvas canvas, SKPath path, SKColor color)
    {
        _fill.Color = color;
        canvas.DrawPath(path, _fill);
    }

    private void Stroke(SKCanvas canvas, SKPath path, SKColor color, float width)
    {
        _stroke.Color = color;
        _stroke.StrokeWidth = width;
        canvas.DrawPath(path, _stroke);
    }

    private static SKPath Path(string svg) => SKPath.ParseSvgPathData(svg) ?? throw new InvalidOperationException($"bad path: {svg}");

    private static SKPath Mirrored(SKPath right)
    {
        var both = new SKPath(right);
        var mirror = SKMatrix.CreateScale(-1, 1, 500, 0);
        both.AddPath(right, in mirror);
        right.Dispose();
        return both;
    }

    private static SKPoint Lerp(SKPoint a, SKPoint b, float t) => new(a.X + ((b.X - a.X) * t), a.Y + ((b.Y - a.Y) * t));
}
