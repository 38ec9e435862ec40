using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OpenCvSharp;
using Talkie.Media;
using Talkie.Speech.Features;
using Talkie.Speech.Recognition;
using Talkie.Speech.Visemes;
using Talkie.Vision;
using Talkie.Vision.Landmarks;

namespace Talkie.Avatars.Trained;

/// <summary>The stages of training, in order.</summary>
public enum TrainingStage
{
    /// <summary>Reading the footage's streams and checking its limits.</summary>
    Checking,

    /// <summary>Following the face through every frame and storing the footage.</summary>
    Tracking,

    /// <summary>Timing the speech's phones.</summary>
    Listening,

    /// <summary>Learning the mouth, the loops and the style.</summary>
    Learning,

    /// <summary>Cutting out and storing each frame's mouth.</summary>
    Storing,
}

/// <summary>What an avatar is trained for, and so what its package keeps.</summary>
public enum TrainingPurpose
{
    /// <summary>A presenter for new videos: the footage and its loop points are stored too.</summary>
    Presenter,

    /// <summary>Re-syncing the mouth of the very video it learned from (dubbing): only the faces, the mouths and the model; the video itself is the footage.</summary>
    Resync,
}

/// <summary>Progress of a training.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Fraction">How far the stage has got (0–1).</param>
public readonly record struct TrainingProgress(TrainingStage Stage, double Fraction);

/// <summary>A finished training.</summary>
/// <param name="Manifest">The stored avatar's manifest.</param>
/// <param name="Folder">Where it is stored.</param>
/// <param name="Model">What was learned.</param>
public sealed record TrainingResult(AvatarManifest Manifest, string Folder, AvatarModel Model);

/// <summary>
/// Learns a person from footage of them talking: tracks the face in every frame (face mesh), stores
/// the footage upright at a constant frame rate, times the speech's phones (recognition, then forced
/// alignment, for English; a phone loop for other languages) and learns from them how this person's
/// mouth moves (<see cref="MouthModel"/>), finds the footage's loop points (<see cref="FootageLoops"/>),
/// measures their talking style, and stores each frame's mouth region for re-use. The package is
/// written aside and renamed into place at the end, so a failure leaves nothing behind.
/// </summary>
public sealed class AvatarTrainer
{
    // The least spread of the mouth's opening (÷ inter-ocular distance, 5th to 95th percentile) in footage of
    // someone talking; the shared clips spread 0.1 or more, a still picture's mouth 0.
    private const float StillMouth = 0.02f;

    private readonly FaceAnalyzer _faces;
    private readonly MediaProbe _probe;
    private readonly MediaDecoder _decoder;
    private readonly VideoEncoder _encoder;
    private readonly SpeechAnalyzer _speech;
    private readonly AvatarStore _store;
    private readonly TrainedAvatarOptions _options;

    /// <summary>Creates the trainer.</summary>
    public AvatarTrainer(FaceAnalyzer faces, MediaProbe probe, MediaDecoder decoder, VideoEncoder encoder, SpeechAnalyzer speech, AvatarStore store, IOptions<TrainedAvatarOptions> options)
    {
        _faces = faces;
        _probe = probe;
        _decoder = decoder;
        _encoder = encoder;
        _speech = speech;
        _store = store;
        _options = options.Value;
    }

    /// <summary>Trains an avatar from <paramref name="videoPath"/> and stores it as <paramref name="name"/>.</summary>
    /// <param name="videoPath">Footage of one person talking to the camera, with sound.</param>
    /// <param name="name">The avatar's name.</param>
    /// <param name="language">The language spoken (English is recognized and aligned; others are timed by phones).</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Stops training (nothing is kept).</param>
    /// <exception cref="InvalidInputException">The footage cannot make an avatar (the message says why and what to do).</exception>
    public Task<TrainingResult> TrainAsync(string videoPath, string name, string? language, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        => TrainAsync(videoPath, name, language, TrainingPurpose.Presenter, (listening, token) => _speech.TimeSpeechAsync(videoPath, null, language ?? "en", listening, token), progress, cancellationToken);

    /// <summary>Trains an avatar from <paramref name="videoPath"/> with its speech timed by <paramref name="timeSpeech"/> (e.g. a recognition the caller needs anyway), run while the face is tracked.</summary>
    /// <param name="videoPath">Footage of one person talking to the camera, with sound.</param>
    /// <param name="name">The avatar's name.</param>
    /// <param name="language">The language spoken.</param>
    /// <param name="purpose">What the avatar is for (what its package keeps).</param>
    /// <param name="timeSpeech">Times the footage's speech (receives its progress).</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Stops training (nothing is kept).</param>
    /// <exception cref="InvalidInputException">The footage cannot make an avatar (the message says why and what to do).</exception>
    public async Task<TrainingResult> TrainAsync(string videoPath, string name, string? language, TrainingPurpose purpose, Func<IProgress<double>, CancellationToken, Task<TimedSpeech>> timeSpeech, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(videoPath);
        ArgumentNullException.ThrowIfNull(timeSpeech);
        var clock = Stopwatch.StartNew();
        var stored = AvatarStore.CheckNewName(name);
        progress?.Report(new TrainingProgress(TrainingStage.Checking, 0));
        var (fps, size, notes) = await CheckAsync(videoPath, cancellationToken).ConfigureAwait(false);
        var partial = _store.Begin(stored);
        try
        {
            // The speech is timed while the face is tracked (two independent passes over the file).
            using var listen = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var tracking = true;
            var listening = new Progress<double>(p =>
            {
                if (!Volatile.Read(ref tracking))
                {
                    progress?.Report(new TrainingProgress(TrainingStage.Listening, p));
                }
            });
            var timing = timeSpeech(listening, listen.Token);
            Tracked tracked;
            try
            {
                tracked = await TrackAsync(videoPath, partial, fps, size, purpose, progress, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await listen.CancelAsync().ConfigureAwait(false);
                await ((Task)timing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }

            Volatile.Write(ref tracking, false);
            progress?.Report(new TrainingProgress(TrainingStage.Listening, 0));
            var speech = await timing.ConfigureAwait(false);
            var n = tracked.Faces.Count;
            if (n < _options.MinimumSeconds * fps)
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{videoPath} gave only {n} frames; train from at least {_options.MinimumSeconds:0} s of footage"));
            }

            // A still picture made into a video (a photo with a voice over it) shows a face whose mouth never moves:
            // there is no mouth to learn. The spread leaves out the 5% at each end (a frame or two misread).
            var openings = tracked.Faces.Select(f => f.MouthOpening).Order().ToArray();
            if (openings[n - 1 - (n / 20)] - openings[n / 20] < StillMouth)
            {
                throw new InvalidInputException($"the mouth never moves in {videoPath} (a still picture made into a video?); train from footage of the person talking, or make a photo avatar from a picture with `talkie avatar photo PICTURE --name NAME`");
            }

            if (speech.Phones.Count == 0)
            {
                throw new InvalidInputException($"no speech was heard in {videoPath}; a trained avatar learns its mouth from the person talking, so film them speaking");
            }

            notes.AddRange(speech.Notes);
            float[][] features;
            double? pitch;
            using (var audio = await _decoder.ReadAudioAsync(videoPath, SpeechFeatures.SampleRate, cancellationToken).ConfigureAwait(false))
            {
                features = SpeechFeatures.PerFrame(audio, fps, n);
                pitch = VoiceAnalysis.Measure(audio) is { MedianPitch: > 0 } voice ? voice.MedianPitch : null;
            }

            progress?.Report(new TrainingProgress(TrainingStage.Learning, 0));
            var duration = TimeSpan.FromSeconds((double)n / fps);
            var track = VisemeTrackBuilder.Build(speech.Phones, duration, new VisemeOptions { FrameRate = fps, SnapToFrames = true });
            var shapes = Enumerable.Range(0, n).Select(i => track.ShapeAt(TimeSpan.FromSeconds((double)i / fps))).ToArray();
            var loudness = features.Select(f => f[0]).ToArray();
            var mouth = MouthModel.Learn(shapes, loudness, [.. tracked.Faces.Select(f => f.MouthOpening)], [.. tracked.Faces.Select(f => f.MouthWidth)]);
            var region = MouthRegion.Of(tracked.Faces);
            var loops = purpose == TrainingPurpose.Presenter
                ? FootageLoops.Find(tracked.Thumbnails, FootageThumbnails.MouthMask(tracked.Faces, size.Width, size.Height), shortestLoop: fps, tracked.Hidden)
                : null;
            progress?.Report(new TrainingProgress(TrainingStage.Learning, 0.5));
            var frames = new FootageFrame[n];
            for (var i = 0; i < n; i++)
            {
                var face = tracked.Faces[i];
                frames[i] = new FootageFrame(FacePlacement.Of(face), face.Pose.Yaw, face.Pose.Pitch, face.Pose.Roll, face.MouthOpening, face.MouthWidth, shapes[i], loudness[i], tracked.Crops[i], tracked.Hidden[i]);
            }

            var model = new AvatarModel { Mouth = mouth, Region = region, Loops = loops?.Points ?? new LoopPoints([], 0, 0), Habits = Habits(tracked.Faces, frames, fps), Frames = frames };
            progress?.Report(new TrainingProgress(TrainingStage.Storing, 0));
            if (loops is not null)
            {
                await WriteThumbnailsAsync(Path.Combine(partial, AvatarStore.ThumbnailsFile), loops.KeptThumbnails, cancellationToken).ConfigureAwait(false);
            }

            await WriteFacesAsync(Path.Combine(partial, AvatarStore.FacesFile), tracked.Faces, cancellationToken).ConfigureAwait(false);
            if (duration.TotalSeconds < _options.RecommendedSeconds)
            {
                notes.Insert(0, string.Create(CultureInfo.InvariantCulture, $"the footage is {duration.TotalSeconds:0.#} s long: the avatar will repeat its few motions; {_options.RecommendedSeconds:0} s or more is recommended"));
            }

            if (loops is not null && tracked.Hidden.Any(h => h))
            {
                // The parts the walk can reach: the one it starts in, and those a jump leads into.
                var used = loops.Stretches.Where(t => (t.First == loops.First && t.Last == loops.Last) || loops.Jumps.Any(j => t.Contains(j.To) && !t.Contains(j.From))).Sum(t => t.Length);
                var seen = tracked.Hidden.Count(h => !h);
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"the face could not be seen in {tracked.Hidden.Count(h => h)} frames (first at {Array.IndexOf(tracked.Hidden, true) / (double)fps:0.0} s): the avatar never shows them{(used == seen ? ", and jumps over them to the rest of the footage" : $", and moves as in {(double)used / fps:0.0} s of the {(double)seen / fps:0.0} s where the face is seen (the rest lies in parts too short to jump into)")}"));
            }

            // Mouths whose chin left the picture (or whose face came too close for the crop) are used only where
            // nothing else is; either way the user learns how to film.
            var shown = frames.Count(f => !f.Hidden);
            var cut = Enumerable.Range(0, n).Where(i => !frames[i].Hidden && !region.CoreInside(frames[i].Placement, frames[i].Crop, tracked.CropSize.Width, tracked.CropSize.Height)).ToList();
            if (cut.Count > 0)
            {
                notes.Add(TrainedPlayback.EnoughWholeMouths(shown - cut.Count, shown)
                    ? string.Create(CultureInfo.InvariantCulture, $"the chin left the picture in {cut.Count} frames (first at {cut[0] / (double)fps:0.0} s): their mouths are not used")
                    : string.Create(CultureInfo.InvariantCulture, $"the chin is out of the picture in {cut.Count * 100.0 / shown:0}% of the footage: the avatar's mouth is painted only as far down as the footage shows it; film with the whole chin in the picture"));
            }

            if (loops is { Jumps.Count: 0 })
            {
                notes.Add("no seamless loop point was found: long videos will dissolve between distant frames; film a little longer, keeping still between sentences");
            }

            var manifest = new AvatarManifest
            {
                Schema = AvatarManifest.CurrentSchema,
                Name = stored,
                Created = DateTimeOffset.UtcNow,
                SourceFile = Path.GetFileName(videoPath),
                SourceSha256 = await FileHash.Sha256Async(videoPath, cancellationToken).ConfigureAwait(false),
                Language = language ?? "en",
                FrameRate = fps,
                Width = size.Width,
                Height = size.Height,
                FrameCount = n,
                MouthWidth = tracked.CropSize.Width,
                MouthHeight = tracked.CropSize.Height,
                SpeakerPitch = pitch is { } hz ? Math.Round(hz, 1) : null,
                TrainingSeconds = clock.Elapsed.TotalSeconds,
                Notes = notes,
            };
            cancellationToken.ThrowIfCancellationRequested();
            var folder = _store.Commit(partial, manifest, model);
            progress?.Report(new TrainingProgress(TrainingStage.Storing, 1));
            return new TrainingResult(manifest, folder, model);
        }
        catch
        {
            AvatarStore.Abandon(partial);
            throw;
        }
    }

    private async Task<(int Fps, Size Size, List<string> Notes)> CheckAsync(string videoPath, CancellationToken cancellationToken)
    {
        var info = await _probe.ProbeAsync(videoPath, cancellationToken).ConfigureAwait(false);
        var video = info.Video ?? throw new InvalidInputException($"{videoPath} has no pictures; train from a video of the person talking to the camera");
        if (info.FormatName is "image2" or "png_pipe" or "jpeg_pipe" or "webp_pipe" or "bmp_pipe")
        {
            throw new InvalidInputException($"{videoPath} is a still picture, not footage; train from a video of the person talking, or make a photo avatar from the picture with `talkie avatar photo {Path.GetFileName(videoPath)} --name NAME`");
        }

        if (info.Audio is null)
        {
            throw new InvalidInputException($"{videoPath} has no sound; the avatar learns how the person's mouth moves from their speech, so film them talking, with sound");
        }

        var seconds = (info.Duration ?? video.Duration)?.TotalSeconds ?? 0;
        if (seconds < _options.MinimumSeconds)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{videoPath} is {seconds:0.#} s long; train from at least {_options.MinimumSeconds:0} s of the person talking ({_options.RecommendedSeconds:0} s to 2 min is best)"));
        }

        if (seconds > _options.MaximumSeconds)
        {
            throw new InvalidInputException($"{videoPath} is {Minutes(Math.Ceiling(seconds))} long; the limit is {Minutes(_options.MaximumSeconds)} (30 s to 2 min is best): trim it first, e.g. ffmpeg -i IN -t 120 -c copy OUT.mp4");
        }

        var notes = new List<string>();
        var rate = video.FrameRate > 0 ? video.FrameRate : video.BaseFrameRate;
        if (rate <= 0)
        {
            throw new InvalidInputException($"{videoPath} does not say its frame rate; re-encode it first, e.g. ffmpeg -i IN -r 25 OUT.mp4");
        }

        // Variable frame rate: the stream's base rate is the grid its frames fall on (the average is
        // lower where frames are missing); frames are repeated to fill it.
        var variable = video.BaseFrameRate > 0 && Math.Abs(video.BaseFrameRate - video.FrameRate) > 0.02 * video.FrameRate;
        if (variable && video.BaseFrameRate <= 60)
        {
            rate = video.BaseFrameRate;
        }

        // Faster than the avatar keeps: one frame in `every`, evenly.
        var every = 1;
        while (Math.Round(rate / every) > _options.MaxFrameRate)
        {
            every++;
        }

        var fps = (int)Math.Clamp(Math.Round(rate / every), 10, 60);
        if (variable)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"the footage has a variable frame rate (average {video.FrameRate:0.##} fps): it was resampled to a constant {fps} fps"));
        }
        else if (every > 1)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{rate:0.###} fps footage is stored at {fps} fps, one frame in {every} (an avatar keeps up to {_options.MaxFrameRate} fps: presenters are made at 25 or 30)"));
        }
        else if (Math.Abs(rate - fps) > 0.001)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{rate:0.###} fps footage is stored at {fps} fps"));
        }

        if (video.Rotation != 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"the footage is marked as turned {video.Rotation}°: it was stood upright"));
        }

        var (w, h) = (video.DisplayWidth, video.DisplayHeight);
        if (w < 64 || h < 64)
        {
            throw new InvalidInputException($"{videoPath} is {w}×{h}; the face cannot be seen at that size: film at 720p or more");
        }

        var scale = Math.Min(1, (double)_options.MaxSide / Math.Max(w, h));
        var size = new Size((int)Math.Round(w * scale / 2) * 2, (int)Math.Round(h * scale / 2) * 2);
        return (fps, size, notes);
    }

    // Each frame's face as the mesh placed it in that frame (not smoothed: a pasted mouth must sit where
    // the face is in that very frame, and smoothing lags behind a moving head), and where its mouth crop was cut.
    private sealed record Tracked(List<FaceLandmarks> Faces, bool[] Hidden, List<float[]> Thumbnails, Size CropSize, List<Vector2> Crops);

    // Decodes the footage once: each frame is tracked, its mouth cut out and stored, and (for a presenter)
    // the frame thumbnailed and written to the package's footage.
    private async Task<Tracked> TrackAsync(string videoPath, string partial, int fps, Size size, TrainingPurpose purpose, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var info = await _probe.ProbeAsync(videoPath, cancellationToken).ConfigureAwait(false);
        var expected = Math.Max(1, ((info.Duration ?? info.Video!.Duration)?.TotalSeconds ?? 1) * fps);
        // A second person matters only near the main face's size (below): BlazeFace finds those; the search for small faces is skipped.
        var tracker = _faces.CreateTracker(LandmarkEngineKind.Mesh, fps, smallFaces: false);
        var raw = new List<FaceLandmarks?>();
        var thumbnails = new List<float[]>();
        int missing = 0, crowded = 0;
        double? firstMissing = null, firstCrowded = null, cut = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var presenter = purpose == TrainingPurpose.Presenter;
        var channel = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var settings = new VideoEncodeSettings(Path.Combine(partial, AvatarStore.FootageFile), size.Width, size.Height, fps)
        {
            InputPixelFormat = FramePixelFormat.Bgra32,

            // Stored once and read many times: a low CRF keeps the person's detail; a fast preset
            // keeps training quick (the file is larger, not worse).
            Crf = 16,
            Preset = "superfast",
            KeyframeInterval = fps / 2,
        };
        var encoding = presenter ? _encoder.EncodeAsync(settings, channel, stop.Token) : Task.CompletedTask;
        var mouths = new MouthCropWriter(_encoder, Path.Combine(partial, AvatarStore.MouthsFile), fps, size, stop.Token);
        try
        {
            var reading = new FrameReading { FrameRate = fps, Size = (size.Width, size.Height) };
            await foreach (var frame in _decoder.ReadFramesAsync(videoPath, FramePixelFormat.Bgra32, reading, stop.Token).ConfigureAwait(false))
            {
                var result = tracker.Process(frame);
                var time = (double)frame.Index / fps;
                if (result.Notes.Any(n => n.StartsWith("a cut", StringComparison.Ordinal)))
                {
                    cut ??= time;
                }

                var others = result.Faces.Count(f => !f.IsPrimary && f.Landmarks.InterOcular > 0.5f * (result.Primary?.Landmarks.InterOcular ?? float.MaxValue));
                if (others > 0)
                {
                    crowded++;
                    firstCrowded ??= time;
                }

                if (result.Primary is { } primary)
                {
                    raw.Add(primary.Raw);
                }
                else
                {
                    missing++;
                    firstMissing ??= time;
                    raw.Add(null);
                }

                if (!await mouths.AddAsync(frame, raw[^1]).ConfigureAwait(false))
                {
                    throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"no face was found in {videoPath} in its first {time:0} s; start the footage with the person facing the camera, their whole face in the picture"));
                }

                if (presenter)
                {
                    thumbnails.Add(FootageThumbnails.Of(frame));
                    await channel.Writer.WriteAsync(frame, stop.Token).ConfigureAwait(false);
                }
                else
                {
                    frame.Dispose();
                }

                progress?.Report(new TrainingProgress(TrainingStage.Tracking, Math.Min(1, raw.Count / expected)));
            }

            channel.Writer.TryComplete();
            await encoding.ConfigureAwait(false);
            await mouths.CompleteAsync().ConfigureAwait(false);
        }
        catch (ToolFailedException ex) when (raw.Count == 0)
        {
            await StopAsync().ConfigureAwait(false);
            throw new InvalidInputException($"{videoPath} could not be decoded ({info.Video?.Codec} video): convert it to H.264 first, e.g. ffmpeg -i IN -c:v libx264 -c:a aac OUT.mp4", ex);
        }
        catch (ChannelClosedException ex) when (ex.InnerException is { } failure)
        {
            // An encoder failed (its channel closed with the error): that error, not the closed channel, is the news.
            await StopAsync().ConfigureAwait(false);
            ExceptionDispatchInfo.Throw(failure);
        }
        catch
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }

        var n = raw.Count;
        if (n == 0 || missing == n)
        {
            throw new InvalidInputException($"no face was found in {videoPath}; film the person facing the camera, their whole face in the picture");
        }

        if (missing > _options.MaxFramesWithoutFace * n)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"the face is missing from {missing * 100.0 / n:0}% of {videoPath} (first at {firstMissing:0.0} s); keep the whole face in the picture, facing the camera, all the time"));
        }

        if (crowded > _options.MaxFramesWithoutFace * n)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{videoPath} shows two people (from {firstCrowded:0.0} s); a trained avatar learns one person: film them alone"));
        }

        if (cut is { } at)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{videoPath} has a cut at {at:0.0} s; train from one continuous shot (trim at the cut, e.g. ffmpeg -i IN -t {at:0.0} OUT.mp4)"));
        }

        // A face on its side or upside down (footage filmed sideways and not marked so, or marked wrongly) would
        // make an avatar lying so: the footage must be turned first.
        var tilt = raw.OfType<FaceLandmarks>().Select(f => f.Pose.Roll).Order().ElementAt((n - missing) / 2);
        if (Math.Abs(tilt) > 45)
        {
            var turn = Math.Abs(tilt) > 135 ? "hflip,vflip" : tilt < 0 ? "transpose=1" : "transpose=2";
            throw new InvalidInputException(info.Video?.Rotation is { } mark and not 0
                ? string.Create(CultureInfo.InvariantCulture, $"the person is not upright in {videoPath} once it is turned as its rotation mark says ({mark}°): the mark looks wrong; remove it first, e.g. ffmpeg -i IN -c copy -metadata:s:v:0 rotate=0 OUT.mp4")
                : string.Create(CultureInfo.InvariantCulture, $"the person is not upright in {videoPath} (the face is turned {Math.Abs(tilt):0}°); stand the video upright first, e.g. ffmpeg -i IN -vf {turn} -c:a copy OUT.mp4"));
        }

        // The few frames where the face was lost borrow the nearest frame's, and they and their neighbours (where
        // the face was half hidden, its landmarks unsure) are marked hidden: never shown, their mouths never used.
        var hidden = Enumerable.Range(0, n).Select(i => raw[i] is null || (i > 0 && raw[i - 1] is null) || (i + 1 < n && raw[i + 1] is null)).ToArray();
        return new Tracked(Fill(raw), hidden, thumbnails, mouths.Size, mouths.Origins);

        async Task StopAsync()
        {
            channel.Writer.TryComplete();
            await stop.CancelAsync().ConfigureAwait(false);
            await encoding.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await mouths.AbandonAsync().ConfigureAwait(false);
        }
    }

    // A length in minutes and seconds: "10 min", "10 min 1 s".
    private static string Minutes(double seconds)
    {
        var whole = (long)Math.Round(seconds);
        return whole % 60 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{whole / 60} min")
            : string.Create(CultureInfo.InvariantCulture, $"{whole / 60} min {whole % 60} s");
    }

    private static List<FaceLandmarks> Fill(List<FaceLandmarks?> faces)
    {
        var filled = new List<FaceLandmarks>(faces.Count);
        for (var i = 0; i < faces.Count; i++)
        {
            var face = faces[i];
            for (var d = 1; face is null; d++)
            {
                face = (i - d >= 0 ? faces[i - d] : null) ?? (i + d < faces.Count ? faces[i + d] : null);
            }

            filled.Add(face);
        }

        return filled;
    }

    private static TalkingHabits Habits(IReadOnlyList<FaceLandmarks> faces, FootageFrame[] frames, int fps)
    {
        // Blinks: frames whose eyes are under 60% of their usual opening, counted by onsets.
        var eyes = faces.Select(f => (f.EyeOpening.Right + f.EyeOpening.Left) / 2).ToArray();
        var usual = eyes.Order().ElementAt(eyes.Length / 2);
        var blinks = 0;
        for (var i = 0; i < eyes.Length; i++)
        {
            blinks += eyes[i] < 0.6f * usual && (i == 0 || eyes[i - 1] >= 0.6f * usual) ? 1 : 0;
        }

        var minutes = frames.Length / (double)fps / 60;
        var xs = frames.Select(f => f.Placement.Centre.X * f.Placement.Scale).ToArray();
        var ys = frames.Select(f => f.Placement.Centre.Y * f.Placement.Scale).ToArray();
        var angles = frames.Select(f => f.Placement.Angle * 180 / MathF.PI).ToArray();
        var pauses = new List<Vector2>();
        var start = -1;
        for (var i = 0; i <= frames.Length; i++)
        {
            var quiet = i < frames.Length && frames[i].Shape == Viseme.X;
            if (quiet && start < 0)
            {
                start = i;
            }
            else if (!quiet && start >= 0)
            {
                if (i - start >= 0.3 * fps)
                {
                    pauses.Add(new Vector2((float)start / fps, (float)i / fps));
                }

                start = -1;
            }
        }

        return new TalkingHabits(
            (float)(blinks / Math.Max(minutes, 1e-6)),
            (Spread(xs) + Spread(ys)) / 2,
            Spread(angles),
            frames.Count(f => f.Shape != Viseme.X) / (float)frames.Length,
            pauses);

        static float Spread(float[] values)
        {
            var mean = values.Average();
            return MathF.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        }
    }

    private static async Task WriteThumbnailsAsync(string path, IReadOnlyList<float[]> thumbnails, CancellationToken cancellationToken)
    {
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            var header = new byte[8];
            BitConverter.TryWriteBytes(header.AsSpan(0, 4), thumbnails.Count);
            BitConverter.TryWriteBytes(header.AsSpan(4, 4), thumbnails.Count == 0 ? 0 : thumbnails[0].Length);
            await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            foreach (var thumbnail in thumbnails)
            {
                await stream.WriteAsync(thumbnail.Select(v => (byte)Math.Clamp(MathF.Round(v), 0, 255)).ToArray(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads thumbnails written by training.</summary>
    public static List<float[]> ReadThumbnails(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var count = BitConverter.ToInt32(bytes, 0);
        var length = BitConverter.ToInt32(bytes, 4);
        if (bytes.Length != 8 + ((long)count * length))
        {
            throw new InvalidDataException($"{path} is damaged");
        }

        var thumbnails = new List<float[]>(count);
        for (var i = 0; i < count; i++)
        {
            var thumbnail = new float[length];
            for (var p = 0; p < length; p++)
            {
                thumbnail[p] = bytes[8 + (i * length) + p];
            }

            thumbnails.Add(thumbnail);
        }

        return thumbnails;
    }

    // The face mesh of every frame: a count, the points per frame, then x, y as 32-bit floats.
    private static async Task WriteFacesAsync(string path, IReadOnlyList<FaceLandmarks> faces, CancellationToken cancellationToken)
    {
        var points = faces[0].Points.Count;
        var bytes = new byte[8 + (faces.Count * points * 8)];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), faces.Count);
        BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), points);
        var offset = 8;
        foreach (var face in faces)
        {
            foreach (var p in face.Points)
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(offset, 4), p.X);
                BitConverter.TryWriteBytes(bytes.AsSpan(offset + 4, 4), p.Y);
                offset += 8;
            }
        }

        await File.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the face mesh of every frame written by training.</summary>
    public static Vector2[][] ReadFaces(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var count = BitConverter.ToInt32(bytes, 0);
        var points = BitConverter.ToInt32(bytes, 4);
        if (bytes.Length != 8 + ((long)count * points * 8))
        {
            throw new InvalidDataException($"{path} is damaged");
        }

        var faces = new Vector2[count][];
        for (var i = 0; i < count; i++)
        {
            var face = faces[i] = new Vector2[points];
            for (var p = 0; p < points; p++)
            {
                var offset = 8 + (((i * points) + p) * 8);
                face[p] = new Vector2(BitConverter.ToSingle(bytes, offset), BitConverter.ToSingle(bytes, offset + 4));
            }
        }

        return faces;
    }
}
