using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Talkie.Media;

namespace Talkie.Speech.Festival;

/// <summary>
/// festival's US English voices: the HTS voice <c>cmu_us_slt_arctic_hts</c> (female, the best English
/// voice available offline) and the diphone voice <c>kal_diphone</c> (male). One festival process
/// speaks all runs of a script; phone times come from <c>utt.save.segs</c> and word times from the
/// utterance's Word relation, tied back to the written tokens.
/// </summary>
public sealed class FestivalSynthesizer : ChunkedSynthesizer
{
    /// <summary>The id of the HTS voice.</summary>
    public const string SltVoiceId = "festival-en-us-slt";

    /// <summary>The id of the diphone voice.</summary>
    public const string KalVoiceId = "festival-en-us-kal";

    /// <summary>The longest word (characters between spaces) festival is given.</summary>
    public const int MaxWordLength = 100;

    private const string SchemePrelude = """
        (define (talkie-words utt fd)
          (let ((tok (utt.relation.first utt 'Token)) (i 0))
            (while tok
              (mapcar
                (lambda (w)
                  (let ((ww (item.relation w 'Word)))
                    (if ww
                      (format fd "%s\t%s\t%s\t%s\t%s\n" (item.feat ww "word_start") (item.feat ww "word_end") i (item.name tok) (item.name ww)))))
                (item.daughters tok))
              (set! i (+ i 1))
              (set! tok (item.next tok)))))
        (define (talkie-say text rate base)
          (if (boundp 'cmu_us_slt_arctic_hts::hts_engine_params)
            (set! hts_engine_params (append cmu_us_slt_arctic_hts::hts_engine_params (list (list "-r" rate))))
            (Parameter.set 'Duration_Stretch (/ 1.0 rate)))
          (let ((utt (eval (list 'Utterance 'Text text))))
            (utt.synth utt)
            (utt.save.wave utt (string-append base ".wav") 'riff)
            (utt.save.segs utt (string-append base ".segs"))
            (let ((fd (fopen (string-append base ".words") "w")))
              (talkie-words utt fd)
              (fclose fd))))

        """;

    private readonly ToolRunner _runner;
    private readonly SpeechOptions _options;
    private readonly MediaOptions _media;
    private readonly IReadOnlyList<FestivalVoice> _voices;

    /// <summary>Creates the synthesizer.</summary>
    public FestivalSynthesizer(ToolRunner runner, IOptions<SpeechOptions> options, IOptions<MediaOptions> media)
    {
        _runner = runner;
        _options = options.Value;
        _media = media.Value;
        _voices =
        [
            new FestivalVoice(
                new Voice(SltVoiceId, "SLT (US English, female, HTS)", "en-us", "English (America)", VoiceGender.Female, "festival", 32000)
                {
                    EngineVoice = "cmu_us_slt_arctic_hts",
                    Preference = 0,
                    Aliases = new Dictionary<string, int> { ["en"] = 0 },
                },
                Path.Combine("us", "cmu_us_slt_arctic_hts"),
                "festvox-us-slt-hts",
                Gain: 1),
            new FestivalVoice(
                new Voice(KalVoiceId, "Kal (US English, male, diphone)", "en-us", "English (America)", VoiceGender.Male, "festival", 16000)
                {
                    EngineVoice = "kal_diphone",
                    Preference = 1,
                    Aliases = new Dictionary<string, int> { ["en"] = 1 },
                },
                Path.Combine("english", "kal_diphone"),
                "festvox-kallpc16k",

                // kal peaks at full scale: a little headroom avoids clipping.
                Gain: 0.8f),
        ];
    }

    /// <inheritdoc />
    public override string Engine => "festival";

    /// <inheritdoc />
    public override bool IsAvailable => ToolLocator.Resolve(_options.FestivalPath) is not null && _voices.Any(Installed);

    /// <inheritdoc />
    public override IReadOnlyList<Voice> Voices => ToolLocator.Resolve(_options.FestivalPath) is null ? [] : _voices.Where(Installed).Select(v => v.Voice).ToList();

    /// <summary>Writes the Scheme program that speaks every run into <c>c{index}.wav/.segs/.words</c>.</summary>
    internal static string BuildScheme(IReadOnlyList<SpeechRun> runs, string engineVoice = "cmu_us_slt_arctic_hts")
    {
        var scheme = new StringBuilder();
        scheme.Append(CultureInfo.InvariantCulture, $"(voice_{engineVoice})\n").Append(SchemePrelude);
        for (var i = 0; i < runs.Count; i++)
        {
            var text = PrepareText(runs[i].Spoken).Text;
            if (text.Length > 0)
            {
                scheme.Append(CultureInfo.InvariantCulture, $"(talkie-say \"{EscapeScheme(text)}\" {runs[i].Prosody.Rate:0.###} \"c{i}\")\n");
            }
        }

        return scheme.ToString();
    }

    /// <summary>
    /// Folds text to the ASCII festival's English front end reads. Tokens with nothing to say (a lone
    /// dash) are left out, which festival would otherwise read as "minus"; <c>WordIndexes[i]</c> is
    /// the written word that festival's token <c>i</c> came from.
    /// </summary>
    internal static (string Text, int[] WordIndexes) PrepareText(string text)
    {
        var tokens = new List<string>();
        var indexes = new List<int>();
        var spans = ScriptText.Words(text);
        for (var i = 0; i < spans.Count; i++)
        {
            var folded = FoldWord(text.Substring(spans[i].Start, spans[i].Length));
            if (folded.Any(char.IsLetterOrDigit))
            {
                tokens.Add(folded);
                indexes.Add(i);
            }
        }

        return (string.Join(' ', tokens), indexes.ToArray());
    }

    /// <inheritdoc />
    public override void CheckScript(SpeechScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        CheckWordLengths([.. script.Items.OfType<SpeechRun>()]);
    }

    // Festival's English front end spells a long unknown token letter by letter: 200 letters became 21 s
    // of speech, and 5,000 ran past festival's 60 s limit with nothing to show. Such a "word" is a mistake
    // in the script (a paste gone wrong), refused before festival starts; the longest English words
    // (45 letters) and most web addresses stay below the limit.
    private static void CheckWordLengths(IReadOnlyList<SpeechRun> runs)
    {
        foreach (var run in runs)
        {
            foreach (var (start, length) in ScriptText.Words(run.Spoken))
            {
                if (length > MaxWordLength)
                {
                    throw new InvalidInputException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"the script has a word of {length:N0} characters ('{run.Spoken.Substring(start, 20)}…'), too long to speak (at most {MaxWordLength}); put spaces into it or check the script"));
                }
            }
        }
    }

    /// <inheritdoc />
    private protected override async Task<IReadOnlyList<ChunkAudio>> SynthesizeRunsAsync(IReadOnlyList<SpeechRun> runs, Voice voice, CancellationToken cancellationToken)
    {
        var festival = ToolLocator.Require("festival", _options.FestivalPath, "Talkie:Speech:FestivalPath");
        var festivalVoice = _voices.First(v => v.Voice.Id == voice.Id);
        if (!Installed(festivalVoice))
        {
            throw new ToolNotFoundException($"festival voice {voice.EngineVoice} ({festivalVoice.Package})", Path.Combine(_options.FestivalVoicesDirectory, festivalVoice.Folder), "Talkie:Speech:FestivalVoicesDirectory");
        }

        CheckWordLengths(runs);
        var work = Directory.CreateTempSubdirectory("talkie-festival-");
        var chunks = new List<ChunkAudio>(runs.Count);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "say.scm"), BuildScheme(runs, voice.EngineVoice), Encoding.Latin1, cancellationToken).ConfigureAwait(false);
            var words = runs.Sum(r => ScriptText.CountWords(r.Spoken));
            var result = await _runner.RunAsync(
                new ToolCommand("festival", festival, ["-b", "say.scm"])
                {
                    OptionName = "Talkie:Speech:FestivalPath",
                    WorkingDirectory = work.FullName,
                    Timeout = TimeSpan.FromSeconds(60 + (0.2 * words)),
                },
                cancellationToken).ConfigureAwait(false);

            for (var i = 0; i < runs.Count; i++)
            {
                chunks.Add(await ReadChunkAsync(work.FullName, i, runs[i], festivalVoice, result, cancellationToken).ConfigureAwait(false));
            }

            return chunks;
        }
        catch
        {
            foreach (var chunk in chunks)
            {
                chunk.Audio.Dispose();
            }

            throw;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<ChunkAudio> ReadChunkAsync(string directory, int index, SpeechRun run, FestivalVoice voice, ToolResult result, CancellationToken cancellationToken)
    {
        var stem = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"c{index}"));
        var wav = stem + ".wav";
        var (text, wordIndexes) = PrepareText(run.Spoken);
        if (text.Length == 0)
        {
            // Nothing festival can say (no Latin letters or digits): a short silence keeps the run's place.
            var silence = new AudioBuffer(voice.Voice.SampleRate);
            silence.AppendSilence(TimeSpan.FromMilliseconds(200));
            return new ChunkAudio(silence, [], []);
        }

        if (!File.Exists(wav) || !File.Exists(stem + ".segs"))
        {
            // festival reports Scheme errors on stderr but still exits 0.
            throw new ToolFailedException("festival", result.ExitCode, ["-b", "say.scm"], result.StandardErrorTail, "festival did not speak the script");
        }

        if (run.Prosody.PitchSemitones != 0)
        {
            // The HTS engine in Debian's festival ignores its pitch option; shift with sox, which keeps the duration.
            var shifted = stem + ".pitch.wav";
            var cents = (run.Prosody.PitchSemitones * 100).ToString("0", CultureInfo.InvariantCulture);
            await _runner.RunAsync(
                new ToolCommand("sox", _media.SoxPath, [wav, shifted, "pitch", cents]) { OptionName = "Talkie:Media:SoxPath", ExpectedOutputFile = shifted },
                cancellationToken).ConfigureAwait(false);
            wav = shifted;
        }

        var audio = WavFile.Read(wav);
        var gain = voice.Gain * (float)Math.Pow(10, run.Prosody.VolumeDb / 20);
        if (gain != 1)
        {
            audio.ApplyGain(gain);
        }

        List<PhoneEvent> phones;
        using (var segs = File.OpenText(stem + ".segs"))
        {
            phones = FestivalOutputParser.ParseSegments(segs);
        }

        List<FestivalWord> festivalWords;
        using (var wordsFile = File.OpenText(stem + ".words"))
        {
            festivalWords = FestivalOutputParser.ParseWords(wordsFile);
        }

        return new ChunkAudio(audio, phones, ToChunkWords(festivalWords, wordIndexes));
    }

    /// <summary>One word per written token: festival may say several words for one token ("42" → "forty two").</summary>
    internal static List<ChunkWord> ToChunkWords(IEnumerable<FestivalWord> words, int[] wordIndexes)
        => words
            .Where(w => w.TokenIndex >= 0 && w.TokenIndex < wordIndexes.Length)
            .GroupBy(w => w.TokenIndex)
            .Select(g => new ChunkWord(TimeSpan.FromSeconds(g.Min(w => w.Start)), TimeSpan.FromSeconds(g.Max(w => w.End)), wordIndexes[g.Key]))
            .OrderBy(w => w.WordIndex)
            .ToList();

    private static string FoldWord(string word)
    {
        var folded = new StringBuilder(word.Length);
        foreach (var c in word.Normalize(NormalizationForm.FormD))
        {
            if (c < 128)
            {
                folded.Append(c);
            }
            else if (c is '\u2019' or '\u2018' or '\u02BC')
            {
                folded.Append('\'');
            }
            else if (c is '\u201C' or '\u201D' or '«' or '»')
            {
                folded.Append('"');
            }
            else if (c is '\u2013' or '\u2014')
            {
                folded.Append('-');
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
        }

        return folded.ToString();
    }

    private bool Installed(FestivalVoice voice) => Directory.Exists(Path.Combine(_options.FestivalVoicesDirectory, voice.Folder));

    private static string EscapeScheme(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>A festival voice: what the catalogue shows, where it is installed, and its level.</summary>
    private sealed record FestivalVoice(Voice Voice, string Folder, string Package, float Gain);
}
