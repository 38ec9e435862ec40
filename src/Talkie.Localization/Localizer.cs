using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Talkie.Avatars.Trained;
using Talkie.Composition.Captions;
using Talkie.Localization.Translation;
using Talkie.Media;
using Talkie.Speech;
using Talkie.Speech.Features;
using Talkie.Speech.Recognition;
using Talkie.Speech.Visemes;
using Talkie.Vision;

namespace Talkie.Localization;

/// <summary>The stages of a dub, in the order they finish.</summary>
public enum LocalizationStage
{
    /// <summary>Reading the video and checking the request.</summary>
    Checking,

    /// <summary>Recognizing (or aligning) what is said.</summary>
    Listening,

    /// <summary>Translating each sentence.</summary>
    Translating,

    /// <summary>Speaking the translation in a voice matched to the speaker, fitted to the timing.</summary>
    Voicing,

    /// <summary>Following the face and learning the speaker's mouth (runs from the start, beside the others).</summary>
    Tracking,

    /// <summary>Re-making the mouth and writing the video.</summary>
    Rendering,
}

/// <summary>Progress of a dub.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Fraction">How far it has got (0–1).</param>
public readonly record struct LocalizationProgress(LocalizationStage Stage, double Fraction);

/// <summary>What to dub, into what, and how.</summary>
public sealed record LocalizationRequest
{
    /// <summary>Gets the video to dub (or null when <see cref="ProjectPath"/> is given).</summary>
    public string? VideoPath { get; init; }

    /// <summary>Gets a reviewed project to render (instead of a video).</summary>
    public string? ProjectPath { get; init; }

    /// <summary>Gets the MP4 to write (subtitles and the project go beside it).</summary>
    public required string OutputPath { get; init; }

    /// <summary>Gets the language spoken (default English).</summary>
    public string? From { get; init; }

    /// <summary>Gets the language of the dub.</summary>
    public string? To { get; init; }

    /// <summary>Gets the dub's voice id (default: chosen to match the speaker).</summary>
    public string? Voice { get; init; }

    /// <summary>Gets how the dub meets the original timing.</summary>
    public DubTiming? Timing { get; init; }

    /// <summary>Gets the user's transcript: subtitles (SRT, WebVTT; any language) or plain text (English).</summary>
    public string? TranscriptPath { get; init; }

    /// <summary>Gets the user's glossary file.</summary>
    public string? GlossaryPath { get; init; }

    /// <summary>Gets whether to stop after translating, writing the project for review.</summary>
    public bool Review { get; init; }
}

/// <summary>A finished dub (or review).</summary>
/// <param name="Video">The dubbed MP4, or null after a review.</param>
/// <param name="Project">The project file.</param>
/// <param name="Subtitles">The subtitle files written.</param>
/// <param name="Notes">What the user should know.</param>
/// <param name="Report">Measurements of the dub.</param>
public sealed record LocalizationResult(string? Video, string Project, IReadOnlyList<string> Subtitles, IReadOnlyList<string> Notes, LocalizationReport Report);

/// <summary>Measurements of a dub.</summary>
public sealed record LocalizationReport
{
    /// <summary>Gets the number of sentences dubbed.</summary>
    public int Segments { get; init; }

    /// <summary>Gets the dub's voice.</summary>
    public string? Voice { get; init; }

    /// <summary>Gets the speaker's median pitch (Hz).</summary>
    public double SpeakerPitch { get; init; }

    /// <summary>Gets the dub's median pitch (Hz).</summary>
    public double DubPitch { get; init; }

    /// <summary>Gets the spread of the speaker's pitch (semitones, 10th to 90th percentile).</summary>
    public double SpeakerPitchRange { get; init; }

    /// <summary>Gets the spread of the dub's pitch (semitones).</summary>
    public double DubPitchRange { get; init; }

    /// <summary>Gets the speaker's speaking rate (syllables per second of their sentences).</summary>
    public double SpeakerSyllableRate { get; init; }

    /// <summary>Gets the dub's speaking rate (syllables per second of its sentences).</summary>
    public double DubSyllableRate { get; init; }

    /// <summary>Gets the pitch shift applied to the voice (semitones).</summary>
    public double PitchShift { get; init; }

    /// <summary>Gets the formant scale applied to the voice.</summary>
    public double FormantScale { get; init; }

    /// <summary>Gets whether the mouth was re-synced.</summary>
    public bool LipSync { get; init; }

    /// <summary>Gets the output's length.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the wall time of each stage (stages that overlap each count their own).</summary>
    public IReadOnlyDictionary<LocalizationStage, TimeSpan> Stages { get; init; } = new Dictionary<LocalizationStage, TimeSpan>();
}

/// <summary>
/// Dubs a video into another language: what is said is recognized (or taken from the user's transcript)
/// into timed sentences, translated (<see cref="ITranslator"/>), optionally stopped for review, spoken
/// in a voice matched to the speaker and fitted to the original timing (<see cref="DubVoicer"/>), mixed
/// over the original's sound with its speech lowered (<see cref="DubMixer"/>), and the mouth re-synced
/// to the new words from the speaker's own mouths (an avatar trained on the video itself,
/// <see cref="FootageResync"/>). The face work runs beside the speech work from the start. Finished
/// stages are kept in a work folder beside the output, so a failed or interrupted run resumes there.
/// </summary>
public sealed class Localizer
{
    // What the work folder keeps of finished stages.
    private const string WorkAvatar = "speaker";
    private const string AvatarFolder = "avatar";
    private const string HeardFileName = "heard.json";
    private const string ProjectFileName = "project.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly MediaProbe _probe;
    private readonly MediaDecoder _decoder;
    private readonly SpeechAnalyzer _speech;
    private readonly ITranslator _translator;
    private readonly VoiceCatalog _voices;
    private readonly DubVoicer _voicer;
    private readonly FaceAnalyzer _faces;
    private readonly VideoEncoder _encoder;
    private readonly FootageResync _resync;
    private readonly TrainedAvatarOptions _trained;
    private readonly LocalizationOptions _options;

    /// <summary>Creates the localizer.</summary>
    public Localizer(MediaProbe probe, MediaDecoder decoder, SpeechAnalyzer speech, ITranslator translator, VoiceCatalog voices, DubVoicer voicer, FaceAnalyzer faces, VideoEncoder encoder, FootageResync resync, IOptions<TrainedAvatarOptions> trained, IOptions<LocalizationOptions> options)
    {
        _probe = probe;
        _decoder = decoder;
        _speech = speech;
        _translator = translator;
        _voices = voices;
        _voicer = voicer;
        _faces = faces;
        _encoder = encoder;
        _resync = resync;
        _trained = trained.Value;
        _options = options.Value;
    }

    /// <summary>The directions a video can be dubbed in: translation installed and a voice for the target; from English by recognition, from other languages with a transcript.</summary>
    public IReadOnlyList<(TranslationDirection Direction, bool NeedsTranscript)> Directions()
        => [.. _translator.Directions
            .Where(d => _voices.ForLanguage(d.To).Count > 0)
            .Select(d => (d, !_speech.Languages.Contains(d.From)))
            .OrderBy(d => d.Item2).ThenBy(d => d.d.From, StringComparer.Ordinal).ThenBy(d => d.d.To, StringComparer.Ordinal)];

    /// <summary>Dubs a video (or writes its project for review, or renders a reviewed project).</summary>
    /// <exception cref="InvalidInputException">The request cannot be done; the message says why and what to do.</exception>
    public async Task<LocalizationResult> LocalizeAsync(LocalizationRequest request, IProgress<LocalizationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stages = new Dictionary<LocalizationStage, TimeSpan>();
        var clock = Stopwatch.StartNew();
        var notes = new List<string>();
        progress?.Report(new LocalizationProgress(LocalizationStage.Checking, 0));

        // Checking: the request, the video, the direction, the work folder.
        PendingOutput.CheckVideoName(request.OutputPath);
        var output = Path.GetFullPath(request.OutputPath);
        var fromProject = request.ProjectPath is not null ? LocalizationProject.Load(request.ProjectPath) : null;
        var video = Path.GetFullPath(fromProject?.Video ?? request.VideoPath ?? throw new InvalidInputException("give the video to dub (or --project FILE to render a reviewed project)"));
        if (!File.Exists(video))
        {
            throw fromProject is null ? MissingInput.For(video, "video") : new InvalidInputException($"the project's video {video} does not exist; put it back or edit \"video\" in the project");
        }

        if (string.Equals(video, output, StringComparison.Ordinal))
        {
            throw new InvalidInputException($"the output {output} is the input video; the input is never overwritten: choose another -o");
        }

        var from = LanguageCodes.Normalize(fromProject?.From ?? request.From ?? "en") ?? throw new InvalidInputException($"'{request.From}' is not a language code; write e.g. en, es, ca");
        var to = LanguageCodes.Normalize(fromProject?.To ?? request.To ?? throw new InvalidInputException("say which language to dub into: --to es (talkie languages lists them)"))
            ?? throw new InvalidInputException($"'{request.To}' is not a language code; write e.g. es, ca, eo (talkie languages lists them)");
        if (from == to)
        {
            throw new InvalidInputException($"the video is already in {LanguageCodes.NameOf(from)}; choose another language with --to");
        }

        var direction = _translator.Directions.FirstOrDefault(d => d.From == from && d.To == to);
        if (direction is null || _voices.ForLanguage(to).Count == 0)
        {
            var supported = Directions().Select(d => $"{d.Direction.From}→{d.Direction.To}{(d.NeedsTranscript ? " (with --transcript)" : string.Empty)}");
            throw new InvalidInputException($"dubbing {from}→{to} is not supported here ({(direction is null ? "no translation pair is installed" : "no voice speaks " + to)}); the directions that are: {string.Join(", ", supported)}");
        }

        var transcriptPath = request.TranscriptPath is null ? null : Path.GetFullPath(request.TranscriptPath);
        if (fromProject is null && transcriptPath is null && !_speech.Languages.Contains(from))
        {
            throw new InvalidInputException($"speech recognition covers English only, not {LanguageCodes.NameOf(from)}; give what is said with --transcript FILE.srt (subtitles with times)");
        }

        if (transcriptPath is not null && !File.Exists(transcriptPath))
        {
            throw new InvalidInputException($"the transcript {transcriptPath} does not exist");
        }

        var info = await _probe.ProbeAsync(video, cancellationToken).ConfigureAwait(false);
        if (info.Video is null)
        {
            throw new InvalidInputException($"{video} has no pictures; localize dubs videos (for sound alone, put it over a still: ffmpeg -loop 1 -i IMAGE -i SOUND -shortest OUT.mp4)");
        }

        if (info.Audio is null)
        {
            throw new InvalidInputException($"{video} has no sound track, so there is no speech to dub");
        }

        var duration = info.Duration ?? info.Video.Duration ?? TimeSpan.Zero;
        var rate = info.Video.FrameRate > 0 ? info.Video.FrameRate : info.Video.BaseFrameRate;
        if (duration <= TimeSpan.Zero || rate <= 0)
        {
            throw new InvalidInputException($"{video} does not say its length or frame rate; re-encode it first, e.g. ffmpeg -i IN -c:v libx264 -c:a aac OUT.mp4");
        }

        var glossary = request.GlossaryPath is not null
            ? Glossary.Load(request.GlossaryPath)
            : fromProject is not null ? new Glossary(fromProject.Glossary.Keep, fromProject.Glossary.Translate) : Glossary.Empty;
        var hash = fromProject?.VideoSha256 ?? await FileHash.Sha256Async(video, cancellationToken).ConfigureAwait(false);
        if (fromProject is not null && await FileHash.Sha256Async(video, cancellationToken).ConfigureAwait(false) != hash)
        {
            throw new InvalidInputException($"{video} has changed since the project was made; make the project again with --review");
        }

        using var pending = request.Review ? null : PendingOutput.Begin(output);
        var work = WorkFolder(output, hash, from, to, transcriptPath);
        var projectPath = request.ProjectPath is not null ? Path.GetFullPath(request.ProjectPath) : Path.ChangeExtension(output, ".project.json");
        var resumed = new List<string>();
        if (fromProject is null && File.Exists(Path.Combine(work, HeardFileName)))
        {
            resumed.Add("what was said");
        }

        if (fromProject is null && request.GlossaryPath is null && File.Exists(Path.Combine(work, ProjectFileName)))
        {
            resumed.Add("the translation");
        }

        if (!request.Review && Directory.Exists(Path.Combine(work, AvatarFolder, WorkAvatar)))
        {
            resumed.Add("the speaker's face and mouth");
        }

        if (resumed.Count > 0)
        {
            notes.Add($"picked up where the last run on this video stopped, keeping {string.Join(", ", resumed)}");
        }

        stages[LocalizationStage.Checking] = clock.Elapsed;

        // Listening (and, beside it, the face: tracking needs no words until its end).
        var listening = new Progress<double>(p => progress?.Report(new LocalizationProgress(LocalizationStage.Listening, p)));
        var speechTask = fromProject is null
            ? ListenAsync(video, from, transcriptPath, work, listening, cancellationToken)
            : Task.FromResult(LoadHeard(work));
        double tracked = 0;
        var trackingProgress = new Progress<TrainingProgress>(p => Volatile.Write(ref tracked, ((int)p.Stage + p.Fraction) / 5));
        var trackClock = Stopwatch.StartNew();
        var avatarTask = request.Review ? null : TrackAsync(video, from, speechTask, work, trackingProgress, notes, cancellationToken);
        try
        {
            var heard = await speechTask.ConfigureAwait(false);
            stages[LocalizationStage.Listening] = clock.Elapsed - stages.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b);
            if (heard.Unsure is { Count: > 0 } unsure)
            {
                notes.Add($"the recognizer was unsure of {unsure.Sum(u => u.Split(' ').Length)} of the {heard.Speech?.Words.Count ?? 0} words it heard (\"{string.Join("\", \"", unsure.Take(4))}\"{(unsure.Count > 4 ? ", …" : string.Empty)}), and translates what it heard: check the sentences with --review, or give the words with --transcript");
            }

            // Translating.
            var translateClock = Stopwatch.StartNew();
            progress?.Report(new LocalizationProgress(LocalizationStage.Translating, 0));
            var project = fromProject is not null
                ? await RetranslateAsync(fromProject, glossary, projectPath, cancellationToken).ConfigureAwait(false)
                : await TranslateAsync(heard, video, hash, duration, from, to, request, glossary, work, cancellationToken).ConfigureAwait(false);
            project.Save(projectPath);
            var subtitles = new List<string>();
            if (request.Review)
            {
                subtitles.Add(WriteText(SubtitlePath(output, to, from, ".srt"), CaptionBuilder.ToSrt([.. project.Segments.SelectMany(s => CaptionBuilder.Build(TimeSpan.FromSeconds(s.Start), TimeSpan.FromSeconds(s.End), s.Source))])));
                subtitles.Add(WriteText(SubtitlePath(output, to, to, ".srt"), CaptionBuilder.ToSrt([.. project.Segments.SelectMany(s => CaptionBuilder.Build(TimeSpan.FromSeconds(s.Start), TimeSpan.FromSeconds(s.End), s.Target))])));
                progress?.Report(new LocalizationProgress(LocalizationStage.Translating, 1));
                stages[LocalizationStage.Translating] = translateClock.Elapsed;
                return new LocalizationResult(null, projectPath, subtitles, notes, new LocalizationReport { Segments = project.Segments.Count, Stages = stages });
            }

            stages[LocalizationStage.Translating] = translateClock.Elapsed;

            // Voicing.
            var voiceClock = Stopwatch.StartNew();
            progress?.Report(new LocalizationProgress(LocalizationStage.Voicing, 0));
            VoiceTraits speaker;
            using (var original = await _decoder.ReadAudioAsync(video, VoiceAnalysis.SampleRate, cancellationToken).ConfigureAwait(false))
            {
                speaker = VoiceAnalysis.Measure(original, project.Segments.Select(s => (TimeSpan.FromSeconds(s.Start), TimeSpan.FromSeconds(s.End))));
            }

            var voice = _voicer.ChooseVoice(request.Voice ?? project.Voice, to, speaker);
            using var dub = await _voicer.VoiceAsync(project with { Timing = request.Timing ?? project.Timing }, voice, speaker, Path.Combine(work, "voice"), new Progress<double>(p => progress?.Report(new LocalizationProgress(LocalizationStage.Voicing, p))), cancellationToken).ConfigureAwait(false);
            notes.AddRange(dub.Notes);
            stages[LocalizationStage.Voicing] = voiceClock.Elapsed;

            // Tracking: wait for the face work, showing how far it has got.
            progress?.Report(new LocalizationProgress(LocalizationStage.Tracking, Volatile.Read(ref tracked)));
            using (var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(250)))
            {
                while (!avatarTask!.IsCompleted && await ticker.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    progress?.Report(new LocalizationProgress(LocalizationStage.Tracking, Volatile.Read(ref tracked)));
                }
            }

            var avatar = await avatarTask.ConfigureAwait(false);
            stages[LocalizationStage.Tracking] = trackClock.Elapsed;

            // Rendering.
            var renderClock = Stopwatch.StartNew();
            progress?.Report(new LocalizationProgress(LocalizationStage.Rendering, 0));
            var holds = dub.Lines.Where(l => l.Hold > TimeSpan.Zero).Select(l => (At: TimeSpan.FromSeconds(project.Segments.First(s => s.Id == l.Id).End), Length: l.Hold)).ToList();
            var total = duration + dub.Added;
            var mixPath = Path.Combine(work, "mix.wav");
            // A stereo original keeps its stereo (room, music, effects); more channels are folded to two.
            var channels = Math.Clamp(info.Audio.Channels, 1, 2);
            var sound = await _decoder.ReadAudioChannelsAsync(video, DubVoicer.SampleRate, channels, cancellationToken).ConfigureAwait(false);
            try
            {
                // The sound keeps the input sound's own length (plus any holds), as the picture keeps its frame count.
                var length = sound[0].Length + (int)Math.Round(dub.Added.TotalSeconds * DubVoicer.SampleRate);
                var mix = DubMixer.Mix(sound, dub.Audio, [.. project.Segments.Select(s => (TimeSpan.FromSeconds(s.Start), TimeSpan.FromSeconds(s.End)))], holds, _options.DuckDb, length);
                try
                {
                    WavFile.Write(mixPath, mix);
                }
                finally
                {
                    Array.ForEach(mix, m => m.Dispose());
                }
            }
            finally
            {
                Array.ForEach(sound, o => o.Dispose());
            }

            // As many frames as the input has (its own count where the container records it), plus the holds.
            var frames = (info.Video.FrameCount is > 0 and var count ? (int)count : (int)Math.Round((info.Video.Duration ?? duration).TotalSeconds * rate)) + (int)Math.Round(dub.Added.TotalSeconds * rate);
            // The new voice's loudness at each frame, at the rate the mouth model reads it.
            var voicePath = Path.Combine(work, "voice.wav");
            WavFile.Write(voicePath, dub.Audio);
            float[] loudness;
            VoiceTraits dubbed;
            using (var voiced = await _decoder.ReadAudioAsync(voicePath, SpeechFeatures.SampleRate, cancellationToken).ConfigureAwait(false))
            {
                loudness = [.. SpeechFeatures.PerFrame(voiced, rate, frames).Select(f => f[0])];
                dubbed = VoiceAnalysis.Measure(voiced, dub.Lines.Select(l => (l.Start, l.End)));
            }

            var resync = Frames(project, dub, holds, avatar, rate, loudness, total, video, pending!.TemporaryPath, mixPath);
            await _resync.RenderAsync(resync, new Progress<double>(p => progress?.Report(new LocalizationProgress(LocalizationStage.Rendering, p))), cancellationToken).ConfigureAwait(false);
            pending.Commit();

            // Subtitles in both languages, on the output's timeline.
            var lasting = new CaptionOptions { Until = TimeSpan.FromSeconds(frames / rate) };
            var targetCues = CaptionBuilder.Build([.. dub.Lines.SelectMany(l => l.Words)], lasting);
            var sourceCues = project.Segments.SelectMany(s => CaptionBuilder.Build(
                DubMixer.OutputTime(TimeSpan.FromSeconds(s.Start), holds, false),
                DubMixer.OutputTime(TimeSpan.FromSeconds(s.End), holds, false),
                s.Source,
                lasting)).ToList();
            foreach (var (language, cues) in new[] { (to, targetCues), (from, sourceCues) })
            {
                subtitles.Add(WriteText(SubtitlePath(output, to, language, ".vtt"), CaptionBuilder.ToWebVtt(cues)));
                subtitles.Add(WriteText(SubtitlePath(output, to, language, ".srt"), CaptionBuilder.ToSrt(cues)));
            }

            stages[LocalizationStage.Rendering] = renderClock.Elapsed;
            TryDelete(work);
            progress?.Report(new LocalizationProgress(LocalizationStage.Rendering, 1));
            return new LocalizationResult(output, projectPath, subtitles, notes, new LocalizationReport
            {
                Segments = project.Segments.Count,
                Voice = voice.Id,
                SpeakerPitch = speaker.MedianPitch,
                DubPitch = dubbed.MedianPitch,
                SpeakerPitchRange = speaker.PitchRange,
                DubPitchRange = dubbed.PitchRange,
                SpeakerSyllableRate = speaker.SyllableRate,
                DubSyllableRate = dubbed.SyllableRate,
                PitchShift = dub.PitchShift,
                FormantScale = dub.FormantScale,
                LipSync = avatar is not null,
                Duration = total,
                Stages = stages,
            });
        }
        catch
        {
            if (avatarTask is not null)
            {
                await ((Task)avatarTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            throw;
        }
    }

    // What was heard: timed sentences, and the speech's phones and words for learning the mouth.
    // Unsure: the recognized words the recognizer itself doubted (runs of them, in order), for a note.
    private sealed record Heard(List<TimedText> Sentences, TimedSpeech? Speech, List<string>? Unsure = null);

    private sealed record HeardFile(List<TimedText> Sentences, double Duration, List<PhoneEvent> Phones, List<WordEvent> Words, SpeechTimingMethod Method, List<string>? Unsure = null);

    private async Task<Heard> ListenAsync(string video, string from, string? transcriptPath, string work, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var saved = Path.Combine(work, HeardFileName);
        if (File.Exists(saved))
        {
            return LoadHeard(work);
        }

        Heard heard;
        if (transcriptPath is not null && SourceText.IsSubtitles(transcriptPath))
        {
            var cues = SourceText.ReadSubtitles(transcriptPath);
            TimedSpeech? speech = null;
            if (_speech.Languages.Contains(from))
            {
                // English subtitles are aligned to the sound: a transcript of another recording is refused.
                var alignment = await _speech.AlignAsync(video, string.Join(' ', cues.Select(c => c.Text)), progress, cancellationToken).ConfigureAwait(false);
                speech = new TimedSpeech(alignment.Duration, alignment.Phones, alignment.Words, SpeechTimingMethod.Aligned) { Fit = alignment.Fit };
            }

            heard = new Heard(cues, speech);
        }
        else if (transcriptPath is not null)
        {
            if (!_speech.Languages.Contains(from))
            {
                throw new InvalidInputException($"a plain-text transcript can be timed for English only; for {LanguageCodes.NameOf(from)} give subtitles with times (SRT or WebVTT)");
            }

            var alignment = await _speech.AlignAsync(video, await File.ReadAllTextAsync(transcriptPath, cancellationToken).ConfigureAwait(false), progress, cancellationToken).ConfigureAwait(false);
            heard = new Heard(SourceText.Sentences(alignment.Words), new TimedSpeech(alignment.Duration, alignment.Phones, alignment.Words, SpeechTimingMethod.Aligned) { Fit = alignment.Fit });
        }
        else
        {
            var transcript = await _speech.TranscribeAsync(video, new TranscriptionOptions { Language = from }, progress, cancellationToken).ConfigureAwait(false);
            var words = transcript.Words.Select(w => new WordEvent(w.Start, w.End, w.Word)).ToList();
            heard = new Heard(SourceText.Sentences(words), new TimedSpeech(transcript.Duration, transcript.Phones, words, SpeechTimingMethod.Recognized), Doubted(transcript.Words.ToList()));
        }

        if (heard.Sentences.Count == 0)
        {
            throw new InvalidInputException($"no speech was heard in {video}, so there is nothing to dub (if there is speech, give its words with --transcript FILE.srt)");
        }

        var file = new HeardFile(heard.Sentences, heard.Speech?.Duration.TotalSeconds ?? 0, [.. heard.Speech?.Phones ?? []], [.. heard.Speech?.Words ?? []], heard.Speech?.Method ?? SpeechTimingMethod.Phonetic, heard.Unsure);
        await File.WriteAllTextAsync(saved, JsonSerializer.Serialize(file, Json), cancellationToken).ConfigureAwait(false);
        progress.Report(1);
        return heard;
    }

    private static Heard LoadHeard(string work)
    {
        var saved = Path.Combine(work, HeardFileName);
        if (!File.Exists(saved))
        {
            return new Heard([], null);
        }

        var file = JsonSerializer.Deserialize<HeardFile>(File.ReadAllText(saved), Json)!;
        return new Heard(file.Sentences, file.Phones.Count == 0 ? null : new TimedSpeech(TimeSpan.FromSeconds(file.Duration), file.Phones, file.Words, file.Method), file.Unsure);
    }

    // Runs of recognized words below the recognizer's reliable confidence ("too young", "the dog to others"):
    // what a dub would translate without anyone having said it.
    private static List<string> Doubted(List<RecognizedWord> words)
    {
        var runs = new List<string>();
        var run = new List<string>();
        foreach (var word in words.Append(new RecognizedWord(TimeSpan.Zero, TimeSpan.Zero, string.Empty, 1)))
        {
            if (word.Confidence < SpeechAnalyzer.ReliableConfidence)
            {
                run.Add(word.Word);
            }
            else if (run.Count > 0)
            {
                runs.Add(string.Join(' ', run));
                run.Clear();
            }
        }

        return runs;
    }

    // The speaker's face and mouth, learned from the video itself; null (with a note) when there is no usable face.
    private async Task<TrainedAvatar?> TrackAsync(string video, string from, Task<Heard> heard, string work, IProgress<TrainingProgress> progress, List<string> notes, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var options = Microsoft.Extensions.Options.Options.Create(new TrainedAvatarOptions
        {
            Directory = Path.Combine(work, AvatarFolder),
            MinimumSeconds = 1,
            MaximumSeconds = _trained.MaximumSeconds,
            MaxSide = _trained.MaxSide,
            MaxFramesWithoutFace = _trained.MaxFramesWithoutFace,

            // Nothing to warn about: the footage is the video being dubbed, not a presenter to be.
            RecommendedSeconds = 1,
        });
        var store = new AvatarStore(options);
        try
        {
            if (!store.Exists(WorkAvatar))
            {
                var trainer = new AvatarTrainer(_faces, _probe, _decoder, _encoder, _speech, store, options);
                await trainer.TrainAsync(
                    video,
                    WorkAvatar,
                    from,
                    TrainingPurpose.Resync,
                    async (listening, token) =>
                    {
                        var speech = (await heard.ConfigureAwait(false)).Speech;
                        return speech ?? await _speech.TimeSpeechAsync(video, null, from, listening, token).ConfigureAwait(false);
                    },
                    progress,
                    cancellationToken).ConfigureAwait(false);
            }

            var (manifest, model, folder) = store.Open(WorkAvatar);
            return new TrainedAvatar(manifest, model, folder, _decoder);
        }
        catch (InvalidInputException ex) when (ex is not TranscriptMismatchException)
        {
            lock (notes)
            {
                notes.Add($"the mouth was not re-synced, only the sound dubbed: {ex.Message}");
            }

            return null;
        }
    }

    private async Task<LocalizationProject> TranslateAsync(Heard heard, string video, string hash, TimeSpan duration, string from, string to, LocalizationRequest request, Glossary glossary, string work, CancellationToken cancellationToken)
    {
        var saved = Path.Combine(work, ProjectFileName);
        if (File.Exists(saved) && request.GlossaryPath is null)
        {
            return LocalizationProject.Load(saved);
        }

        var sources = heard.Sentences.Select(s => s.Text).ToList();
        var targets = await _translator.TranslateAsync(sources, from, to, glossary, cancellationToken).ConfigureAwait(false);
        var project = new LocalizationProject
        {
            Video = video,
            VideoSha256 = hash,
            Duration = duration.TotalSeconds,
            From = from,
            To = to,
            Voice = request.Voice,
            Timing = request.Timing ?? DubTiming.Keep,
            Glossary = new ProjectGlossary { Keep = glossary.Keep, Translate = glossary.Translate },
            Segments = [.. heard.Sentences.Select((s, i) => new ProjectSegment
            {
                Id = i + 1,
                Start = Math.Round(s.Start.TotalSeconds, 3),
                End = Math.Round(Math.Min(s.End.TotalSeconds, duration.TotalSeconds), 3),
                Source = s.Text,
                Target = targets[i],
                TranslatedFrom = s.Text,
                MachineTarget = targets[i],
            })],
        };
        project.Save(saved);
        return project;
    }

    // Segments whose source was corrected but whose translation was left as the machine made it are translated again.
    private async Task<LocalizationProject> RetranslateAsync(LocalizationProject project, Glossary glossary, string path, CancellationToken cancellationToken)
    {
        var stale = project.Segments.Where(s => s.TranslatedFrom is not null && s.Source != s.TranslatedFrom && s.Target == s.MachineTarget).ToList();
        if (stale.Count == 0)
        {
            return project;
        }

        var targets = await _translator.TranslateAsync([.. stale.Select(s => s.Source)], project.From, project.To, glossary, cancellationToken).ConfigureAwait(false);
        var fresh = stale.Select((s, i) => (s.Id, Segment: s with { Target = targets[i], TranslatedFrom = s.Source, MachineTarget = targets[i] })).ToDictionary(p => p.Id, p => p.Segment);
        var updated = project with { Segments = [.. project.Segments.Select(s => fresh.GetValueOrDefault(s.Id, s))] };
        updated.Check($"the project {path}");
        return updated;
    }

    // Each output frame: the input time it shows, the new sound's mouth shape and loudness, and how much of the new mouth is shown.
    private static ResyncRequest Frames(LocalizationProject project, DubVoiceTrack dub, List<(TimeSpan At, TimeSpan Length)> holds, TrainedAvatar? avatar, double rate, float[] loudness, TimeSpan total, string video, string output, string audio)
    {
        var n = loudness.Length;
        var sourceTimes = new double[n];
        for (var k = 0; k < n; k++)
        {
            // Output time back to input time: a hold freezes the input at its point.
            var t = k / rate;
            var shift = 0.0;
            foreach (var (at, length) in holds)
            {
                var start = at.TotalSeconds + shift;
                if (t >= start + length.TotalSeconds)
                {
                    shift += length.TotalSeconds;
                }
                else if (t >= start)
                {
                    shift += t - start;
                }
            }

            sourceTimes[k] = Math.Max(0, t - shift);
        }

        var phones = dub.Lines.SelectMany(l => l.Phones).ToList();
        var track = VisemeTrackBuilder.Build(phones, total, new VisemeOptions { FrameRate = rate });
        var shapes = Enumerable.Range(0, n).Select(k => track.ShapeAt(TimeSpan.FromSeconds(k / rate))).ToArray();

        // The new mouth over the dub's speech and the original's (both are re-made), from 0.12 s before to 0.12 s
        // after, so the lips are already moving when the sound starts.
        var active = new bool[n];
        foreach (var (start, end) in dub.Lines.Select(l => (l.Start, l.End)).Concat(project.Segments.Select(s => (DubMixer.OutputTime(TimeSpan.FromSeconds(s.Start), holds, false), DubMixer.OutputTime(TimeSpan.FromSeconds(s.End), holds, true)))))
        {
            for (var k = Math.Max(0, (int)((start.TotalSeconds - 0.12) * rate)); k < Math.Min(n, (int)Math.Ceiling((end.TotalSeconds + 0.12) * rate)); k++)
            {
                active[k] = true;
            }
        }

        return new ResyncRequest(video, output, audio, rate)
        {
            Avatar = avatar,
            SourceTimes = sourceTimes,
            Shapes = shapes,
            Loudness = loudness,
            Remade = active,
        };
    }

    // A subtitle file beside the output, named by its language: talk.mp4 → talk.es.vtt. An output already named
    // for the dub's language keeps one tag: talk.es.mp4 → talk.es.vtt and talk.en.vtt, not talk.es.es.vtt.
    private static string SubtitlePath(string output, string to, string language, string extension)
    {
        var stem = Path.ChangeExtension(output, null);
        if (stem.EndsWith("." + to, StringComparison.OrdinalIgnoreCase))
        {
            stem = stem[..^(to.Length + 1)];
        }

        return $"{stem}.{language}{extension}";
    }

    // The work folder beside the output (hidden), keyed by what the stages depend on: a different input starts afresh.
    private static string WorkFolder(string output, string hash, string from, string to, string? transcript)
    {
        var folder = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.talkie-work");
        var key = $"{hash} {from} {to} {transcript}";
        var keyFile = Path.Combine(folder, "key.txt");
        if (Directory.Exists(folder) && (!File.Exists(keyFile) || File.ReadAllText(keyFile) != key))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(keyFile, key);
        return folder;
    }

    private static string WriteText(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
