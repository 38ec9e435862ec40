using System.Numerics;
using OpenCvSharp;
using SkiaSharp;
using Talkie.Avatars.Photo;
using Talkie.Composition;
using Talkie.Testing;
using Talkie.Vision;
using Talkie.Vision.Landmarks;

namespace Talkie.Avatars.Tests;

/// <summary>What was measured on one frame of a rendered photo-avatar video.</summary>
public sealed record PhotoFrameMeasure(
    int Index,
    double IntendedOpening,
    double MeasuredOpening,
    double Ssim,
    double RigidError,
    double BackgroundChange,
    double SeamEnergy,
    double IntendedBlink,
    double MeasuredEyeOpening,
    double HeadShift);

/// <summary>A video made from one shared portrait, decoded and measured frame by frame.</summary>
public sealed record PhotoVideo(string Portrait, VideoResult Result, IReadOnlyList<PhotoFrameMeasure> Frames, double StillSeamEnergy, float InterOcular);

/// <summary>
/// Renders a short video from each shared portrait once (a script with pauses and p/b/m words), then
/// decodes it and measures every frame: the mouth opening the face mesh sees, SSIM of the face outside
/// the mouth, jaw and eyelids against the pose-aligned portrait, the rigid landmarks against the
/// intended head motion, the background's change from the previous frame, and the gradient energy
/// along the border of the moving region.
/// </summary>
public sealed class PhotoVideos : IAsyncLifetime
{
    public const string Script = """
        <speak>
          Hello! My name is Sam, and I make videos from a single photo.
          <break time="700ms"/>
          Bob, Pam and Maria bought a big map of Boston.
          <break time="500ms"/>
          Wow, what a beautiful morning!
        </speak>
        """;

    // Eye corners, the nose bridge and the forehead: points that only the head's motion moves.
    public static readonly int[] RigidPoints = [33, 133, 362, 263, 168, 6, 197, 195, 10, 151, 9];

    public TempDirectory Temp { get; } = new();

    public List<PhotoVideo> Videos { get; } = [];

    public async Task InitializeAsync()
    {
        foreach (var portrait in TestMedia.Portraits)
        {
            Videos.Add(await MakeAsync(portrait));
        }
    }

    public Task DisposeAsync()
    {
        Temp.Dispose();
        return Task.CompletedTask;
    }

    private async Task<PhotoVideo> MakeAsync(string portrait)
    {
        var scene = new SceneSpec { Width = 1280, Height = 720, FrameRate = 25, Captions = CaptionMode.None };
        var result = await TestServices.Get<VideoProducer>().ProduceAsync(
            new VideoRequest { Script = Script, PhotoPath = portrait, AllowSmallFace = true, OutputPath = Temp.File(Path.GetFileNameWithoutExtension(portrait) + ".mp4"), Seed = 5, Scene = scene },
            null,
            CancellationToken.None);

        using var avatar = await TestServices.Get<PhotoAvatarFactory>().CreateAsync(portrait, PhotoFraming.Head, allowSmallFace: true, CancellationToken.None);
        using var renderer = (PhotoAvatarRenderer)avatar.CreateRenderer(result.Performance);
        var bounds = Compositor.AvatarBoundsFor(scene);
        var still = renderer.StillLandmarks(bounds);
        var interOcular = Vector2.Distance(still[33], still[263]);

        // The still photo as framed, and the masks: the face outside the mouth, jaw and eyelids; the background.
        using var stillGrey = new Mat();
        using (var bitmap = new SKBitmap(new SKImageInfo(scene.Width, scene.Height, SKColorType.Bgra8888, SKAlphaType.Premul)))
        {
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(SKColors.White);
                renderer.RenderStill(canvas, bounds);
            }

            using var wrapped = Mat.FromPixelData(scene.Height, scene.Width, MatType.CV_8UC4, bitmap.GetPixels(), bitmap.RowBytes);
            using var grey8 = new Mat();
            Cv2.CvtColor(wrapped, grey8, ColorConversionCodes.BGRA2GRAY);
            grey8.ConvertTo(stillGrey, MatType.CV_32F);
        }

        using var faceMask = FaceMask(still, scene.Width, scene.Height, interOcular);
        var outline = renderer.MovingOutline(bounds);
        using var moving = ImageQuality.Polygon(scene.Width, scene.Height, outline);
        using var background = new Mat();
        Cv2.BitwiseNot(moving, background);
        var border = ImageQuality.Outline(outline);
        var stillSeam = ImageQuality.GradientEnergy(stillGrey, border);

        var frames = new List<PhotoFrameMeasure>();
        Mat? previous = null;
        var analyzer = TestServices.Get<FaceAnalyzer>();
        await foreach (var frame in analyzer.TrackVideoAsync(result.OutputPath, new FaceAnalysisRequest(LandmarkEngineKind.Mesh), null, CancellationToken.None, (image, faces) =>
        {
            var time = TimeSpan.FromSeconds(image.Index / (double)scene.FrameRate);
            var intended = renderer.Landmarks(bounds, time);
            var measured = faces.Primary?.Raw;
            var grey = ImageQuality.Grey(image);

            // The portrait moved as the renderer intended to move the head (the pose-aligned source).
            using var align = Cv2.EstimateAffinePartial2D(
                InputArray.Create(RigidPoints.Select(i => new Point2f(still[i].X, still[i].Y)).ToArray()),
                InputArray.Create(RigidPoints.Select(i => new Point2f(intended[i].X, intended[i].Y)).ToArray()));
            using var reference = new Mat();
            using var referenceMask = new Mat();
            Cv2.WarpAffine(stillGrey, reference, align!, grey.Size(), InterpolationFlags.Linear);
            Cv2.WarpAffine(faceMask, referenceMask, align!, grey.Size(), InterpolationFlags.Nearest);
            var ssim = ImageQuality.Ssim(grey, reference, referenceMask);

            var rigid = measured is null ? double.NaN : RigidPoints.Average(i => Vector2.Distance(measured.Points[i], intended[i])) / interOcular;
            double change = 0;
            if (previous is not null)
            {
                using var difference = new Mat();
                Cv2.Absdiff(grey, previous, difference);
                change = Cv2.Mean(difference, background).Val0;
                previous.Dispose();
            }

            previous = grey;
            frames.Add(new PhotoFrameMeasure(
                (int)image.Index,
                renderer.Style.Mouth(time).Open,
                measured?.MouthOpening ?? double.NaN,
                ssim,
                rigid,
                change,
                ImageQuality.GradientEnergy(grey, border),
                renderer.Style.At(time).Blink,
                measured is null ? double.NaN : (measured.EyeOpening.Right + measured.EyeOpening.Left) / 2,
                Vector2.Distance(intended[168], still[168]) / interOcular));
        }))
        {
            _ = frame;
        }

        previous?.Dispose();
        return new PhotoVideo(Path.GetFileName(portrait), result, frames, stillSeam, interOcular);
    }

    // The face oval, less everything below the nostrils (mouth and jaw) and the eyes with their lids.
    private static Mat FaceMask(Vector2[] still, int width, int height, float interOcular)
    {
        var layout = LandmarkLayout.Mesh468;
        var mask = ImageQuality.Polygon(width, height, layout.FaceOval.Select(i => still[i]));
        var down = Vector2.Normalize(new Vector2(-(still[263] - still[33]).Y, (still[263] - still[33]).X));
        var across = new Vector2(down.Y, -down.X);
        var nostrils = (still[98] + still[327]) / 2;
        var lower = new[] { nostrils - (across * 3 * interOcular), nostrils + (across * 3 * interOcular), nostrils + (across * 3 * interOcular) + (down * 3 * interOcular), nostrils - (across * 3 * interOcular) + (down * 3 * interOcular) };
        Cv2.FillPoly(mask, [lower.Select(p => new Point((int)p.X, (int)p.Y)).ToArray()], Scalar.All(0));
        foreach (var eye in new[] { layout.RightEye, layout.LeftEye })
        {
            var centre = eye.Aggregate(Vector2.Zero, (sum, i) => sum + still[i]) / eye.Length;
            var lids = centre - (down * 0.04f * interOcular);
            Cv2.Ellipse(mask, new Point((int)lids.X, (int)lids.Y), new Size((int)(0.36f * interOcular), (int)(0.2f * interOcular)), Math.Atan2(across.Y, across.X) * 180 / Math.PI, 0, 360, Scalar.All(0), -1);
        }

        return mask;
    }
}
