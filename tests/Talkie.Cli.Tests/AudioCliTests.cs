using System.Text.Json;
using Talkie.Testing;

namespace Talkie.Cli.Tests;

public sealed class AudioCliTests
{
    [Fact]
    public async Task Transcribe_Json_HasSegmentsWordsTimesAndConfidences()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(["transcribe", TestMedia.Speech("en_ljspeech_LJ001-0001.wav")]);

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("en", json.RootElement.GetProperty("language").GetString());
        var segment = json.RootElement.GetProperty("segments").EnumerateArray().First();
        Assert.Contains("crafts represented in the exhibition", segment.GetProperty("text").GetString(), StringComparison.Ordinal);
        var word = segment.GetProperty("words").EnumerateArray().First();
        Assert.True(word.GetProperty("end").GetDouble() > word.GetProperty("start").GetDouble());
        Assert.InRange(word.GetProperty("confidence").GetDouble(), 0, 1);
        Assert.False(string.IsNullOrEmpty(word.GetProperty("word").GetString()));
    }

    [Theory]
    [InlineData("srt", "00:00:0", " --> ")]
    [InlineData("vtt", "WEBVTT", " --> ")]
    [InlineData("text", "printing", "metal letters")]
    public async Task Transcribe_OtherFormats(string format, string first, string second)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(["transcribe", TestMedia.Speech("en_ljspeech_LJ001-0005.mp3"), "--format", format]);
        Assert.True(code == 0, stderr);
        Assert.Contains(first, stdout, StringComparison.Ordinal);
        Assert.Contains(second, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcribe_SeveralFiles_WritesEachBesideItsInput()
    {
        using var temp = new TempDirectory();
        var a = temp.File("a.mp3");
        var b = temp.File("b.wav");
        File.Copy(TestMedia.Speech("en_ljspeech_LJ001-0005.mp3"), a);
        File.Copy(TestMedia.Speech("en_jfk_inaugural_1961.wav"), b);

        var (code, stdout, stderr) = await CliRunner.RunAsync(["transcribe", a, b, "--format", "srt"]);

        Assert.True(code == 0, stderr);
        Assert.Contains("country", await File.ReadAllTextAsync(temp.File("b.srt")), StringComparison.Ordinal);
        Assert.Contains("printing", await File.ReadAllTextAsync(temp.File("a.srt")), StringComparison.Ordinal);
        Assert.Contains("Wrote", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Visemes_AudioWithDialog_IsRhubarbJsonAlignedToTheText()
    {
        using var temp = new TempDirectory();
        var dialog = temp.File("dialog.txt");
        await File.WriteAllTextAsync(dialog, TestMedia.Transcripts().Single(t => t.File == "en_jfk_inaugural_1961.wav").Transcript);

        var (code, stdout, stderr) = await CliRunner.RunAsync(["visemes", "--audio", TestMedia.Speech("en_jfk_inaugural_1961.wav"), "--dialog", dialog]);

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("aligned", json.RootElement.GetProperty("metadata").GetProperty("timing").GetString());
        Assert.Equal(11, json.RootElement.GetProperty("metadata").GetProperty("duration").GetDouble(), 1);
        var cues = json.RootElement.GetProperty("mouthCues").EnumerateArray().ToList();
        Assert.True(cues.Count > 20);
        Assert.Contains(cues, c => c.GetProperty("value").GetString() == "A");
    }

    [Fact]
    public async Task Visemes_OtherLanguage_DecodesPhones()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(["visemes", "--audio", TestMedia.Speech("zh_aishell1_BAC009S0724W0121.wav"), "--lang", "zh", "--format", "tsv"]);
        Assert.True(code == 0, stderr);
        Assert.True(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 10);
    }

    [Fact]
    public async Task Create_Audio_MakesAVideoOfThatVoice()
    {
        using var temp = new TempDirectory();
        var output = temp.File("voice.mp4");

        var (code, stdout, stderr) = await CliRunner.RunAsync(["create", "--audio", TestMedia.Speech("en_ljspeech_LJ001-0005.mp3"), "--avatar", "stock:amara", "--size", "480x270", "-o", output]);

        Assert.True(code == 0, stderr);
        Assert.Contains("speech recognized and aligned", stdout, StringComparison.Ordinal);
        var info = await TestServices.Get<Media.MediaProbe>().ProbeAsync(output, CancellationToken.None);
        Assert.Equal(8.2, info.Duration!.Value.TotalSeconds, 0);
        Assert.Contains("printing", await File.ReadAllTextAsync(temp.File("voice.vtt")), StringComparison.Ordinal);
    }

    public static TheoryData<string, string[], string> BadAudio => new()
    {
        { "missing", ["transcribe", "/nonexistent/voice.wav"], "audio file not found" },
        { "corrupt", ["transcribe", "{corrupt}"], "not a media file ffmpeg can read" },
        { "mismatch", ["visemes", "--audio", "{jfk}", "--transcript", "{german}"], "the transcript does not match" },
        { "both", ["create", "--audio", "{jfk}", "--text", "Hi", "-o", "{out}"], "either a script" },
        { "transcript-alone", ["create", "--text", "Hi", "--transcript", "{german}", "-o", "{out}"], "--transcript goes with --audio" },
        { "silence", ["create", "--audio", "{silence}", "-o", "{out}"], "no speech found" },
        { "format", ["transcribe", "{jfk}", "--format", "docx"], "not one of json, srt, vtt, text" },
    };

    [Theory]
    [MemberData(nameof(BadAudio))]
    public async Task BadAudioInput_OneLineError(string name, string[] args, string message)
    {
        using var temp = new TempDirectory();
        await File.WriteAllBytesAsync(temp.File("corrupt.wav"), [0x52, 0x49, 0x46, 0x46, 0x01, 0x02, 0x03]);
        await File.WriteAllTextAsync(temp.File("german.txt"), "Guten Tag, meine Damen und Herren, willkommen zur heutigen Sendung über Gärten.");
        var silence = temp.File("silence.wav");
        await TestServices.Get<Media.ToolRunner>().RunAsync(new Media.ToolCommand("ffmpeg", "ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "anoisesrc=a=0.0005:d=2", silence]), CancellationToken.None);
        var resolved = args.Select(a => a
            .Replace("{corrupt}", temp.File("corrupt.wav"), StringComparison.Ordinal)
            .Replace("{german}", temp.File("german.txt"), StringComparison.Ordinal)
            .Replace("{silence}", silence, StringComparison.Ordinal)
            .Replace("{jfk}", TestMedia.Speech("en_jfk_inaugural_1961.wav"), StringComparison.Ordinal)
            .Replace("{out}", temp.File($"{name}.mp4"), StringComparison.Ordinal)).ToArray();

        var (code, _, stderr) = await CliRunner.RunAsync(resolved);

        Assert.Equal(1, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !l.EndsWith("...", StringComparison.Ordinal));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File($"{name}.mp4")));
    }
}
