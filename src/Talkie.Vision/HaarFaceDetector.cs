using Microsoft.Extensions.Options;
using OpenCvSharp;
using Talkie.Media;

namespace Talkie.Vision;

/// <summary>
/// OpenCV's frontal-face Haar cascade (Debian opencv-data): the fallback when BlazeFace finds
/// nothing, e.g. for small faces in a large frame. Slower and prone to false hits on texture.
/// </summary>
public sealed class HaarFaceDetector : IFaceDetector, IDisposable
{
    private const int WorkingSize = 960;
    private const int CascadeSize = 20;
    private readonly CascadeClassifier _cascade;
    private readonly Lock _gate = new();

    /// <summary>Loads the cascade.</summary>
    public HaarFaceDetector(IOptions<VisionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OpenCvRuntime.EnsureLoaded();
        var path = options.Value.HaarCascadePath;
        if (!File.Exists(path))
        {
            throw new VisionSetupException($"the Haar cascade {path} is missing; install it with 'apt-get install opencv-data' (or run scripts/setup.sh)");
        }

        _cascade = new CascadeClassifier(path);
        if (_cascade.Empty())
        {
            throw new VisionSetupException($"OpenCV could not read the Haar cascade {path}; reinstall it with 'apt-get install --reinstall opencv-data'");
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<FaceDetection> Detect(VideoFrame image) => Detect(image, 0);

    /// <summary>
    /// Finds faces of at least <paramref name="minimumFaceSize"/> pixels (0: as small as the cascade
    /// sees). The picture is searched at the smallest size that still shows such a face at the
    /// cascade's 20 px: for a tracker's 40 px minimum on 720p, half the width, 2.25 times fewer
    /// pixels than at <see cref="WorkingSize"/> (720p tracking went from about 55 to about 70 fps).
    /// </summary>
    public IReadOnlyList<FaceDetection> Detect(VideoFrame image, int minimumFaceSize)
    {
        ArgumentNullException.ThrowIfNull(image);
        var scale = Math.Min(1.0, (double)WorkingSize / Math.Max(image.Width, image.Height));
        if (minimumFaceSize > CascadeSize)
        {
            scale = Math.Min(scale, (double)CascadeSize / minimumFaceSize);
        }

        using var source = ImageMats.Wrap(image);
        using var grey = new Mat();
        Cv2.CvtColor(source, grey, image.PixelFormat == FramePixelFormat.Bgra32 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.RGBA2GRAY);
        using var small = new Mat();
        Cv2.Resize(grey, small, new Size(Math.Max(1, (int)(image.Width * scale)), Math.Max(1, (int)(image.Height * scale))), 0, 0, InterpolationFlags.Area);
        // Contrast equalized tile by tile (CLAHE), not over the whole picture: on a plain wall or backdrop
        // the whole-picture histogram spends its range on the wall and flattens a small face, which the
        // cascade then missed (a 26 px face on plain grey was not found; now it is, and on textured
        // ground there are fewer false hits for the face mesh to turn away).
        using (var clahe = Cv2.CreateCLAHE(2.0, new Size(8, 8)))
        {
            clahe.Apply(small, small);
        }
        Rect[] faces;
        double[] weights;
        lock (_gate)
        {
            faces = _cascade.DetectMultiScale(small, out _, out weights, 1.1, 5, HaarDetectionTypes.ScaleImage, new Size(CascadeSize, CascadeSize), default, true);
        }

        return faces
            .Select((f, i) => new FaceDetection(
                new FaceBox((float)(f.X / scale), (float)(f.Y / scale), (float)(f.Width / scale), (float)(f.Height / scale)),
                Score(i < weights.Length ? weights[i] : 0),
                "haar",
                []))
            .OrderByDescending(d => d.Box.Area)
            .ToList();
    }

    /// <inheritdoc />
    public void Dispose() => _cascade.Dispose();

    /// <summary>Maps the cascade's last-stage weight (about −1 to 6) to 0–1.</summary>
    private static float Score(double weight) => (float)(1 / (1 + Math.Exp(-weight)));
}
