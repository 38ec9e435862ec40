using System.Globalization;
using Microsoft.Extensions.Options;
using Talkie.Media;
using Talkie.Speech;
using Talkie.Speech.Features;

namespace Talkie.Localization;

/// <summary>One dubbed sentence, as placed on the output's timeline.</summary>
/// <param name="Id">The project segment's id.</param>
/// <param name="SlotStart">Where the original sentence starts (output time).</param>
/// <param name="SlotEnd">Where the original sentence ends (output time, after any hold).</param>
/// <param name="Start">Where the dub's speech starts.</param>
/// <param name="End">Where the dub's speech ends.</param>
/// <param name="Rate">The synthesizer's speech rate used (1 = its normal rate).</param>
/// <param name="Stretch">The time-stretch applied after synthesis (above 1 = slower).</param>
/// <param name="Hold">How long the picture is held at the end of the original sentence (stretch-video timing).</param>
public sealed record DubLine(int Id, TimeSpan SlotStart, TimeSpan SlotEnd, TimeSpan Start, TimeSpan End, double Rate, double Stretch, TimeSpan Hold)
{
    /// <summary>Gets the dub's words, timed on the output's timeline.</summary>
    public IReadOnlyList<WordEvent> Words { get; init; } = [];

    /// <summary>Gets the dub's phones, timed on the output's timeline.</summary>
    public IReadOnlyList<PhoneEvent> Phones { get; init; } = [];
}

/// <summary>The dub's voice track and how it was made.</summary>
/// <param name="Audio">The voice alone, on the output's timeline, at <see cref="DubVoicer.SampleRate"/>.</param>
/// <param name="Lines">Each sentence as placed.</param>
/// <param name="Voice">The synthesizer voice.</param>
/// <param name="PitchShift">The pitch shift applied (semitones).</param>
/// <param name="FormantScale">The formant scale applied (the timbre: above 1 = a shorter vocal tract).</param>
/// <param name="Notes">What the user should know (sentences that had to be rushed).</param>
public sealed record DubVoiceTrack(AudioBuffer Audio, IReadOnlyList<DubLine> Lines, Voice Voice, double PitchShift, double FormantScale, IReadOnlyList<string> Notes) : IDisposable
{
    /// <summary>Gets the synthesizer rate matching the speaker's speaking rate (before any sentence was sped up to fit).</summary>
    public double BaseRate { get; init; } = 1;

    /// <summary>Gets the intonation range set on the synthesizer (a factor on the voice's own; null: its own).</summary>
    public double? PitchRange { get; init; }

    /// <summary>Gets the output's length added by holds.</summary>
    public TimeSpan Added => Lines.Aggregate(TimeSpan.Zero, (sum, l) => sum + l.Hold);

    /// <inheritdoc />
    public void Dispose() => Audio.Dispose();
}

/// <summary>
/// Speaks the translated sentences in a voice matched to the speaker and fits each into its slot: the
/// synthesizer's rate and intonation range are set to the speaker's speaking rate and pitch range, its
/// rate is raised further where a sentence would overrun (speech sped up by the engine sounds natural), then the
/// sentence is time-stretched (rubberband, formant-preserving) to fit; the whole voice is shifted to the
/// speaker's median pitch and its formants scaled toward the speaker's timbre in the same pass.
/// </summary>
public sealed class DubVoicer
{
    /// <summary>The voice track's sample rate.</summary>
    public const int SampleRate = 48000;

    // How far a sentence may run past its slot into the quiet after it, and how much quiet is left before the next.
    private static readonly TimeSpan Overrun = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(60);

    private readonly VoiceCatalog _voices;
    private readonly MediaDecoder _decoder;
    private readonly ToolRunner _runner;
    private readonly LocalizationOptions _options;

    /// <summary>Creates the voicer.</summary>
    public DubVoicer(VoiceCatalog voices, MediaDecoder decoder, ToolRunner runner, IOptions<LocalizationOptions> options)
    {
        _voices = voices;
        _decoder = decoder;
        _runner = runner;
        _options = options.Value;
    }

    /// <summary>Chooses the dub's voice: the one asked for (it must speak the target language), else the target language's best voice of the speaker's apparent gender (from their pitch).</summary>
    /// <exception cref="UnknownVoiceException">No voice speaks the language, or the one asked for does not.</exception>
    public Voice ChooseVoice(string? voiceId, string language, VoiceTraits speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        var gender = VoiceAnalysis.GenderOf(speaker.MedianPitch);
        return _voices.Resolve(voiceId, language, gender);
    }

    /// <summary>Speaks and fits every segment of <paramref name="project"/>.</summary>
    /// <param name="project">The reviewed project.</param>
    /// <param name="voice">The voice.</param>
    /// <param name="speaker">The original speaker's voice.</param>
    /// <param name="work">A folder for intermediate files.</param>
    /// <param name="progress">Receives progress (0–1).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public async Task<DubVoiceTrack> VoiceAsync(LocalizationProject project, Voice voice, VoiceTraits speaker, string work, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(speaker);
        Directory.CreateDirectory(work);
        var segments = project.Segments;
        var notes = new List<string>();

        // 1. The voice as it speaks by itself: its speaking rate and intonation range, against the speaker's,
        // set the engine's own rate and range (the range only where the engine has the setting: espeak-ng).
        VoiceTraits plain;
        var first = new List<Spoken>();
        try
        {
            for (var i = 0; i < segments.Count; i++)
            {
                first.Add(await SpeakAsync(segments[i].Target, voice, project.To, Prosody.Neutral, cancellationToken).ConfigureAwait(false));
                progress?.Report(0.25 * (i + 1) / segments.Count);
            }

            plain = await MeasureAsync(first, work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            first.ForEach(line => line.Dispose());
        }

        var baseRate = speaker.SyllableRate > 0 && plain.SyllableRate > 0 ? Math.Clamp(speaker.SyllableRate / plain.SyllableRate, 0.85, 1.25) : 1;
        // espeak-ng's widest range is twice its voices' own (its setting 100 against 50).
        double? range = speaker.PitchRange > 0 && plain.PitchRange > 0 ? Math.Clamp(speaker.PitchRange / plain.PitchRange, 0.5, 2) : null;

        // 2. Each sentence at that rate, faster where it would overrun its slot.
        var spoken = new List<Spoken>();
        try
        {
            for (var i = 0; i < segments.Count; i++)
            {
                var segment = segments[i];
                var next = i + 1 < segments.Count ? TimeSpan.FromSeconds(segments[i + 1].Start) : TimeSpan.FromSeconds(project.Duration);
                var end = TimeSpan.FromSeconds(segment.End);
                var slot = end - TimeSpan.FromSeconds(segment.Start) + TimeSpan.FromTicks(Math.Clamp((next - end - Gap).Ticks, 0, Overrun.Ticks));
                var rate = baseRate;
                var line = await SpeakAsync(segment.Target, voice, project.To, new Prosody(rate, 0, 0) { PitchRange = range }, cancellationToken).ConfigureAwait(false);
                if (line.Length > slot * 1.02 && rate < _options.MaxSpeechRate)
                {
                    rate = Math.Min(_options.MaxSpeechRate, rate * line.Length / slot * 1.03);
                    line.Dispose();
                    line = await SpeakAsync(segment.Target, voice, project.To, new Prosody(rate, 0, 0) { PitchRange = range }, cancellationToken).ConfigureAwait(false);
                }

                spoken.Add(line with { Slot = slot, Rate = rate });
                progress?.Report(0.25 + (0.25 * (i + 1) / segments.Count));
            }

            // 3. The voice as it will be placed, against the speaker's: the pitch shift and formant scale to apply.
            var synthesized = await MeasureAsync(spoken, work, cancellationToken).ConfigureAwait(false);
            var shift = speaker.MedianPitch > 0 && synthesized.MedianPitch > 0
                ? Math.Clamp(12 * Math.Log2(speaker.MedianPitch / synthesized.MedianPitch), -_options.MaxPitchShift, _options.MaxPitchShift)
                : 0;
            var formants = Math.Clamp(speaker.FormantScaleFrom(synthesized), 0.88, 1.14);

            // 3. Each sentence stretched to its length, shifted and scaled, and placed.
            var added = TimeSpan.Zero;
            var lines = new List<DubLine>();
            var placed = new List<(TimeSpan Start, AudioBuffer Audio)>();
            try
            {
                for (var i = 0; i < spoken.Count; i++)
                {
                    var line = spoken[i];
                    var segment = segments[i];
                    var length = line.Length;
                    var target = length;
                    var hold = TimeSpan.Zero;
                    if (length > line.Slot)
                    {
                        if (project.Timing == DubTiming.StretchVideo && length > line.Slot * _options.NaturalStretch)
                        {
                            target = length / _options.NaturalStretch;
                            hold = target - line.Slot;
                        }
                        else
                        {
                            target = line.Slot;
                            if (length > line.Slot * _options.NaturalStretch)
                            {
                                notes.Add(string.Create(CultureInfo.InvariantCulture, $"segment {segment.Id} runs {(length / line.Slot - 1) * 100:0}% long in {project.To} even spoken faster, so it was squeezed to fit: shorten its translation in the project, or use --timing stretch-video"));
                            }
                        }
                    }
                    else if (length < line.Slot)
                    {
                        // A short sentence is slowed a little toward its slot, as the speaker took that long.
                        target = TimeSpan.FromTicks(Math.Min(line.Slot.Ticks, (long)(length.Ticks * 1.1)));
                    }

                    var audio = await ShapeAsync(line, target, shift, formants, work, i, cancellationToken).ConfigureAwait(false);
                    var start = TimeSpan.FromSeconds(segment.Start) + added;
                    placed.Add((start, audio));
                    var stretch = target / length;
                    var speechEnd = start + audio.Duration;
                    lines.Add(new DubLine(segment.Id, start, TimeSpan.FromSeconds(segment.End) + added + hold, start, speechEnd, line.Rate, stretch, hold)
                    {
                        Words = [.. line.Words.Select(w => new WordEvent(start + (w.Start * stretch), start + (w.End * stretch), w.Text) { EndsSentence = w.EndsSentence })],
                        Phones = [.. line.Phones.Select(p => p with { Start = start + (p.Start * stretch), End = start + (p.End * stretch) })],
                    });
                    added += hold;
                    progress?.Report(0.5 + (0.5 * (i + 1) / spoken.Count));
                }

                var total = TimeSpan.FromSeconds(project.Duration) + added;
                var track = new AudioBuffer(SampleRate, (int)(total.TotalSeconds * SampleRate) + 1);
                track.AppendSilence(total);
                foreach (var (start, audio) in placed)
                {
                    var offset = (int)Math.Round(start.TotalSeconds * SampleRate);
                    var count = Math.Min(audio.Length, track.Length - offset);
                    var samples = track.Samples;
                    for (var k = 0; k < count; k++)
                    {
                        samples[offset + k] += audio.Samples[k];
                    }
                }

                return new DubVoiceTrack(track, lines, voice, shift, formants, notes) { BaseRate = baseRate, PitchRange = range };
            }
            finally
            {
                foreach (var (_, audio) in placed)
                {
                    audio.Dispose();
                }
            }
        }
        finally
        {
            foreach (var line in spoken)
            {
                line.Dispose();
            }
        }
    }

    // A sentence as synthesized, trimmed to its speech; words and phones from its start.
    private sealed record Spoken(AudioBuffer Audio, IReadOnlyList<WordEvent> Words, IReadOnlyList<PhoneEvent> Phones) : IDisposable
    {
        public TimeSpan Slot { get; init; }

        public double Rate { get; init; } = 1;

        public TimeSpan Length => Audio.Duration;

        public void Dispose() => Audio.Dispose();
    }

    // Every line, resampled together, measured.
    private async Task<VoiceTraits> MeasureAsync(List<Spoken> lines, string work, CancellationToken cancellationToken)
    {
        using var all = new AudioBuffer(lines[0].Audio.SampleRate);
        foreach (var line in lines)
        {
            all.Append(line.Audio.Samples);
        }

        using var resampled = await ResampleAsync(all, VoiceAnalysis.SampleRate, work, cancellationToken).ConfigureAwait(false);
        return VoiceAnalysis.Measure(resampled);
    }

    private async Task<Spoken> SpeakAsync(string text, Voice voice, string language, Prosody prosody, CancellationToken cancellationToken)
    {
        var script = new SpeechScript([new SpeechRun(text, text, prosody) { EndsSentence = true }], language);
        using var narration = await _voices.SynthesizeAsync(script, voice, cancellationToken).ConfigureAwait(false);
        var speech = narration.Phones.Where(p => !p.IsSilence).ToList();
        var from = speech.Count > 0 ? speech[0].Start : ChunkedSynthesizer.LeadIn;
        var to = speech.Count > 0 ? speech[^1].End : narration.Duration - ChunkedSynthesizer.TailOut;
        from = TimeSpan.FromTicks(Math.Max(0, (from - TimeSpan.FromMilliseconds(20)).Ticks));
        to = TimeSpan.FromTicks(Math.Min(narration.Duration.Ticks, (to + TimeSpan.FromMilliseconds(40)).Ticks));
        var rateHz = narration.Audio.SampleRate;
        var (a, b) = ((int)(from.TotalSeconds * rateHz), (int)(to.TotalSeconds * rateHz));
        var audio = new AudioBuffer(rateHz, b - a);
        audio.Append(narration.Audio.Samples[a..b]);
        return new Spoken(
            audio,
            [.. narration.Words.Select(w => w with { Start = w.Start - from, End = w.End - from })],
            [.. speech.Select(p => p with { Start = p.Start - from, End = p.End - from })]);
    }

    // Stretch to the target length, shift the pitch and scale the formants: the formant scale is a
    // resampling (the file is labelled at a scaled rate, so every frequency moves), the pitch is then
    // taken to where it should be with formants kept (rubberband -F), and the length set exactly (-D).
    private async Task<AudioBuffer> ShapeAsync(Spoken line, TimeSpan target, double shift, double formants, string work, int index, CancellationToken cancellationToken)
    {
        var input = Path.Combine(work, string.Create(CultureInfo.InvariantCulture, $"line-{index:0000}.wav"));
        var output = Path.Combine(work, string.Create(CultureInfo.InvariantCulture, $"line-{index:0000}.shaped.wav"));
        var labelled = (int)Math.Round(line.Audio.SampleRate * formants);
        using (var relabelled = new AudioBuffer(labelled, line.Audio.Length))
        {
            relabelled.Append(line.Audio.Samples);
            WavFile.Write(input, relabelled);
        }

        var pitch = Math.Pow(2, shift / 12) / formants;
        if (Math.Abs(pitch - 1) < 0.005 && Math.Abs((target / line.Length) - 1) < 0.005 && Math.Abs(formants - 1) < 0.005)
        {
            return await _decoder.ReadAudioAsync(input, SampleRate, cancellationToken).ConfigureAwait(false);
        }

        var arguments = new List<string>
        {
            "-q", "-3", "-F",
            "-f", pitch.ToString("0.######", CultureInfo.InvariantCulture),
            "-D", target.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture),
            input, output,
        };
        await _runner.RunAsync(new ToolCommand("rubberband", _options.RubberbandPath, arguments) { OptionName = "Talkie:Localization:RubberbandPath", ExpectedOutputFile = output }, cancellationToken).ConfigureAwait(false);
        return await _decoder.ReadAudioAsync(output, SampleRate, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AudioBuffer> ResampleAsync(AudioBuffer audio, int sampleRate, string work, CancellationToken cancellationToken)
    {
        var path = Path.Combine(work, $"measure-{Guid.NewGuid():N}.wav");
        WavFile.Write(path, audio);
        try
        {
            return await _decoder.ReadAudioAsync(path, sampleRate, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
