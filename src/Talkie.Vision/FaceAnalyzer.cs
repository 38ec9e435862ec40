using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Talkie.Media;
using Talkie.Vision.Dlib;
using Talkie.Vision.Mesh;
using Talkie.Vision.Tracking;

namespace Talkie.Vision;

/// <summary>What to analyse and how.</summary>
/// <param name="Engine">The landmark engine.</param>
/// <param name="Box">A face box to place landmarks in (as dlib's shape_predictor does) instead of detecting.</param>
public sealed record FaceAnalysisRequest(LandmarkEngineKind Engine, FaceBox? Box = null);

/// <summary>The face component's front door: faces in a still image, or tracked through a video.</summary>
public sealed class FaceAnalyzer
{
    private const float ProfileYaw = 45;
    private readonly DlibLandmarkEngine _dlib;
    private readonly IServiceProvider _services;
    private readonly MediaProbe _probe;
    private readonly MediaDecoder _decoder;
    private readonly VisionOptions _options;

    /// <summary>Creates the analyzer.</summary>
    public FaceAnalyzer(DlibLandmarkEngine dlib, IServiceProvider services, MediaProbe probe, MediaDecoder decoder, IOptions<VisionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dlib = dlib;
        _services = services;
        _probe = probe;
        _decoder = decoder;
        _options = options.Value;
    }

    /// <summary>Gets the detector (BlazeFace with the Haar fallback), loading its models on first use.</summary>
    public FaceDetector Detector => (FaceDetector)_services.GetService(typeof(FaceDetector))!;

    /// <summary>Returns the engine of the given kind, loading its model on first use.</summary>
    public ILandmarkEngine Engine(LandmarkEngineKind kind)
        => kind == LandmarkEngineKind.Dlib ? _dlib : (FaceMeshEngine)_services.GetService(typeof(FaceMeshEngine))!;

    /// <summary>Finds the faces in a still image and places their landmarks.</summary>
    /// <exception cref="InvalidInputException">The box lies outside the image.</exception>
    public FaceFrame AnalyzeImage(VideoFrame image, FaceAnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(request);
        var engine = Engine(request.Engine);
        var notes = new List<string>();
        var faces = new List<FaceObservation>();
        if (request.Box is { } box)
        {
            CheckBox(box, image);
            var landmarks = engine.LocateInBox(image, box);
            faces.Add(new FaceObservation(1, true, landmarks, landmarks, "box"));
        }
        else
        {
            // A still image can afford the Haar cascade too: it finds the small faces BlazeFace misses.
            var detections = Detector.Detect(image, HaarFallback.Always);
            var usable = detections.Where(d => Math.Min(d.Box.Width, d.Box.Height) >= _options.MinimumFaceSize).ToList();
            foreach (var tiny in detections.Except(usable))
            {
                notes.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"a face of {tiny.Box.Width:0}×{tiny.Box.Height:0} px at {tiny.Box.X:0},{tiny.Box.Y:0} is too small for landmarks (at least {_options.MinimumFaceSize} px is needed); use a larger or closer picture"));
            }

            if (detections.Count == 0)
            {
                notes.Add("no face found (the detectors find faces that look toward the camera); use a picture of a face seen from the front");
            }

            foreach (var detection in usable.Take(_options.MaxTrackedFaces))
            {
                var landmarks = engine.Locate(image, detection);
                faces.Add(new FaceObservation(faces.Count + 1, faces.Count == 0, landmarks, landmarks, detection.Detector));
            }

            if (usable.Count > 1)
            {
                var primary = usable[0].Box;
                notes.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{usable.Count} faces found; the largest ({primary.Width:0}×{primary.Height:0} px at {primary.X:0},{primary.Y:0}) is the primary face"));
            }
        }

        foreach (var face in faces.Where(f => Math.Abs(f.Landmarks.Pose.Yaw) > ProfileYaw))
        {
            notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"face {face.Id} is turned {Math.Abs(face.Landmarks.Pose.Yaw):0}° (a profile); landmarks are unreliable past {ProfileYaw:0}°"));
        }

        return new FaceFrame(0, 0, faces, notes);
    }

    /// <summary>Makes a tracker for frames the caller decodes itself (one per video; not thread-safe); <paramref name="smallFaces"/> false skips the search for small faces joining (see <see cref="FaceTracker.SmallFaces"/>).</summary>
    public FaceTracker CreateTracker(LandmarkEngineKind engine, double frameRate, bool smallFaces = true)
        => new(Engine(engine), Engine(LandmarkEngineKind.Mesh), Detector, _options, frameRate) { SmallFaces = smallFaces };

    /// <summary>Tracks the faces through a video, frame by frame.</summary>
    /// <param name="path">The video.</param>
    /// <param name="request">Engine and optional starting box.</param>
    /// <param name="progress">Receives the fraction done (0–1).</param>
    /// <param name="cancellationToken">Stops tracking.</param>
    /// <param name="onFrame">Sees each decoded frame with its faces before the frame is released (e.g. to draw them).</param>
    /// <exception cref="InvalidInputException">The file has no video stream or cannot be read.</exception>
    public async IAsyncEnumerable<FaceFrame> TrackVideoAsync(
        string path,
        FaceAnalysisRequest request,
        IProgress<double>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        Action<VideoFrame, FaceFrame>? onFrame = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var info = await _probe.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        var video = info.Video ?? throw new InvalidInputException($"{path} has no video stream; faces reads an image or a video with pictures");
        var frameRate = video.FrameRate > 0 ? video.FrameRate : 25;
        var expectedFrames = (info.Duration ?? video.Duration)?.TotalSeconds * frameRate ?? 0;
        var tracker = new FaceTracker(Engine(request.Engine), Engine(LandmarkEngineKind.Mesh), Detector, _options, frameRate) { InitialBox = request.Box };
        var checkedBox = false;
        await foreach (var frame in _decoder.ReadFramesAsync(path, FramePixelFormat.Rgba32, cancellationToken).ConfigureAwait(false))
        {
            using (frame)
            {
                if (!checkedBox && request.Box is { } box)
                {
                    CheckBox(box, frame);
                    checkedBox = true;
                }

                var result = tracker.Process(frame);
                onFrame?.Invoke(frame, result);
                if (expectedFrames > 0)
                {
                    progress?.Report(Math.Min(1, (frame.Index + 1) / expectedFrames));
                }

                yield return result;
            }
        }

        progress?.Report(1);
    }

    /// <summary>Gets the frame rate, size and expected frame count of a video, for writing an overlay of it.</summary>
    /// <exception cref="InvalidInputException">The file has no video stream.</exception>
    public async Task<MediaInfo> ProbeVideoAsync(string path, CancellationToken cancellationToken)
    {
        var info = await _probe.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        _ = info.Video ?? throw new InvalidInputException($"{path} has no video stream; faces reads an image or a video with pictures");
        return info;
    }

    private static void CheckBox(FaceBox box, VideoFrame image)
    {
        if (box.FractionInside(image.Width, image.Height) < 0.5f)
        {
            throw new InvalidInputException(string.Create(
                CultureInfo.InvariantCulture,
                $"the face box {box.X:0},{box.Y:0},{box.Width:0},{box.Height:0} lies mostly outside the {image.Width}×{image.Height} picture; give a box inside it"));
        }
    }
}
