using Talkie.Speech.Recognition;
using Talkie.Testing;
using Xunit.Abstractions;

namespace Talkie.Speech.Tests;

/// <summary>Recognition and alignment on the shared recordings, scored against transcripts.tsv.</summary>
public sealed class RecognitionTests
{
    private readonly ITestOutputHelper _output;

    public RecognitionTests(ITestOutputHelper output) => _output = output;

    private static SpeechAnalyzer Analyzer => TestServices.Get<SpeechAnalyzer>();

    [Theory]
    [InlineData("en_ljspeech_LJ001-0001.wav", 0.10)]
    [InlineData("en_ljspeech_LJ001-0005.mp3", 0.20)]
    [InlineData("en_jfk_inaugural_1961.wav", 0.25)]
    public async Task Transcribe_SharedClip_WordErrorRateWithinBound(string file, double bound)
    {
        var (_, _, reference) = TestMedia.Transcripts().Single(t => t.File == file);
        var transcript = await Analyzer.TranscribeAsync(TestMedia.Speech(file), new TranscriptionOptions(), null, CancellationToken.None);

        var wer = SpeechScores.WordErrorRate(reference, transcript.Words.Select(w => w.Word));
        _output.WriteLine($"{file}: WER {wer:P1} — {transcript.Text}");
        Assert.True(wer <= bound, $"WER {wer:P1} on {file}: {transcript.Text}");

        // Words are timed in order inside the recording, with phones under them.
        var words = transcript.Words.ToList();
        Assert.True(words.Zip(words.Skip(1)).All(p => p.First.End <= p.Second.Start + TimeSpan.FromMilliseconds(1)));
        Assert.All(words, w => Assert.InRange(w.Confidence, 0, 1));
        Assert.True(words[^1].End <= transcript.Duration);
        Assert.True(transcript.Phones.Count > words.Count);
    }

    [Theory]
    [InlineData("m4a", "aac")]
    [InlineData("flac", "flac")]
    [InlineData("ogg", "libopus")]
    public async Task Transcribe_OtherContainers_ReadTheSame(string extension, string codec)
    {
        using var temp = new TempDirectory();
        var file = temp.File("clip." + extension);
        await TestServices.Get<Media.ToolRunner>().RunAsync(
            new Media.ToolCommand("ffmpeg", "ffmpeg", ["-loglevel", "error", "-i", TestMedia.Speech("en_ljspeech_LJ001-0001.wav"), "-ac", "2", "-ar", "48000", "-c:a", codec, file]),
            CancellationToken.None);

        var transcript = await Analyzer.TranscribeAsync(file, new TranscriptionOptions(), null, CancellationToken.None);

        Assert.Contains("crafts represented in the exhibition", transcript.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcribe_Mandarin_IsRefusedWithTheWayOut()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Analyzer.TranscribeAsync(TestMedia.Speech("zh_aishell1_BAC009S0724W0121.wav"), new TranscriptionOptions { Language = "zh" }, null, CancellationToken.None));
        Assert.Contains("English only", error.Message, StringComparison.Ordinal);
        Assert.Contains("talkie visemes --audio", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en_ljspeech_LJ001-0001.wav")]
    [InlineData("en_ljspeech_LJ001-0005.mp3")]
    [InlineData("en_jfk_inaugural_1961.wav")]
    public async Task Align_SharedClipWithItsTranscript_TimesEveryWrittenWord(string file)
    {
        var (_, _, reference) = TestMedia.Transcripts().Single(t => t.File == file);
        var alignment = await Analyzer.AlignAsync(TestMedia.Speech(file), reference, null, CancellationToken.None);

        _output.WriteLine($"{file}: fit {alignment.Fit:0.00}");
        Assert.Equal(reference.Split(' ', StringSplitOptions.RemoveEmptyEntries), alignment.Words.Select(w => w.Text));
        Assert.True(alignment.Fit is null || alignment.Fit > SpeechAnalyzer.MismatchFit);
        Assert.True(alignment.Words.Zip(alignment.Words.Skip(1)).All(p => p.First.Start <= p.Second.Start));
        Assert.True(alignment.Phones.Count >= alignment.Words.Count);
    }

    public static TheoryData<string, string> WrongTranscripts => new()
    {
        { "en_jfk_inaugural_1961.wav", "Printing, in the only sense with which we are at present concerned, differs from most if not from all the arts." },
        { "en_jfk_inaugural_1961.wav", "Und so, meine Mitbürger, fragt nicht, was euer Land für euch tun kann." },
        { "en_jfk_inaugural_1961.wav", "ask not what your country can do for you" },
        { "zh_aishell1_BAC009S0724W0121.wav", "And so my fellow Americans, ask not what your country can do for you." },
        { "en_ljspeech_LJ001-0001.wav", "nonsense words here" },
    };

    [Theory]
    [MemberData(nameof(WrongTranscripts))]
    public async Task Align_TranscriptThatDoesNotMatch_SaysSo(string file, string transcript)
    {
        var error = await Assert.ThrowsAsync<TranscriptMismatchException>(() => Analyzer.AlignAsync(TestMedia.Speech(file), transcript, null, CancellationToken.None));
        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Align_LongRecording_IsAlignedChunkByChunk()
    {
        // With the one-pass limit at 15 s, a 40 s recording goes the long way: recognized, its
        // transcript spread over the chunks by matching words, then each chunk aligned.
        using var services = TestServices.Build(new Dictionary<string, string?> { ["Talkie:Speech:WholeAlignmentLimit"] = "00:00:15" });
        var analyzer = (SpeechAnalyzer)services.GetService(typeof(SpeechAnalyzer))!;
        var catalog = (VoiceCatalog)services.GetService(typeof(VoiceCatalog))!;
        string[] paragraphs =
        [
            "Welcome to the quarterly update. This quarter we shipped three major features and doubled the number of active teams.",
            "Our customers told us what they needed: faster edits, more languages, and presenters that look like their brand.",
            "So we built a script editor that renders as you type, and added voices in more than a hundred languages.",
            "Next quarter we will focus on personalized videos, with one template for thousands of viewers.",
            "Thank you for watching, and see you next time.",
        ];
        var text = string.Join(' ', paragraphs);
        using var narration = await catalog.SynthesizeAsync(ScriptParser.Parse(string.Join("\n\n", paragraphs)), catalog.Find("festival-en-us-slt")!, CancellationToken.None);
        using var temp = new TempDirectory();
        var wav = temp.File("long.wav");
        Media.WavFile.Write(wav, narration.Audio);
        Assert.True(narration.Duration > TimeSpan.FromSeconds(30));

        var alignment = await analyzer.AlignAsync(wav, text, null, CancellationToken.None);

        Assert.Equal(ScriptText.CountWords(text), alignment.Words.Count);
        Assert.True(alignment.Fit > SpeechAnalyzer.MismatchFit);
        var truth = narration.Words.Select(w => w.Start).ToList();
        var errors = alignment.Words.Zip(truth, (a, t) => Math.Abs((a.Start - t).TotalMilliseconds)).Order().ToList();
        _output.WriteLine($"word start error: median {errors[errors.Count / 2]:0} ms, 90th percentile {errors[errors.Count * 9 / 10]:0} ms");
        Assert.True(errors[errors.Count * 9 / 10] < 100, $"90th percentile {errors[errors.Count * 9 / 10]:0} ms");
    }

    [Fact]
    public async Task TimeSpeech_Mandarin_WithLanguage_DecodesPhones()
    {
        var timed = await Analyzer.TimeSpeechAsync(TestMedia.Speech("zh_aishell1_BAC009S0724W0121.wav"), null, "zh", null, CancellationToken.None);
        Assert.Equal(SpeechTimingMethod.Phonetic, timed.Method);
        Assert.True(timed.Phones.Count > 15);
        Assert.Empty(timed.Words);
    }
}
