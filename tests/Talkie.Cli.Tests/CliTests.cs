using System.Text.Json;
using Talkie.Testing;

namespace Talkie.Cli.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task Demo_WritesAnMp4WithCaptionsAndSaysWhere()
    {
        using var temp = new TempDirectory();
        var output = temp.File("demo.mp4");

        var (code, stdout, stderr) = await CliRunner.RunAsync(["demo", "-o", output]);

        Assert.True(code == 0, stderr);
        Assert.Contains($"Wrote {output}", stdout, StringComparison.Ordinal);
        var info = await TestServices.Get<Media.MediaProbe>().ProbeAsync(output, CancellationToken.None);
        Assert.Equal("h264", info.Video!.Codec);
        Assert.Equal("aac", info.Audio!.Codec);
        Assert.True(info.Duration > TimeSpan.FromSeconds(10));
        Assert.True(File.Exists(temp.File("demo.vtt")) && File.Exists(temp.File("demo.srt")));
    }

    public static TheoryData<string, string[], string> BadInput => new()
    {
        { "empty", ["create", "--text", "", "-o", "{out}"], "the script is empty" },
        { "ssml", ["create", "--text", "<speak>Hi <b>x</b></speak>", "-o", "{out}"], "invalid SSML at line 1, column 11" },
        { "voice", ["create", "--text", "Hi", "--voice", "nobody", "-o", "{out}"], "unknown voice 'nobody'" },
        { "lang", ["create", "--text", "Hi", "--lang", "xx", "-o", "{out}"], "no voice speaks 'xx'" },
        { "size", ["create", "--text", "Hi", "--size", "1281x720", "-o", "{out}"], "even width and height" },
        { "fps", ["create", "--text", "Hi", "--fps", "29", "-o", "{out}"], "24, 25, 30 or 60" },
        { "background", ["create", "--text", "Hi", "--background", "nocolor", "-o", "{out}"], "neither a colour" },
        { "placement", ["create", "--text", "Hi", "--placement", "top", "-o", "{out}"], "full, left, right, circle" },
        { "unwritable", ["create", "--text", "Hi", "-o", "/proc/talkie/out.mp4"], "cannot write to /proc/talkie/out.mp4" },
        { "script-missing", ["create", "--script", "/nonexistent/script.txt", "-o", "{out}"], "script file not found" },
        { "script-empty", ["create", "--script", "{empty}", "-o", "{out}"], "is empty (0 bytes)" },
        { "script-binary", ["create", "--script", "{binary}", "-o", "{out}"], "not a text file" },
        { "script-huge", ["create", "--script", "{huge}", "-o", "{out}"], "the script is too long: 100,000 words" },
        { "both", ["create", "--text", "Hi", "--script", "{empty}", "-o", "{out}"], "either --text or --script" },
        { "visemes-format", ["visemes", "--text", "Hi", "--format", "xml"], "format 'xml' is not one of json, tsv" },
        { "avatar", ["create", "--text", "Hi", "--avatar", "stock:nobody", "-o", "{out}"], "unknown avatar 'stock:nobody'" },
        { "fps-text", ["create", "--text", "Hi", "--fps", "29.97", "-o", "{out}"], "--fps takes a whole number, not '29.97'; see 'talkie create --help'" },
        { "unknown-option", ["create", "--text", "Hi", "--bogus", "1", "-o", "{out}"], "unknown command, option or argument '--bogus'" },
        { "no-output", ["create", "--text", "Hi", "-o"], "-o needs a value" },
        { "unknown-command", ["frobnicate"], "unknown command, option or argument 'frobnicate'; see 'talkie --help'" },
        { "size-range", ["create", "--text", "Hi", "--size", "7x7", "-o", "{out}"], "out of range" },
        { "captions-name", ["create", "--text", "Hi", "-o", "{vtt}"], "name it captions.mp4" },
        { "voice-recording", ["create", "--audio", "{speech}", "--voice", "espeak-es-m", "-o", "{out}"], "leave the voice out" },
        { "lang-recording", ["visemes", "--audio", "{speech}", "--lang", "klingon"], "'klingon' is not a language Talkie knows" },
        { "long-word", ["create", "--text", "Hello " + new string('a', 101), "-o", "{out}"], "a word of 101 characters" },
        { "delete-stock", ["avatar", "delete", "stock:ava"], "stock presenters are part of Talkie and cannot be deleted" },
        { "train-stock-name", ["avatar", "train", "{video}", "--name", "ava"], "'ava' is the name of a stock presenter" },
        { "photo-stock-name", ["avatar", "photo", "{portrait}", "--name", "Marcus"], "'marcus' is the name of a stock presenter" },
        { "faces-not-image", ["faces", "{notimage}"], "is not an image that can be read" },
        { "audio-folder", ["create", "--audio", "{folder}", "-o", "{out}"], "is a folder; give a file in it" },
        { "photo-folder", ["create", "--photo", "{folder}", "--text", "Hi", "-o", "{out}"], "is a folder; give a picture file in it" },
        { "train-still", ["avatar", "train", "{portrait}", "--name", "still"], "is a still picture, not footage" },
        { "localize-name", ["localize", "{video}", "--to", "es", "-o", "{txt}"], "name it dub.mp4" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task BadInput_OneLineErrorExitCodeOneAndNoFile(string name, string[] args, string message)
    {
        using var temp = new TempDirectory();
        await File.WriteAllBytesAsync(temp.File("empty.txt"), []);
        await File.WriteAllBytesAsync(temp.File("binary.bin"), [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]);
        await File.WriteAllTextAsync(temp.File("huge.txt"), string.Join(' ', Enumerable.Repeat("word", 100_000)));
        await File.WriteAllTextAsync(temp.File("notes.jpg"), "not a picture");
        var made = Directory.GetFiles(temp.Path).Length;
        var resolved = args.Select(a => a
            .Replace("{out}", temp.File($"{name}.mp4"), StringComparison.Ordinal)
            .Replace("{vtt}", temp.File("captions.vtt"), StringComparison.Ordinal)
            .Replace("{txt}", temp.File("dub.txt"), StringComparison.Ordinal)
            .Replace("{notimage}", temp.File("notes.jpg"), StringComparison.Ordinal)
            .Replace("{folder}", temp.Path, StringComparison.Ordinal)
            .Replace("{speech}", TestMedia.Speech("en_jfk_inaugural_1961.wav"), StringComparison.Ordinal)
            .Replace("{video}", TestMedia.TalkingHead("obama_weekly_address_clip_a.mp4"), StringComparison.Ordinal)
            .Replace("{portrait}", TestMedia.Portraits[0], StringComparison.Ordinal)
            .Replace("{empty}", temp.File("empty.txt"), StringComparison.Ordinal)
            .Replace("{binary}", temp.File("binary.bin"), StringComparison.Ordinal)
            .Replace("{huge}", temp.File("huge.txt"), StringComparison.Ordinal)).ToArray();

        var (code, _, stderr) = await CliRunner.RunAsync(resolved);

        Assert.Equal(1, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File($"{name}.mp4")));
        Assert.Equal(made, Directory.GetFiles(temp.Path).Length);
    }

    [Fact]
    public async Task MissingFfmpeg_OneLineErrorNamingTheFix()
    {
        using var temp = new TempDirectory();
        var (code, _, stderr) = await CliRunner.RunAsync(
            ["create", "--text", "Hello.", "-o", temp.File("x.mp4")],
            new Dictionary<string, string> { ["Talkie__Media__FfmpegPath"] = "/nonexistent/ffmpeg" });

        Assert.Equal(1, code);
        Assert.Equal("error: ffmpeg was not found (looked for '/nonexistent/ffmpeg'); run ./talkie setup to install it, or set Talkie:Media:FfmpegPath to its path", stderr.Trim());
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task Visemes_Json_IsRhubarbsFormat()
    {
        using var temp = new TempDirectory();
        var (code, stdout, stderr) = await CliRunner.RunAsync(["visemes", "--text", "Hello, my friend.", "--voice", "espeak-en-us-f", "--wav", temp.File("hello.wav")]);

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var metadata = json.RootElement.GetProperty("metadata");
        Assert.Equal(temp.File("hello.wav"), metadata.GetProperty("soundFile").GetString());
        Assert.True(metadata.GetProperty("duration").GetDouble() > 1);
        var cues = json.RootElement.GetProperty("mouthCues").EnumerateArray().ToList();
        Assert.Equal("X", cues[0].GetProperty("value").GetString());
        Assert.Equal(0, cues[0].GetProperty("start").GetDouble());
        Assert.Contains(cues, c => c.GetProperty("value").GetString() == "A");
        Assert.All(cues, c => Assert.Contains(c.GetProperty("value").GetString(), new[] { "A", "B", "C", "D", "E", "F", "G", "H", "X" }));
        Assert.True(new FileInfo(temp.File("hello.wav")).Length > 10_000);
    }

    [Fact]
    public async Task Visemes_Tsv_HasStartAndShapePerLine()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(["visemes", "--text", "Mama made more muffins.", "--format", "tsv", "--extended-shapes", ""]);

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(@"^\d+\.\d\d\t[A-F]$", l));
        Assert.StartsWith("0.00\tA", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Voices_LanguageFilterAsJson()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(["voices", "--lang", "es", "--format", "json"]);

        Assert.True(code == 0, stderr);
        var voices = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(voices);
        Assert.All(voices, v => Assert.Equal("es", v.GetProperty("language").GetString()));
        Assert.Contains(voices, v => v.GetProperty("gender").GetString() == "female");
        Assert.All(voices, v => Assert.Equal(22050, v.GetProperty("sampleRate").GetInt32()));
    }

    [Fact]
    public async Task Voices_Table_ListsEnginesAndLanguages()
    {
        var (code, stdout, _) = await CliRunner.RunAsync(["voices"]);
        Assert.Equal(0, code);
        Assert.Contains("festival-en-us-slt", stdout, StringComparison.Ordinal);
        Assert.Contains("espeak-ru-m", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\d{3} voices, \d{3} languages", stdout);
    }

    [Fact]
    public async Task Avatars_ListsTheStockPresenters()
    {
        // An empty avatar store of its own: the machine's own avatars (if any) must not be listed here.
        using var store = new TempDirectory();
        var (code, stdout, _) = await CliRunner.RunAsync(["avatars", "--format", "json"], new Dictionary<string, string> { ["Talkie__Avatars__Trained__Directory"] = store.File("avatars") });
        Assert.Equal(0, code);
        using var listed = JsonDocument.Parse(stdout);
        Assert.Equal(
            ["stock:ava", "stock:marcus", "stock:lena", "stock:kenji", "stock:amara"],
            listed.RootElement.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.All(listed.RootElement.EnumerateArray(), a => Assert.Equal("stock", a.GetProperty("kind").GetString()));
    }
}
