using System.Numerics;
using Microsoft.Extensions.Options;
using OpenCvSharp;
using OpenCvSharp.Dnn;
using Talkie.Media;
using Talkie.Vision.Landmarks;

namespace Talkie.Vision.Mesh;

/// <summary>
/// MediaPipe's 468-point face mesh, run by OpenCV's DNN module on a square crop around the face that
/// is rotated so the eyes lie level (the framing the network was trained on: 1.5 × the face's size),
/// with the points mapped back to the image.
/// </summary>
public sealed class FaceMeshEngine : ILandmarkEngine, IDisposable
{
    private const int InputSize = 192;
    private const float CropScale = 1.5f;
    private const int StillShifts = 2;
    private const float StillShiftStep = 0.03f;
    private static readonly string[] OutputNames = ["conv2d_21", "conv2d_31"];

    private readonly Net _net;
    private readonly Lock _gate = new();

    /// <summary>Loads the model.</summary>
    public FaceMeshEngine(IOptions<VisionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OpenCvRuntime.EnsureLoaded();
        _net = MeshModels.Load(Path.Combine(options.Value.MediaPipeDirectory, "face_landmark.tflite"));
    }

    /// <inheritdoc />
    public LandmarkEngineKind Kind => LandmarkEngineKind.Mesh;

    /// <inheritdoc />
    public FaceLandmarks Locate(VideoFrame image, FaceDetection detection, LandmarkPrecision precision = LandmarkPrecision.Still)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var box = detection.Box;
        var angle = detection.RightEye is { } right && detection.LeftEye is { } left
            ? MathF.Atan2(left.Y - right.Y, left.X - right.X)
            : 0;
        var rough = Run(image, new Crop(box.Center, Math.Max(box.Width, box.Height) * CropScale, angle), box);
        return Refine(image, rough, precision);
    }

    /// <inheritdoc />
    public FaceLandmarks LocateInBox(VideoFrame image, FaceBox box, LandmarkPrecision precision = LandmarkPrecision.Still)
    {
        var rough = Run(image, new Crop(box.Center, Math.Max(box.Width, box.Height) * CropScale, 0), box);
        var refined = Refine(image, rough, precision);
        return FaceLandmarks.Create(LandmarkEngineKind.Mesh, [.. refined.Points], box, refined.Confidence);
    }

    /// <inheritdoc />
    public FaceLandmarks Follow(VideoFrame image, FaceLandmarks previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return WithLipEdge(image, Run(image, CropAround(previous), previous.Bounds));
    }

    /// <summary>
    /// Places the points again in the framing their first placement gives. For a still, the points of
    /// crops shifted across a 5 × 5 grid (up to 6% of the crop's side) are averaged: each crop's
    /// error is partly its own (on the shared media the spread from one crop to the next is about 2%
    /// of the inter-ocular distance), and the mean halves the worst disagreement with dlib on open
    /// mouths and chins.
    /// </summary>
    private FaceLandmarks Refine(VideoFrame image, FaceLandmarks rough, LandmarkPrecision precision)
    {
        var crop = CropAround(rough);
        if (precision == LandmarkPrecision.Tracking)
        {
            return WithLipEdge(image, Run(image, crop, rough.Bounds));
        }

        var sum = new Vector2[rough.Points.Count];
        var confidence = 0f;
        var count = 0;
        var along = new Vector2(MathF.Cos(crop.Angle), MathF.Sin(crop.Angle)) * crop.Side;
        var across = new Vector2(-along.Y, along.X);
        for (var i = -StillShifts; i <= StillShifts; i++)
        {
            for (var j = -StillShifts; j <= StillShifts; j++)
            {
                var shifted = crop with { Center = crop.Center + (StillShiftStep * ((i * along) + (j * across))) };
                var pass = Run(image, shifted, rough.Bounds);
                for (var p = 0; p < sum.Length; p++)
                {
                    sum[p] += pass.Points[p];
                }

                confidence += pass.Confidence;
                count++;
            }
        }

        for (var p = 0; p < sum.Length; p++)
        {
            sum[p] /= count;
        }

        return FaceLandmarks.Create(LandmarkEngineKind.Mesh, LowerLipEdge.Snap(image, sum), rough.Bounds, confidence / count);
    }

    private static FaceLandmarks WithLipEdge(VideoFrame image, FaceLandmarks landmarks)
    {
        var points = landmarks.Points.ToArray();
        var snapped = LowerLipEdge.Snap(image, points);
        return ReferenceEquals(snapped, points) ? landmarks : FaceLandmarks.Create(LandmarkEngineKind.Mesh, snapped, landmarks.Bounds, landmarks.Confidence);
    }

    // The framing MediaPipe's own pipeline derives from landmarks: the points' bounds, turned so that
    // the eye corners (33, 263) lie level, 1.5 times as large.
    private static Crop CropAround(FaceLandmarks landmarks)
    {
        var right = landmarks.Points[33];
        var left = landmarks.Points[263];
        var bounds = landmarks.Bounds;
        return new Crop(bounds.Center, Math.Max(bounds.Width, bounds.Height) * CropScale, MathF.Atan2(left.Y - right.Y, left.X - right.X));
    }

    /// <inheritdoc />
    public void Dispose() => _net.Dispose();

    private FaceLandmarks Run(VideoFrame image, Crop crop, FaceBox box)
    {
        ArgumentNullException.ThrowIfNull(image);
        var axisX = new Vector2(MathF.Cos(crop.Angle), MathF.Sin(crop.Angle)) * crop.Side;
        var axisY = new Vector2(-MathF.Sin(crop.Angle), MathF.Cos(crop.Angle)) * crop.Side;
        var topLeft = crop.Center - (axisX / 2) - (axisY / 2);
        var topRight = topLeft + axisX;
        var bottomLeft = topLeft + axisY;
        using var toCrop = Cv2.GetAffineTransform(
            [new Point2f(topLeft.X, topLeft.Y), new Point2f(topRight.X, topRight.Y), new Point2f(bottomLeft.X, bottomLeft.Y)],
            [new Point2f(0, 0), new Point2f(InputSize, 0), new Point2f(0, InputSize)]);
        using var source = ImageMats.Wrap(image);
        using var cropped = new Mat();
        Cv2.WarpAffine(source, cropped, toCrop, new Size(InputSize, InputSize), InterpolationFlags.Linear, BorderTypes.Replicate);
        using var rgb = new Mat();
        Cv2.CvtColor(cropped, rgb, ImageMats.ToRgb(image.PixelFormat));
        using var blob = CvDnn.BlobFromImage(rgb, 1 / 255.0, new Size(InputSize, InputSize), default, false, false);
        using var landmarks = new Mat();
        using var flag = new Mat();
        lock (_gate)
        {
            _net.SetInput(blob);
            _net.Forward([landmarks, flag], OutputNames);
        }

        var values = ImageMats.Floats(landmarks);
        var logit = ImageMats.Floats(flag);
        var confidence = 1 / (1 + MathF.Exp(-Math.Clamp(logit[0], -100, 100)));
        var count = values.Length / 3;
        var points = new Vector2[count];
        for (var i = 0; i < count; i++)
        {
            var u = values[3 * i] / InputSize;
            var v = values[(3 * i) + 1] / InputSize;
            points[i] = topLeft + (u * axisX) + (v * axisY);
        }

        return FaceLandmarks.Create(LandmarkEngineKind.Mesh, points, box, confidence);
    }

    private readonly record struct Crop(Vector2 Center, float Side, float Angle);
}
