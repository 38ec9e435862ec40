using System.Numerics;
using Microsoft.Extensions.Options;
using Talkie.Media;
using Talkie.Vision.Landmarks;

namespace Talkie.Vision.Dlib;

/// <summary>
/// dlib's 68-point landmarks, read from Debian's libdlib-data model by <see cref="ShapePredictor"/>.
/// The model (100 MB) is read once, on first use.
/// </summary>
public sealed class DlibLandmarkEngine : ILandmarkEngine
{
    // Re-framing goes on while the box would move by more than 10% of its side, three passes at most.
    private const int ReframePasses = 3;
    private const float UnsettledShare = 0.1f;

    private readonly Lazy<ShapePredictor> _predictor;

    /// <summary>Creates the engine; the model is read on first use.</summary>
    public DlibLandmarkEngine(IOptions<VisionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.Value.DlibModelPath;
        _predictor = new Lazy<ShapePredictor>(() => LoadModel(path), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public LandmarkEngineKind Kind => LandmarkEngineKind.Dlib;

    /// <summary>Gets the loaded predictor (reads the model if needed).</summary>
    public ShapePredictor Predictor => _predictor.Value;

    /// <inheritdoc />
    public FaceLandmarks Locate(VideoFrame image, FaceDetection detection, LandmarkPrecision precision = LandmarkPrecision.Still)
    {
        ArgumentNullException.ThrowIfNull(detection);

        // Map the detector's box to dlib's framing (its own detector's boxes sit lower and tighter),
        // place the points, then re-frame once from the points themselves: the result no longer
        // depends on which detector found the face. Where that re-framing would still move the box by
        // more than a tenth of its side, the cascade had not found the face (on one frame of Obama
        // clip b it put the lips on the chin, 37% of the inter-ocular distance off) and it runs again
        // in the new box; a settled box is kept, as another pass would only trade one small error for
        // another.
        var b = detection.Box;
        var first = detection.Detector == "haar"
            ? new FaceBox(b.X + (0.07f * b.Width), b.Y + (0.17f * b.Height), 0.87f * b.Width, 0.87f * b.Width)
            : new FaceBox(b.X - (0.02f * b.Width), b.Y + (0.08f * b.Height), 1.04f * b.Width, 1.04f * b.Width);
        var landmarks = LocateInBox(image, first, detection.Score);
        for (var pass = 0; pass < ReframePasses; pass++)
        {
            var box = BoxFor(landmarks.Points);
            var moved = Math.Max(Math.Abs(box.X - landmarks.Box.X), Math.Abs(box.Y - landmarks.Box.Y)) + Math.Abs(box.Width - landmarks.Box.Width);
            if (pass > 0 && moved <= UnsettledShare * box.Width)
            {
                break;
            }

            landmarks = LocateInBox(image, box, detection.Score);
        }

        return landmarks;
    }

    /// <inheritdoc />
    public FaceLandmarks LocateInBox(VideoFrame image, FaceBox box, LandmarkPrecision precision = LandmarkPrecision.Still) => LocateInBox(image, box, 1);

    /// <inheritdoc />
    public FaceLandmarks Follow(VideoFrame image, FaceLandmarks previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return LocateInBox(image, BoxFor(previous.Points), previous.Confidence);
    }

    /// <summary>
    /// The dlib box whose mean shape best fits the given points (least squares over scale and
    /// translation), so a face can be re-framed from its own landmarks.
    /// </summary>
    internal FaceBox BoxFor(IReadOnlyList<Vector2> points)
    {
        var mean = Predictor.MeanShape;
        var n = points.Count;
        Vector2 meanCentre = default, pointCentre = default;
        for (var i = 0; i < n; i++)
        {
            meanCentre += new Vector2(mean[2 * i], mean[(2 * i) + 1]);
            pointCentre += points[i];
        }

        meanCentre /= n;
        pointCentre /= n;
        double numerator = 0, denominator = 0;
        for (var i = 0; i < n; i++)
        {
            var m = new Vector2(mean[2 * i], mean[(2 * i) + 1]) - meanCentre;
            var p = points[i] - pointCentre;
            numerator += Vector2.Dot(m, p);
            denominator += m.LengthSquared();
        }

        var scale = (float)(numerator / denominator);
        var origin = pointCentre - (scale * meanCentre);

        // dlib's box spans scale + 1 pixels (its right edge is left + width − 1).
        return new FaceBox(MathF.Round(origin.X), MathF.Round(origin.Y), MathF.Round(scale) + 1, MathF.Round(scale) + 1);
    }

    private static ShapePredictor LoadModel(string path)
    {
        if (!File.Exists(path))
        {
            throw new VisionSetupException(
                $"dlib's landmark model {path} is missing; install it with 'apt-get install libdlib-data' (or run scripts/setup.sh), or use --engine mesh");
        }

        try
        {
            return ShapePredictor.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw new VisionSetupException($"{e.Message}; reinstall it with 'apt-get install --reinstall libdlib-data'", e);
        }
    }

    private FaceLandmarks LocateInBox(VideoFrame image, FaceBox box, float confidence)
    {
        ArgumentNullException.ThrowIfNull(image);
        var predictor = Predictor;
        var left = (long)Math.Round(box.X);
        var top = (long)Math.Round(box.Y);
        var width = Math.Max(1, (long)Math.Round(box.Width));
        var height = Math.Max(1, (long)Math.Round(box.Height));
        Span<float> values = stackalloc float[predictor.LandmarkCount * 2];
        predictor.Predict(image, left, top, width, height, values);
        var points = new Vector2[predictor.LandmarkCount];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Vector2(values[2 * i], values[(2 * i) + 1]);
        }

        return FaceLandmarks.Create(LandmarkEngineKind.Dlib, points, new FaceBox(left, top, width, height), confidence);
    }
}
