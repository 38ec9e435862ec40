using System.Numerics;
using Talkie.Media;
using Talkie.Vision.Landmarks;

namespace Talkie.Vision.Tracking;

/// <summary>One face in one frame.</summary>
/// <param name="Id">The track's number, stable while the face stays in view (from 1).</param>
/// <param name="IsPrimary">Whether this is the main face (the largest when tracking began).</param>
/// <param name="Landmarks">The smoothed landmarks.</param>
/// <param name="Raw">The landmarks as the engine placed them in this frame, before smoothing.</param>
/// <param name="Detector">What found the face (<c>blazeface</c>, <c>haar</c>, <c>box</c>).</param>
public sealed record FaceObservation(int Id, bool IsPrimary, FaceLandmarks Landmarks, FaceLandmarks Raw, string Detector);

/// <summary>The faces in one frame (or in a still image, as frame 0).</summary>
/// <param name="Index">The frame's index.</param>
/// <param name="Time">The frame's time in seconds.</param>
/// <param name="Faces">The faces, the primary one first.</param>
/// <param name="Notes">What the user should know (no face, several faces, a cut, a face too small or turned away).</param>
public sealed record FaceFrame(long Index, double Time, IReadOnlyList<FaceObservation> Faces, IReadOnlyList<string> Notes)
{
    /// <summary>Gets the primary face, if any.</summary>
    public FaceObservation? Primary => Faces.FirstOrDefault(f => f.IsPrimary);
}

/// <summary>
/// Follows faces through a video: detects once, then seeds each frame's landmarks from the previous
/// frame's; re-detects every few frames (to catch new faces and confirm held ones), after a cut, and
/// when a face drifts out of the frame or the engine loses it; smooths every point with a One Euro
/// filter. Not thread-safe: one tracker per video.
/// </summary>
public sealed class FaceTracker
{
    private const float MinimumConfidence = 0.5f;
    private const float MinimumInside = 0.6f;
    private const float CutThreshold = 28f;
    private const int ThumbnailWidth = 32;
    private const int ThumbnailHeight = 18;

    private readonly ILandmarkEngine _engine;
    private readonly ILandmarkEngine _presence;
    private readonly FaceDetector _detector;
    private readonly VisionOptions _options;
    private readonly double _frameInterval;
    private readonly List<Track> _tracks = [];
    private byte[]? _previousThumbnail;
    private readonly long _fullDetectionInterval;
    private long _lastDetection = long.MinValue / 2;
    private long _lastFullDetection = long.MinValue / 2;
    private int _nextId = 1;
    private int _primaryId;

    /// <summary>Creates a tracker for a video of the given frame rate.</summary>
    /// <param name="engine">The landmark engine.</param>
    /// <param name="presence">The face mesh, whose face-presence score confirms faces the detector misses.</param>
    /// <param name="detector">The detector.</param>
    /// <param name="options">Tracking settings.</param>
    /// <param name="frameRate">The video's frame rate.</param>
    public FaceTracker(ILandmarkEngine engine, ILandmarkEngine presence, FaceDetector detector, VisionOptions options, double frameRate)
    {
        _engine = engine;
        _presence = presence;
        _detector = detector;
        _options = options;
        _frameInterval = frameRate > 0 ? 1 / frameRate : 1 / 25.0;
        _fullDetectionInterval = Math.Max(1, (long)Math.Round(1 / _frameInterval));
    }

    /// <summary>Starts tracking from a given face box instead of a detection (the first frame only).</summary>
    public FaceBox? InitialBox { get; init; }

    /// <summary>
    /// Gets whether small faces joining are looked for (the slow Haar cascade about once a second, beside
    /// BlazeFace every few frames); off where only faces near the main one's size matter.
    /// </summary>
    public bool SmallFaces { get; init; } = true;

    /// <summary>Finds and follows the faces in the next frame.</summary>
    public FaceFrame Process(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var notes = new List<string>();
        var time = frame.Index * _frameInterval;
        if (IsCut(frame) && _tracks.Count > 0)
        {
            notes.Add("a cut: faces found again");
            _tracks.Clear();
        }

        if (InitialBox is { } box && frame.Index == 0)
        {
            var start = _engine.LocateInBox(frame, box, LandmarkPrecision.Tracking);
            NewTrack(start, "box").Seen = frame.Index;
            _lastDetection = frame.Index;
        }

        // Follow each face from its last landmarks; drop the ones the engine lost.
        var lost = false;
        foreach (var track in _tracks.ToList())
        {
            if (track.Seen == frame.Index)
            {
                continue;
            }

            var raw = _engine.Follow(frame, track.Smoothed);
            var inside = raw.Bounds.FractionInside(frame.Width, frame.Height);
            if (inside < MinimumInside || (_engine.Kind == LandmarkEngineKind.Mesh && raw.Confidence < MinimumConfidence))
            {
                notes.Add(inside < MinimumInside ? $"face {track.Id} left the frame" : $"face {track.Id} was lost");
                _tracks.Remove(track);
                lost = true;
                continue;
            }

            track.Update(raw, frame.Index);
        }

        if (_tracks.Count == 0 || lost || frame.Index - _lastDetection >= _options.RedetectInterval)
        {
            Redetect(frame, notes);
        }

        if (_tracks.All(t => t.Id != _primaryId))
        {
            _primaryId = _tracks.OrderByDescending(t => t.Smoothed.Bounds.Area).Select(t => t.Id).FirstOrDefault();
        }

        var faces = _tracks
            .OrderByDescending(t => t.Id == _primaryId)
            .ThenBy(t => t.Id)
            .Select(t => new FaceObservation(t.Id, t.Id == _primaryId, t.Smoothed, t.Raw, t.Detector))
            .ToList();
        if (faces.Count == 0)
        {
            notes.Add("no face");
        }

        return new FaceFrame(frame.Index, time, faces, notes);
    }

    private void Redetect(VideoFrame frame, List<string> notes)
    {
        _lastDetection = frame.Index;

        // The slow Haar cascade (which finds the small faces BlazeFace misses in a large frame) while
        // nothing is tracked, and (SmallFaces) about once a second to catch small faces joining.
        var full = _tracks.Count == 0 || (SmallFaces && frame.Index - _lastFullDetection >= _fullDetectionInterval);
        if (full)
        {
            _lastFullDetection = frame.Index;
        }

        var detections = _detector.Detect(frame, full ? HaarFallback.Always : HaarFallback.Never, _options.MinimumFaceSize)
            .Where(d => Math.Min(d.Box.Width, d.Box.Height) >= _options.MinimumFaceSize)
            .ToList();
        foreach (var track in _tracks.ToList())
        {
            var match = detections
                .Select(d => (Detection: d, Overlap: d.Box.IntersectionOverUnion(track.Smoothed.Bounds)))
                .Where(m => m.Overlap > 0.2f)
                .OrderByDescending(m => m.Overlap)
                .FirstOrDefault();
            if (match.Detection is null)
            {
                // BlazeFace misses small faces in large frames: a face the mesh still sees is held.
                var presence = _presence.LocateInBox(frame, track.Smoothed.Bounds, LandmarkPrecision.Tracking).Confidence;
                if (presence >= MinimumConfidence)
                {
                    track.Misses = 0;
                    track.DetectionScore = presence;
                    continue;
                }

                if (++track.Misses >= 2)
                {
                    notes.Add($"face {track.Id} was lost");
                    _tracks.Remove(track);
                }

                continue;
            }

            track.Misses = 0;
            track.DetectionScore = match.Detection.Score;
            detections.Remove(match.Detection);
        }

        foreach (var detection in detections)
        {
            if (_tracks.Count >= _options.MaxTrackedFaces)
            {
                break;
            }

            if (_tracks.Any(t => t.Smoothed.Bounds.IntersectionOverUnion(detection.Box) > 0.2f))
            {
                continue;
            }

            var landmarks = _engine.Locate(frame, detection, LandmarkPrecision.Tracking);
            var track = NewTrack(landmarks, detection.Detector);
            track.DetectionScore = detection.Score;
            track.Seen = frame.Index;
            if (_tracks.Count > 1)
            {
                notes.Add($"face {track.Id} appeared");
            }
        }
    }

    private Track NewTrack(FaceLandmarks landmarks, string detector)
    {
        var track = new Track(_nextId++, landmarks, detector, _options, _frameInterval);
        _tracks.Add(track);
        return track;
    }

    /// <summary>A cut shows as a large change of a tiny grey thumbnail between frames.</summary>
    private bool IsCut(VideoFrame frame)
    {
        var thumbnail = new byte[ThumbnailWidth * ThumbnailHeight];
        var pixels = frame.Pixels;
        var bytesPerPixel = frame.PixelFormat.BytesPerPixel();
        for (var y = 0; y < ThumbnailHeight; y++)
        {
            var row = ((y * frame.Height) + (frame.Height / 2)) / ThumbnailHeight;
            for (var x = 0; x < ThumbnailWidth; x++)
            {
                var column = ((x * frame.Width) + (frame.Width / 2)) / ThumbnailWidth;
                var p = (row * frame.Stride) + (column * bytesPerPixel);
                thumbnail[(y * ThumbnailWidth) + x] = (byte)((pixels[p] + pixels[p + 1] + pixels[p + 2]) / 3);
            }
        }

        var previous = _previousThumbnail;
        _previousThumbnail = thumbnail;
        if (previous is null)
        {
            return false;
        }

        long difference = 0;
        for (var i = 0; i < thumbnail.Length; i++)
        {
            difference += Math.Abs(thumbnail[i] - previous[i]);
        }

        return (double)difference / thumbnail.Length > CutThreshold;
    }

    private sealed class Track
    {
        private readonly OneEuroFilter[] _filters;
        private readonly double _interval;

        public Track(int id, FaceLandmarks landmarks, string detector, VisionOptions options, double interval)
        {
            Id = id;
            Detector = detector;
            _interval = interval;
            var moving = new HashSet<int>([.. landmarks.Layout.OuterLips, .. landmarks.Layout.InnerLips, .. landmarks.Layout.Jaw]);
            _filters = new OneEuroFilter[landmarks.Points.Count * 2];
            for (var i = 0; i < _filters.Length; i++)
            {
                var cutoff = moving.Contains(i / 2) ? options.MouthSmoothingMinCutoff : options.SmoothingMinCutoff;
                _filters[i] = new OneEuroFilter(cutoff, options.SmoothingBeta);
            }

            Raw = landmarks;
            Smoothed = Smooth(landmarks, landmarks.Confidence);
        }

        public int Id { get; }

        public string Detector { get; }

        public FaceLandmarks Raw { get; private set; }

        public FaceLandmarks Smoothed { get; private set; }

        public long Seen { get; set; } = -1;

        public int Misses { get; set; }

        public float DetectionScore { get; set; } = 1;

        public void Update(FaceLandmarks raw, long index)
        {
            Raw = raw;
            Seen = index;

            // The mesh scores every frame; dlib's confidence is the last detection's score.
            var confidence = raw.Engine == LandmarkEngineKind.Mesh ? raw.Confidence : DetectionScore;
            Smoothed = Smooth(raw, confidence);
        }

        private FaceLandmarks Smooth(FaceLandmarks raw, float confidence)
        {
            var scale = raw.InterOcular;
            var points = new Vector2[raw.Points.Count];
            for (var i = 0; i < points.Length; i++)
            {
                var p = raw.Points[i];
                points[i] = new Vector2(
                    (float)_filters[2 * i].Filter(p.X, _interval, scale),
                    (float)_filters[(2 * i) + 1].Filter(p.Y, _interval, scale));
            }

            return raw.WithPoints(points, confidence);
        }
    }
}
