using System.Numerics;
using OpenCvSharp;
using Talkie.Media;
using Talkie.Vision;
using Talkie.Vision.Landmarks;

namespace Talkie.Avatars.Trained;

/// <summary>
/// One performance of a trained avatar, made frame by frame in order on a background task and shared
/// by the render workers: the base track (the footage walked through its loop points, dissolving
/// across each jump), and on each base frame the mouth chosen for the new speech, moved into place,
/// colour-matched and blended. Footage is read as the walk needs it (a decoder per run of frames,
/// started at a key frame near it); the chosen mouths are read once, up front.
/// </summary>
internal sealed class TrainedPlayback : IDisposable
{
    // How many frames are kept (workers draw frames a few apart), and how far ahead of the furthest asked-for frame the track is made.
    private const int Kept = 32;
    private const int Ahead = 12;

    // How many frames before a run starts its decoder is started, and how many decoders stay open.
    private const int Lookahead = 10;
    private const int OpenReaders = 4;

    // The fewest whole mouths (chin in the picture) a library is made of alone: a second's worth, and a tenth of the footage.
    internal const int MinimumWholeMouths = 25;

    private readonly TrainedAvatar _avatar;
    private readonly MediaDecoder _decoder;
    private readonly BaseFrame[] _walk;
    private readonly int[] _mouths;
    private readonly VideoFrame?[] _ring = new VideoFrame?[Kept];
    private readonly int[] _ringIndex = Enumerable.Repeat(-1, Kept).ToArray();
    private readonly object _gate = new();
    private readonly SemaphoreSlim _demand = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _making;
    private readonly List<Task> _closing = [];
    private int _asked = -1;
    private int _made = -1;
    private Exception? _failure;

    public TrainedPlayback(TrainedAvatar avatar, AvatarPerformance performance, MediaDecoder decoder)
    {
        _avatar = avatar;
        _decoder = decoder;
        (_walk, _mouths) = Plan(avatar, performance, LengthOf(avatar, performance));
        _making = Task.Run(() => MakeAsync(_stop.Token));
    }

    /// <summary>The number of footage-rate frames a performance needs.</summary>
    public static int LengthOf(TrainedAvatar avatar, AvatarPerformance performance)
        => (int)Math.Ceiling(performance.Visemes.Duration.TotalSeconds * avatar.Manifest.FrameRate) + 1;

    /// <summary>Chooses the base track and the mouths for a performance.</summary>
    public static (BaseFrame[] Walk, int[] Mouths) Plan(TrainedAvatar avatar, AvatarPerformance performance, int length)
    {
        ArgumentNullException.ThrowIfNull(avatar);
        ArgumentNullException.ThrowIfNull(performance);
        var fps = avatar.Manifest.FrameRate;
        var model = avatar.Model;
        var shapes = Enumerable.Range(0, length).Select(k => performance.Visemes.ShapeAt(TimeSpan.FromSeconds((double)k / fps))).ToArray();
        var loudness = performance.Loudness.Count == 0
            ? []
            : Enumerable.Range(0, length).Select(k => performance.Loudness[Math.Min(performance.Loudness.Count - 1, (int)Math.Round(k * performance.FrameRate / fps))]).ToArray();
        var footageShapes = model.Frames.Select(f => f.Shape).ToArray();
        var thumbnails = AvatarTrainer.ReadThumbnails(Path.Combine(avatar.Folder, AvatarStore.ThumbnailsFile));
        var walk = FootageLoops.Restore(thumbnails, model.Loops).Walk(
            length,
            shortestRun: fps,
            seed: performance.Seed,
            footageSpeaking: [.. footageShapes.Select(s => s != Speech.Visemes.Viseme.X)],
            wantedSpeaking: [.. shapes.Select(s => s != Speech.Visemes.Viseme.X)]);
        var poses = walk.Select(b => new Vector2(model.Frames[b.From].Yaw, model.Frames[b.From].Pitch)).ToArray();
        return (walk, ChooseMouths(model, shapes, loudness, poses, inView: MouthsInView(avatar)));
    }

    /// <summary>Whether <paramref name="whole"/> mouths with the chin in the picture, of <paramref name="shown"/> usable, make a library alone.</summary>
    internal static bool EnoughWholeMouths(int whole, int shown) => whole >= Math.Max(MinimumWholeMouths, shown / 10);

    /// <summary>Whether each footage frame's crop holds its whole mouth, jaw and chin (see <see cref="MouthRegion.CoreInside"/>).</summary>
    public static bool[] MouthsInView(TrainedAvatar avatar)
    {
        ArgumentNullException.ThrowIfNull(avatar);
        return [.. Enumerable.Range(0, avatar.Model.Frames.Count).Select(i => MouthInView(avatar, i))];
    }

    /// <summary>Whether footage frame <paramref name="frame"/>'s crop holds its whole mouth, jaw and chin.</summary>
    public static bool MouthInView(TrainedAvatar avatar, int frame)
    {
        ArgumentNullException.ThrowIfNull(avatar);
        var footage = avatar.Model.Frames[frame];
        return avatar.Model.Region.CoreInside(footage.Placement, footage.Crop, avatar.Manifest.MouthWidth, avatar.Manifest.MouthHeight);
    }

    /// <summary>
    /// Chooses a footage frame's mouth for each frame of new speech (its mouth shapes and loudness, at the
    /// footage's rate), shown on base frames whose heads are turned as <paramref name="poses"/> says.
    /// </summary>
    /// <param name="model">What training learned.</param>
    /// <param name="shapes">The new speech's mouth shape at each frame.</param>
    /// <param name="loudness">The new speech's loudness at each frame.</param>
    /// <param name="poses">The head's turn and nod in each base frame.</param>
    /// <param name="loudnessEmphasis">
    /// How much more the opening follows the new sound's loudness than the person's habit says (in standard
    /// deviations of their opening per standard deviation of loudness): a dub re-makes the mouth of someone whose
    /// own mouth moved with other words, and it must be seen to move with the new ones.
    /// </param>
    /// <param name="inView">Whether each footage frame shows its whole mouth and chin (<see cref="MouthsInView"/>); null where all do.</param>
    public static int[] ChooseMouths(AvatarModel model, IReadOnlyList<Speech.Visemes.Viseme> shapes, IReadOnlyList<float> loudness, IReadOnlyList<Vector2> poses, float loudnessEmphasis = 0, IReadOnlyList<bool>? inView = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(loudness);
        var wanted = model.Mouth.Predict(shapes, loudness);
        var lead = model.Mouth.LeadFrames;
        if (loudnessEmphasis > 0 && loudness.Count == wanted.Length)
        {
            var openings = model.Frames.Select(f => f.Opening).ToArray();
            var spread = MathF.Sqrt(openings.Average(o => o * o) - MathF.Pow(openings.Average(), 2));
            var (mean, sd) = (loudness.Average(), MathF.Sqrt(loudness.Average(l => l * l) - MathF.Pow(loudness.Average(), 2)));
            for (var k = 0; k < wanted.Length && sd > 1e-6; k++)
            {
                var z = (loudness[Math.Min(loudness.Count - 1, k + lead)] - mean) / sd;
                wanted[k] = (Math.Max(0, wanted[k].Opening + (loudnessEmphasis * spread * z)), wanted[k].Width);
            }
        }

        var footageShapes = model.Frames.Select(f => f.Shape).ToArray();
        // A frame whose face was hidden has no mouth to give (its crop shows whatever covered it), and one whose
        // chin left the picture only part of one (painting it would mix its lips with the base frame's), unless
        // nearly all are so (footage filmed with the chin out of the picture): then the parts shown are painted.
        var shown = model.Frames.Select((f, i) => (f, i)).Where(x => !x.f.Hidden).ToList();
        var whole = shown.Where(x => inView is null || inView[x.i]).ToList();
        var library = new MouthLibrary([.. (EnoughWholeMouths(whole.Count, shown.Count) ? whole : shown).Select(x => new MouthSample(x.i, x.f.Placement, x.f.Opening, x.f.Width, MouthModel.Shifted(footageShapes, x.i, lead), new Vector2(x.f.Yaw, x.f.Pitch)))]);

        // P, B and M close the lips whatever the person's habit: the model's mean opening for the closed shape is
        // learned from footage whose phone timing is a frame or two off, so it asked for a half-open mouth and
        // most closures were never seen (9 of 15 in a script of the audit's, teeth showing through "pay" and "my").
        for (var k = 0; k < wanted.Length; k++)
        {
            if (MouthModel.Shifted(shapes, k, lead) == Speech.Visemes.Viseme.A)
            {
                wanted[k] = (Math.Min(wanted[k].Opening, library.Closed), wanted[k].Width);
            }
        }

        var chosen = library.Choose([.. wanted.Select((w, k) => (w.Opening, w.Width, MouthModel.Shifted(shapes, k, lead)))], poses);
        return [.. chosen.Select(i => library.Samples[i].Frame)];
    }

    /// <summary>Hands frame <paramref name="index"/> of the track to <paramref name="use"/> (which must not keep it), waiting until it is made.</summary>
    public T Use<T>(int index, Func<VideoFrame, T> use)
    {
        ArgumentNullException.ThrowIfNull(use);
        index = Math.Clamp(index, 0, _walk.Length - 1);
        lock (_gate)
        {
            if (index > _asked)
            {
                _asked = index;
                _demand.Release();
            }

            while (_made < index && _failure is null)
            {
                Monitor.Wait(_gate);
            }

            if (_failure is not null)
            {
                throw new InvalidOperationException("the trained avatar's footage could not be read", _failure);
            }

            var slot = index % Kept;
            if (_ringIndex[slot] != index)
            {
                throw new InvalidOperationException($"frame {index} of the trained avatar was asked for after it was let go");
            }

            return use(_ring[slot]!);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _making.Wait();
        }
        catch (AggregateException)
        {
        }

        foreach (var frame in _ring)
        {
            frame?.Dispose();
        }

        _stop.Dispose();
        _demand.Dispose();
    }

    private async Task MakeAsync(CancellationToken cancellationToken)
    {
        var mouths = new Dictionary<int, byte[]>();
        using var mouth = VideoFrame.Rent(_avatar.Manifest.MouthWidth, _avatar.Manifest.MouthHeight, FramePixelFormat.Bgra32);
        var readers = new List<FootageReader>();
        try
        {
            await ReadMouthsAsync(_decoder, _avatar, _mouths.ToHashSet(), mouths, cancellationToken).ConfigureAwait(false);
            var frames = _avatar.Model.Frames;
            var lips = Lips(AvatarTrainer.ReadFaces(Path.Combine(_avatar.Folder, AvatarStore.FacesFile)), frames);
            var region = _avatar.Model.Region;
            for (var k = 0; k < _walk.Length; k++)
            {
                while (Volatile.Read(ref _asked) + Ahead < k)
                {
                    await _demand.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                // The runs starting soon get their decoders now, so seeking and start-up overlap this work.
                if (k + Lookahead < _walk.Length)
                {
                    var soon = _walk[k + Lookahead];
                    Prefetch(readers, soon.From, cancellationToken);
                    if (soon.Mix > 0)
                    {
                        Prefetch(readers, soon.To, cancellationToken);
                    }
                }

                var step = _walk[k];
                var output = VideoFrame.Rent(_avatar.Manifest.Width, _avatar.Manifest.Height, FramePixelFormat.Bgra32, k);
                var from = await ReadAsync(readers, step.From, cancellationToken).ConfigureAwait(false);
                from.Pixels.CopyTo(output.Pixels);
                var placement = frames[step.From].Placement;
                if (step.Mix > 0)
                {
                    var to = await ReadAsync(readers, step.To, cancellationToken).ConfigureAwait(false);
                    Mix(output, to, step.Mix);
                    var other = frames[step.To].Placement;
                    placement = new FacePlacement(Vector2.Lerp(placement.Centre, other.Centre, step.Mix), placement.Angle + ((other.Angle - placement.Angle) * step.Mix), placement.Scale + ((other.Scale - placement.Scale) * step.Mix));
                }

                var source = _mouths[k];
                var origin = frames[source].Crop;
                var sourcePlacement = frames[source].Placement with { Centre = frames[source].Placement.Centre - origin };
                IReadOnlyList<Vector2>[] replaced = step.Mix > 0 ? [lips[step.From], lips[step.To], lips[source]] : [lips[step.From], lips[source]];
                ToBgra(mouths[source], mouth);
                MouthDubber.Paint(output, placement, mouth, sourcePlacement, region, replaced, cutShort: !MouthInView(_avatar, source));

                lock (_gate)
                {
                    var slot = k % Kept;
                    _ring[slot]?.Dispose();
                    _ring[slot] = output;
                    _ringIndex[slot] = k;
                    _made = k;
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                _failure = ex;
                Monitor.PulseAll(_gate);
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(_closing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Each footage frame's outer lips in standard units.</summary>
    internal static Vector2[][] Lips(Vector2[][] faces, IReadOnlyList<FootageFrame> frames)
    {
        if (faces.Length != frames.Count)
        {
            throw new InvalidDataException("the avatar's face mesh does not match its footage; train the avatar again");
        }

        return [.. faces.Select((points, i) =>
        {
            var face = FaceLandmarks.Create(LandmarkEngineKind.Mesh, points, FaceBox.Around(points), 1);
            return face.OuterLips.Select(frames[i].Placement.ToStandard).ToArray();
        })];
    }

    // The chosen mouths, in one pass over the stored crops, kept as stored (planar YUV 4:2:0, in arrays of
    // their own size: 1.5 bytes a pixel rather than a pooled BGRA buffer's 4 rounded up to a power of two).
    internal static async Task ReadMouthsAsync(MediaDecoder decoder, TrainedAvatar avatar, HashSet<int> needed, Dictionary<int, byte[]> mouths, CancellationToken cancellationToken)
    {
        if (needed.Count == 0)
        {
            return;
        }

        var path = Path.Combine(avatar.Folder, AvatarStore.MouthsFile);
        var last = needed.Max();
        var reading = new FrameReading { KnownSize = (avatar.Manifest.MouthWidth, avatar.Manifest.MouthHeight) };
        await foreach (var frame in decoder.ReadFramesAsync(path, FramePixelFormat.Yuv420, reading, cancellationToken).ConfigureAwait(false))
        {
            using (frame)
            {
                var index = (int)frame.Index;
                if (needed.Contains(index))
                {
                    mouths[index] = frame.Pixels.ToArray();
                }

                if (index >= last)
                {
                    break;
                }
            }
        }

        if (needed.Any(i => !mouths.ContainsKey(i)))
        {
            throw new InvalidDataException($"{path} has fewer frames than the avatar's footage; train the avatar again");
        }
    }

    /// <summary>Unpacks a stored mouth crop into a BGRA frame of its size.</summary>
    internal static void ToBgra(byte[] yuv, VideoFrame bgra)
    {
        using var planes = Mat.FromPixelData(bgra.Height * 3 / 2, bgra.Width, MatType.CV_8UC1, yuv);
        using var target = Mat.FromPixelData(bgra.Height, bgra.Width, MatType.CV_8UC4, bgra.Buffer, bgra.Stride);
        Cv2.CvtColor(planes, target, ColorConversionCodes.YUV2BGRA_I420);
    }

    private async Task<VideoFrame> ReadAsync(List<FootageReader> readers, int index, CancellationToken cancellationToken)
    {
        var reader = readers.FirstOrDefault(r => r.CanReach(index, 0)) ?? Open(readers, index, cancellationToken);
        return await reader.ReadAsync(index).ConfigureAwait(false);
    }

    private void Prefetch(List<FootageReader> readers, int index, CancellationToken cancellationToken)
    {
        if (!readers.Any(r => r.CanReach(index, Lookahead)))
        {
            Open(readers, index, cancellationToken);
        }
    }

    // A new decoder from a frame; the least recently used one beyond the limit is closed in the background.
    private FootageReader Open(List<FootageReader> readers, int index, CancellationToken cancellationToken)
    {
        if (readers.Count >= OpenReaders)
        {
            var oldest = readers.MinBy(r => r.LastUsed)!;
            readers.Remove(oldest);
            _closing.Add(oldest.DisposeAsync().AsTask());
        }

        var manifest = _avatar.Manifest;
        var reader = new FootageReader(_decoder, Path.Combine(_avatar.Folder, AvatarStore.FootageFile), index, manifest.FrameRate, (manifest.Width, manifest.Height), cancellationToken);
        readers.Add(reader);
        return reader;
    }

    private static void Mix(VideoFrame output, VideoFrame other, float mix)
    {
        using var a = Mat.FromPixelData(output.Height, output.Width, MatType.CV_8UC4, output.Buffer, output.Stride);
        using var b = Mat.FromPixelData(other.Height, other.Width, MatType.CV_8UC4, other.Buffer, other.Stride);
        Cv2.AddWeighted(a, 1 - mix, b, mix, 0, a);
    }

    /// <summary>Reads stored footage forward from a frame, keeping the last frame read; decoding starts as soon as it is made.</summary>
    private sealed class FootageReader : IAsyncDisposable
    {
        // How far forward a reader skips frames rather than a new one seeking.
        private const int LongestSkip = 24;
        private static long s_clock;
        private readonly IAsyncEnumerator<VideoFrame> _frames;
        private readonly int _start;
        private Task<bool>? _first;
        private VideoFrame? _last;
        private int _lastIndex;

        public FootageReader(MediaDecoder decoder, string path, int start, int fps, (int Width, int Height) size, CancellationToken cancellationToken)
        {
            _start = start;
            _lastIndex = start - 1;
            LastUsed = Interlocked.Increment(ref s_clock);

            // A quarter frame early, so rounding cannot skip the first frame wanted.
            var reading = new FrameReading { Start = TimeSpan.FromSeconds(Math.Max(0, start - 0.25) / fps), KnownSize = size };
            _frames = decoder.ReadFramesAsync(path, FramePixelFormat.Bgra32, reading, cancellationToken).GetAsyncEnumerator(cancellationToken);
            _first = _frames.MoveNextAsync().AsTask();
        }

        public long LastUsed { get; private set; }

        /// <summary>Whether the reader can give frame <paramref name="index"/>, now or after <paramref name="later"/> more frames are read.</summary>
        public bool CanReach(int index, int later) => (index == _lastIndex && _last is not null) || (index > _lastIndex && index - _lastIndex <= LongestSkip + later);

        public async Task<VideoFrame> ReadAsync(int index)
        {
            LastUsed = Interlocked.Increment(ref s_clock);
            while (_lastIndex < index)
            {
                var next = _first ?? _frames.MoveNextAsync().AsTask();
                _first = null;
                if (!await next.ConfigureAwait(false))
                {
                    throw new InvalidDataException($"the avatar's footage ended before frame {index}; train the avatar again");
                }

                _last?.Dispose();
                _last = _frames.Current;
                _lastIndex = _start + (int)_last.Index;
            }

            return _last!;
        }

        public async ValueTask DisposeAsync()
        {
            if (_first is { } first)
            {
                try
                {
                    if (await first.ConfigureAwait(false))
                    {
                        _frames.Current.Dispose();
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or TalkieException)
                {
                }
            }

            _last?.Dispose();
            await _frames.DisposeAsync().ConfigureAwait(false);
        }
    }
}
