using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Talkie.Avatars;
using Talkie.Avatars.Photo;
using Talkie.Avatars.Trained;
using Talkie.Speech.Features;
using Talkie.Composition.Captions;
using Talkie.Media;
using Talkie.Speech;
using Talkie.Speech.Recognition;
using Talkie.Speech.Visemes;

namespace Talkie.Composition;

/// <summary>What to make: a script, who says it, and the scene.</summary>
public sealed record VideoRequest
{
    /// <summary>Gets the script: plain text, or SSML starting with <c>&lt;speak&gt;</c>; null when <see cref="AudioPath"/> gives the speech.</summary>
    public string? Script { get; init; }

    /// <summary>Gets a recording to use as the narration instead of synthesized speech (any format ffmpeg reads).</summary>
    public string? AudioPath { get; init; }

    /// <summary>Gets the words spoken in <see cref="AudioPath"/>, if known: they are aligned instead of recognized.</summary>
    public string? Transcript { get; init; }

    /// <summary>Gets the voice id, or null to pick one for the language and the avatar.</summary>
    public string? VoiceId { get; init; }

    /// <summary>
    /// Gets the voice the presenter speaks with where <see cref="VoiceId"/> is null (a photo avatar's own, kept
    /// elsewhere than the avatar store), or null; a photo avatar kept under a name brings its own.
    /// </summary>
    public string? PresenterVoice { get; init; }

    /// <summary>Gets the language, or null for the SSML's <c>xml:lang</c>, else English.</summary>
    public string? Language { get; init; }

    /// <summary>Gets the avatar id, or null for the default presenter.</summary>
    public string? AvatarId { get; init; }

    /// <summary>Gets a portrait to animate as the presenter (a photo avatar) instead of <see cref="AvatarId"/>.</summary>
    public string? PhotoPath { get; init; }

    /// <summary>Gets how a photo avatar's portrait fills the presenter's place.</summary>
    public PhotoFraming PhotoFraming { get; init; } = PhotoFraming.Head;

    /// <summary>Gets a value indicating whether a photo avatar's face below the sharp size is animated (softer) instead of refused.</summary>
    public bool AllowSmallFace { get; init; }

    /// <summary>Gets the scene.</summary>
    public SceneSpec Scene { get; init; } = new();

    /// <summary>Gets where the MP4 goes; captions go beside it (<c>.vtt</c>, <c>.srt</c>).</summary>
    public required string OutputPath { get; init; }

    /// <summary>Gets the seed of the presenter's blinks and motion; null derives it from the script.</summary>
    public int? Seed { get; init; }
}

/// <summary>The stages of making a video.</summary>
public enum ProductionStage
{
    /// <summary>Checking the request.</summary>
    Preparing,

    /// <summary>Synthesizing speech.</summary>
    Speaking,

    /// <summary>Drawing and encoding frames.</summary>
    Rendering,

    /// <summary>Writing captions and moving files into place.</summary>
    Finishing,
}

/// <summary>Progress of a production.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Fraction">How far the stage is, 0..1.</param>
public readonly record struct ProductionProgress(ProductionStage Stage, double Fraction);

/// <summary>What was made.</summary>
public sealed record VideoResult
{
    /// <summary>Gets the MP4.</summary>
    public required string OutputPath { get; init; }

    /// <summary>Gets the WebVTT captions, if written.</summary>
    public string? WebVttPath { get; init; }

    /// <summary>Gets the SRT captions, if written.</summary>
    public string? SrtPath { get; init; }

    /// <summary>Gets the video's length.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the length of the synthesized speech (the video is this, rounded up to whole frames).</summary>
    public TimeSpan SpeechDuration { get; init; }

    /// <summary>Gets the number of frames.</summary>
    public long FrameCount { get; init; }

    /// <summary>Gets the voice that spoke, or null when the narration was a recording.</summary>
    public Voice? Voice { get; init; }

    /// <summary>Gets how the speech was timed (synthesized phones, aligned, recognized or phonetic).</summary>
    public required string Timing { get; init; }

    /// <summary>Gets remarks worth showing the user.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Gets the presenter.</summary>
    public required IAvatar Avatar { get; init; }

    /// <summary>Gets what drove the presenter (mouth shapes, sentence ends, emphasis, seed), to measure the output against.</summary>
    public required AvatarPerformance Performance { get; init; }

    /// <summary>Gets the speech as synthesized: phones, words, and the mouth-shape track used.</summary>
    public required VisemeTrack Visemes { get; init; }

    /// <summary>Gets the words with their times.</summary>
    public required IReadOnlyList<WordEvent> Words { get; init; }

    /// <summary>Gets the phones with their times.</summary>
    public required IReadOnlyList<PhoneEvent> Phones { get; init; }

    /// <summary>Gets the captions.</summary>
    public required IReadOnlyList<CaptionCue> Captions { get; init; }

    /// <summary>Gets where the mouth is in the frame (a box holding every pose), for measuring the output.</summary>
    public SkiaSharp.SKRect MouthRegion { get; init; }

    /// <summary>Gets the time spent synthesizing speech.</summary>
    public TimeSpan SpeechTime { get; init; }

    /// <summary>Gets the time spent drawing and encoding.</summary>
    public TimeSpan RenderTime { get; init; }
}

/// <summary>
/// Makes a presenter video from a script: speech with phone timings, mouth shapes, the presenter's
/// performance, the composed scene streamed to ffmpeg, and captions. Everything the user can get wrong
/// is checked before the slow work starts; the MP4 and captions appear only when all succeeded.
/// </summary>
public sealed partial class VideoProducer
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly VoiceCatalog _voices;
    private readonly SpeechAnalyzer _analyzer;
    private readonly MediaDecoder _media;
    private readonly MediaProbe _probe;
    private readonly AvatarCatalog _avatars;
    private readonly PhotoAvatarFactory _photos;
    private readonly VideoEncoder _encoder;
    private readonly VideoRenderer _renderer;
    private readonly SpeechOptions _speechOptions;
    private readonly CompositionOptions _options;
    private readonly ILogger<VideoProducer> _logger;

    /// <summary>Creates the producer.</summary>
    public VideoProducer(
        VoiceCatalog voices,
        SpeechAnalyzer analyzer,
        MediaDecoder media,
        MediaProbe probe,
        AvatarCatalog avatars,
        PhotoAvatarFactory photos,
        VideoEncoder encoder,
        VideoRenderer renderer,
        IOptions<SpeechOptions> speechOptions,
        IOptions<CompositionOptions> options,
        ILogger<VideoProducer> logger)
    {
        _logger = logger;
        _voices = voices;
        _analyzer = analyzer;
        _media = media;
        _probe = probe;
        _avatars = avatars;
        _photos = photos;
        _encoder = encoder;
        _renderer = renderer;
        _speechOptions = speechOptions.Value;
        _options = options.Value;
    }

    /// <summary>Makes the video.</summary>
    /// <exception cref="InvalidInputException">The request is wrong (script, voice, avatar, size, output path); nothing was written.</exception>
    /// <exception cref="ToolNotFoundException">ffmpeg or a speech engine is missing.</exception>
    public async Task<VideoResult> ProduceAsync(VideoRequest request, IProgress<ProductionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress?.Report(new ProductionProgress(ProductionStage.Preparing, 0));
        var scene = request.Scene;
        SceneOptionParser.ParseSize(FormattableString.Invariant($"{scene.Width}x{scene.Height}"));
        SceneOptionParser.ParseFrameRate(scene.FrameRate);
        _encoder.EnsureAvailable();

        if (request.PhotoPath is not null && request.AvatarId is not null)
        {
            throw new InvalidInputException("give either an avatar (--avatar) or a photo to animate (--photo), not both");
        }

        // A photo avatar kept under a name is animated from its stored portrait, as --photo would.
        var storedPhoto = request.PhotoPath is null ? _avatars.FindStoredPhoto(request.AvatarId) : null;
        var stock = request.PhotoPath is null && storedPhoto is null ? _avatars.Resolve(request.AvatarId) : null;
        SpeechScript? script = null;
        Voice? voice = null;
        if (request.AudioPath is null)
        {
            script = ScriptParser.Parse(request.Script ?? string.Empty, new ScriptLimits { MaxWords = _speechOptions.MaxScriptWords });
            voice = _voices.Resolve(request.VoiceId, request.Language ?? script.Language, stock?.Gender ?? VoiceGender.Unknown, storedPhoto?.Voice ?? request.PresenterVoice);
            _voices.SynthesizerFor(voice).CheckScript(script);
        }
        else
        {
            if (request.Script is not null)
            {
                throw new InvalidInputException("give either a script or a recording (--audio), not both");
            }

            if (request.VoiceId is not null)
            {
                throw new InvalidInputException($"a voice ('{request.VoiceId}') speaks a script; with a recording (--audio) the recording's own voice is heard: leave the voice out");
            }

            // A corrupt, empty or silent-only container is refused before anything is written.
            var info = await _probe.ProbeAsync(request.AudioPath, cancellationToken).ConfigureAwait(false);
            if (info.Audio is null)
            {
                throw new InvalidInputException($"{request.AudioPath} has no audio stream; give a recording or a video with sound");
            }
        }

        // A portrait is analysed (or its analysis read from the cache) before anything is written.
        using var photo = storedPhoto is not null
            ? await _photos.CreateAsync(storedPhoto, cancellationToken).ConfigureAwait(false)
            : request.PhotoPath is { } path
                ? await _photos.CreateAsync(path, request.PhotoFraming, request.AllowSmallFace, cancellationToken).ConfigureAwait(false)
                : null;
        var avatar = (IAvatar?)photo ?? stock!;

        PendingOutput.CheckVideoName(request.OutputPath);
        using var video = PendingOutput.Begin(request.OutputPath);
        var captionMode = scene.Captions;
        using var vtt = captionMode == CaptionMode.None ? null : PendingOutput.Begin(Path.ChangeExtension(request.OutputPath, ".vtt"));
        using var srt = captionMode == CaptionMode.None ? null : PendingOutput.Begin(Path.ChangeExtension(request.OutputPath, ".srt"));

        LogStarting(_logger, request.OutputPath, avatar.Id, voice?.Id ?? Path.GetFileName(request.AudioPath)!, script?.WordCount ?? 0, scene.Width, scene.Height, scene.FrameRate);
        progress?.Report(new ProductionProgress(ProductionStage.Speaking, 0));
        var speechClock = Stopwatch.StartNew();
        var speaking = new Progress<double>(p => progress?.Report(new ProductionProgress(ProductionStage.Speaking, p)));
        using var narration = script is not null
            ? await SynthesizeAsync(script, voice!, cancellationToken).ConfigureAwait(false)
            : await ListenAsync(request, speaking, cancellationToken).ConfigureAwait(false);
        speechClock.Stop();
        progress?.Report(new ProductionProgress(ProductionStage.Speaking, 1));

        var speechDuration = narration.Audio.Duration;
        var frameCount = (long)Math.Ceiling(speechDuration.TotalSeconds * scene.FrameRate);
        var duration = TimeSpan.FromSeconds((double)frameCount / scene.FrameRate);
        narration.Audio.SetLength((int)Math.Round(duration.TotalSeconds * narration.Audio.SampleRate));

        var visemes = VisemeTrackBuilder.Build(narration.Phones, duration, new VisemeOptions { FrameRate = scene.FrameRate, SnapToFrames = true });
        var captions = CaptionBuilder.Build(narration.Words, new CaptionOptions { Until = duration, MaxLineLength = CaptionOptions.LineLengthFor(scene.Width, scene.Height) });
        var sentenceEnds = narration.Words.Where(w => w.EndsSentence).Select(w => w.End).ToList();
        var performance = new AvatarPerformance(visemes, sentenceEnds, narration.Emphasis, request.Seed ?? StableSeed(request.Script ?? request.AudioPath!), scene.FrameRate);

        var work = Directory.CreateTempSubdirectory("talkie-render-");
        SkiaSharp.SKRect mouth = default;
        var renderClock = Stopwatch.StartNew();
        try
        {
            var audioPath = Path.Combine(work.FullName, "narration.wav");
            WavFile.Write(audioPath, narration.Audio);
            if (avatar is TrainedAvatar)
            {
                // A trained avatar learned how loudness opens this person's mouth.
                using var heard = await _media.ReadAudioAsync(audioPath, SpeechFeatures.SampleRate, cancellationToken).ConfigureAwait(false);
                performance = performance with { Loudness = [.. SpeechFeatures.PerFrame(heard, scene.FrameRate, (int)frameCount).Select(f => f[0])] };
            }

            var burned = captionMode == CaptionMode.Burn ? captions : [];
            var rendering = new Progress<RenderProgress>(p => progress?.Report(new ProductionProgress(ProductionStage.Rendering, (double)p.FramesDone / p.FrameCount)));
            using (var probe = avatar.CreateRenderer(performance))
            {
                mouth = probe.MouthBounds(Compositor.AvatarBoundsFor(scene, probe));
            }

            await _renderer.RenderAsync(
                scene,
                () => new Compositor(scene, avatar.CreateRenderer(performance), burned, duration),
                frameCount,
                audioPath,
                video.TemporaryPath,
                _options.RenderThreads,
                rendering,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            renderClock.Stop();
            work.Delete(recursive: true);
        }

        progress?.Report(new ProductionProgress(ProductionStage.Finishing, 0));
        if (vtt is not null && srt is not null && captions.Count > 0)
        {
            await File.WriteAllTextAsync(vtt.TemporaryPath, CaptionBuilder.ToWebVtt(captions), Utf8NoBom, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(srt.TemporaryPath, CaptionBuilder.ToSrt(captions), Utf8NoBom, cancellationToken).ConfigureAwait(false);
        }

        video.Commit();
        var captioned = captions.Count > 0;
        if (captioned)
        {
            vtt?.Commit();
            srt?.Commit();
        }

        progress?.Report(new ProductionProgress(ProductionStage.Finishing, 1));
        LogFinished(_logger, video.TargetPath, duration.TotalSeconds, frameCount, speechClock.Elapsed.TotalSeconds, renderClock.Elapsed.TotalSeconds);

        return new VideoResult
        {
            OutputPath = video.TargetPath,
            WebVttPath = captioned ? vtt?.TargetPath : null,
            SrtPath = captioned ? srt?.TargetPath : null,
            Duration = duration,
            SpeechDuration = speechDuration,
            FrameCount = frameCount,
            Voice = voice,
            Timing = narration.Timing,
            Notes = [
                .. photo?.Analysis.Notes ?? [],
                .. narration.Notes,
                .. captionMode != CaptionMode.None && !captioned ? ["no captions: the recording was timed by its phones, without words (give --transcript for captions)"] : Array.Empty<string>(),
                .. avatar is TrainedAvatar { Manifest.FrameRate: var filmed } && scene.FrameRate % filmed != 0 && filmed % scene.FrameRate != 0
                    ? [string.Create(CultureInfo.InvariantCulture, $"{avatar.Id} was filmed at {filmed} fps: at {scene.FrameRate} fps its frames cannot be shown evenly, so its motion judders; its own {filmed} fps is smoothest")]
                    : Array.Empty<string>(),
            ],
            Avatar = avatar,
            Performance = performance,
            Visemes = visemes,
            Words = narration.Words,
            Phones = narration.Phones,
            Captions = captions,
            MouthRegion = mouth,
            SpeechTime = speechClock.Elapsed,
            RenderTime = renderClock.Elapsed,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Making {Output}: avatar {Avatar}, voice {Voice}, {Words} words, {Width}x{Height}@{Fps}")]
    private static partial void LogStarting(ILogger logger, string output, string avatar, string voice, int words, int width, int height, int fps);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Output}: {Seconds:0.00} s, {Frames} frames; speech took {SpeechSeconds:0.00} s, rendering {RenderSeconds:0.00} s")]
    private static partial void LogFinished(ILogger logger, string output, double seconds, long frames, double speechSeconds, double renderSeconds);

    private async Task<SpeechSource> SynthesizeAsync(SpeechScript script, Voice voice, CancellationToken cancellationToken)
    {
        var narration = await _voices.SynthesizeAsync(script, voice, cancellationToken).ConfigureAwait(false);

        // The narration owns the audio: the source takes it over (and disposes it).
        return new SpeechSource(narration.Audio, narration.Phones, narration.Words, narration.Emphasis, $"synthesized ({voice.Id})", []);
    }

    private async Task<SpeechSource> ListenAsync(VideoRequest request, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var timed = await _analyzer.TimeSpeechAsync(request.AudioPath!, request.Transcript, request.Language, progress, cancellationToken).ConfigureAwait(false);
        if (timed.Phones.Count == 0)
        {
            throw new InvalidInputException($"no speech found in {request.AudioPath}: the presenter would not move; give a recording of someone speaking");
        }

        var audio = await _media.ReadAudioAsync(request.AudioPath!, 48000, cancellationToken).ConfigureAwait(false);
        var method = timed.Method switch
        {
            SpeechTimingMethod.Aligned => "aligned to the transcript",
            SpeechTimingMethod.Recognized => "recognized and aligned",
            _ => "decoded as phones",
        };
        return new SpeechSource(audio, timed.Phones, timed.Words, [], method, timed.Notes);
    }

    // The video is an MP4 whatever its name says, and its captions go beside it under the same name with
    // .vtt and .srt: a video named .vtt or .srt would be overwritten by its own captions.

    private static int StableSeed(string script) => (int)XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(script));

    /// <summary>The narration, however it came: its audio (owned) and what is said when.</summary>
    private sealed record SpeechSource(
        AudioBuffer Audio,
        IReadOnlyList<PhoneEvent> Phones,
        IReadOnlyList<WordEvent> Words,
        IReadOnlyList<TimeSpan> Emphasis,
        string Timing,
        IReadOnlyList<string> Notes) : IDisposable
    {
        public void Dispose() => Audio.Dispose();
    }
}
