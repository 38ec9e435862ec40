using System.Numerics;
using Microsoft.Extensions.Options;
using OpenCvSharp;
using OpenCvSharp.Dnn;
using Talkie.Media;

namespace Talkie.Vision.Mesh;

/// <summary>
/// MediaPipe's BlazeFace short-range detector (faces within about two metres of the camera), run by
/// OpenCV's DNN module. The network predicts offsets from 896 fixed anchors; the anchor grid, the
/// decoding and the weighted non-maximum suppression follow MediaPipe's face detection graph.
/// </summary>
public sealed class BlazeFaceDetector : IFaceDetector, IDisposable
{
    private const int InputSize = 128;
    private const float MinimumScore = 0.5f;
    private const float SuppressionOverlap = 0.3f;
    private const int KeypointCount = 6;
    private static readonly Vector2[] Anchors = CreateAnchors();
    private static readonly string[] OutputNames = ["regressors", "classificators"];

    private readonly Net _net;
    private readonly Lock _gate = new();

    /// <summary>Loads the model.</summary>
    public BlazeFaceDetector(IOptions<VisionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OpenCvRuntime.EnsureLoaded();
        var path = Path.Combine(options.Value.MediaPipeDirectory, "face_detection_short_range.tflite");
        _net = MeshModels.Load(path);
    }

    /// <inheritdoc />
    public IReadOnlyList<FaceDetection> Detect(VideoFrame image)
    {
        ArgumentNullException.ThrowIfNull(image);

        // Letterbox the frame into the square input, keeping its aspect ratio.
        var scale = (float)InputSize / Math.Max(image.Width, image.Height);
        var width = Math.Max(1, (int)Math.Round(image.Width * scale));
        var height = Math.Max(1, (int)Math.Round(image.Height * scale));
        var offsetX = (InputSize - width) / 2;
        var offsetY = (InputSize - height) / 2;
        using var source = ImageMats.Wrap(image);
        using var small = new Mat();
        Cv2.Resize(source, small, new Size(width, height), 0, 0, InterpolationFlags.Area);
        using var rgb = new Mat();
        Cv2.CvtColor(small, rgb, ImageMats.ToRgb(image.PixelFormat));
        using var input = new Mat(InputSize, InputSize, MatType.CV_8UC3, Scalar.All(0));
        using (var target = new Mat(input, new Rect(offsetX, offsetY, width, height)))
        {
            rgb.CopyTo(target);
        }

        // Pixels scaled to [−1, 1].
        using var blob = CvDnn.BlobFromImage(input, 1 / 127.5, new Size(InputSize, InputSize), new Scalar(127.5, 127.5, 127.5), false, false);
        var outputs = new[] { new Mat(), new Mat() };
        try
        {
            lock (_gate)
            {
                _net.SetInput(blob);
                _net.Forward(outputs, OutputNames);
            }

            var regressors = ImageMats.Floats(outputs[0]);
            var scores = ImageMats.Floats(outputs[1]);
            var candidates = Decode(regressors, scores, scale, offsetX, offsetY);
            return Suppress(candidates);
        }
        finally
        {
            foreach (var output in outputs)
            {
                output.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _net.Dispose();

    /// <summary>
    /// The short-range SSD anchors: strides 8, 16, 16, 16 on a 128-pixel input, two anchors per cell
    /// and layer, fixed size, centred in their cells; layers of equal stride share a grid.
    /// </summary>
    private static Vector2[] CreateAnchors()
    {
        var anchors = new List<Vector2>(896);
        int[] strides = [8, 16, 16, 16];
        var layer = 0;
        while (layer < strides.Length)
        {
            var stride = strides[layer];
            var perCell = 0;
            while (layer < strides.Length && strides[layer] == stride)
            {
                perCell += 2;
                layer++;
            }

            var cells = InputSize / stride;
            for (var y = 0; y < cells; y++)
            {
                for (var x = 0; x < cells; x++)
                {
                    for (var a = 0; a < perCell; a++)
                    {
                        anchors.Add(new Vector2((x + 0.5f) / cells, (y + 0.5f) / cells));
                    }
                }
            }
        }

        return [.. anchors];
    }

    private static List<FaceDetection> Decode(float[] regressors, float[] scores, float scale, int offsetX, int offsetY)
    {
        var found = new List<FaceDetection>();
        var values = regressors.Length / Anchors.Length;
        for (var i = 0; i < Anchors.Length; i++)
        {
            var score = 1 / (1 + MathF.Exp(-Math.Clamp(scores[i], -100, 100)));
            if (score < MinimumScore)
            {
                continue;
            }

            var anchor = Anchors[i];
            var r = regressors.AsSpan(i * values, values);
            Vector2 ToImage(float x, float y) => new(
                (((x / InputSize) + anchor.X) * InputSize - offsetX) / scale,
                (((y / InputSize) + anchor.Y) * InputSize - offsetY) / scale);
            var center = ToImage(r[0], r[1]);
            var size = new Vector2(r[2], r[3]) / scale;
            var keypoints = new Vector2[KeypointCount];
            for (var k = 0; k < KeypointCount; k++)
            {
                keypoints[k] = ToImage(r[4 + (2 * k)], r[5 + (2 * k)]);
            }

            found.Add(new FaceDetection(
                new FaceBox(center.X - (size.X / 2), center.Y - (size.Y / 2), size.X, size.Y), score, "blazeface", keypoints));
        }

        return found;
    }

    /// <summary>MediaPipe's weighted non-maximum suppression: overlapping boxes are averaged by score.</summary>
    private static List<FaceDetection> Suppress(List<FaceDetection> candidates)
    {
        var remaining = candidates.OrderByDescending(c => c.Score).ToList();
        var result = new List<FaceDetection>();
        while (remaining.Count > 0)
        {
            var best = remaining[0];
            var cluster = remaining.Where(c => best.Box.IntersectionOverUnion(c.Box) > SuppressionOverlap).ToList();
            remaining.RemoveAll(cluster.Contains);
            var total = cluster.Sum(c => c.Score);
            float x = 0, y = 0, w = 0, h = 0;
            var keypoints = new Vector2[KeypointCount];
            foreach (var c in cluster)
            {
                var weight = c.Score / total;
                x += c.Box.X * weight;
                y += c.Box.Y * weight;
                w += c.Box.Width * weight;
                h += c.Box.Height * weight;
                for (var k = 0; k < KeypointCount; k++)
                {
                    keypoints[k] += c.Keypoints[k] * weight;
                }
            }

            result.Add(new FaceDetection(new FaceBox(x, y, w, h), best.Score, "blazeface", keypoints));
        }

        return result;
    }
}
