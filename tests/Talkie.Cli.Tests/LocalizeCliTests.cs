using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Talkie.Localization;
using Talkie.Media;
using Talkie.Testing;

namespace Talkie.Cli.Tests;

/// <summary>Videos made from the shared clips with ffmpeg, each with one problem for dubbing.</summary>
public sealed class BadDubInput : IAsyncLifetime
{
    public TempDirectory Temp { get; } = new();

    public string this[string name] => Temp.File(name + ".mp4");

    public async Task InitializeAsync()
    {
        var obama = TestMedia.TalkingHead("obama_weekly_address_clip_a.mp4");
        await Ffmpeg.RunAsync("-i", obama, "-an", "-c", "copy", this["no-audio"]);
        await Ffmpeg.RunAsync("-i", obama, "-f", "lavfi", "-i", "anoisesrc=a=0.002:r=16000", "-map", "0:v", "-map", "1:a", "-t", "4", "-c:v", "copy", "-c:a", "aac", this["no-speech"]);
        await Ffmpeg.RunAsync("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-i", obama, "-map", "0:v", "-map", "1:a", "-t", "4.4", "-c:v", "libx264", "-c:a", "aac", this["no-face"]);
        await File.WriteAllTextAsync(Temp.File("wrong.txt"), "The quick brown fox jumps over the lazy dog while the band plays on the beach all summer long.");
    }

    public Task DisposeAsync()
    {
        Temp.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class LocalizeCliTests : IClassFixture<BadDubInput>
{
    private readonly BadDubInput _input;

    public LocalizeCliTests(BadDubInput input) => _input = input;

    public static TheoryData<string, string[], string> BadRequests => new()
    {
        { "no-audio", ["--to", "es"], "has no sound track, so there is no speech to dub" },
        { "no-speech", ["--to", "es"], "no speech was heard in" },
        { "obama", ["--to", "fr"], "dubbing en→fr is not supported here (no translation pair is installed); the directions that are: en→ca, en→eo, en→es" },
        { "obama", ["--from", "es", "--to", "en"], "speech recognition covers English only, not Spanish; give what is said with --transcript FILE.srt" },
        { "obama", ["--to", "es", "--transcript", "wrong.txt"], "the transcript does not match" },
        { "obama", ["--to", "es", "--timing", "slow"], "--timing 'slow' is not one of keep, stretch-video" },
        { "missing", ["--to", "es"], "video not found: " },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Localize_WithBadInput_SaysWhatIsWrong_AndWritesNothing(string video, string[] options, string expected)
    {
        using var temp = new TempDirectory();
        var path = video switch
        {
            "obama" => TestMedia.TalkingHead("obama_weekly_address_clip_a.mp4"),
            "missing" => "/nonexistent/talk.mp4",
            _ => _input[video],
        };
        var args = options.Select(o => o == "wrong.txt" ? _input.Temp.File(o) : o).ToList();
        var (code, _, stderr) = await CliRunner.RunAsync(["localize", path, .. args, "-o", temp.File("out.mp4")]);
        Assert.True(code == 1, $"exit {code}: {stderr}");
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.StartsWith("error: ", stderr.Trim().Split('\n')[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("out.mp4")));
    }

    [Fact]
    public async Task Localize_WithoutAFace_DubsTheSound_AndSaysTheMouthWasLeft()
    {
        using var temp = new TempDirectory();
        var input = _input["no-face"];
        var before = await HashAsync(input);
        var (code, stdout, stderr) = await CliRunner.RunAsync(["localize", input, "--to", "es", "-o", temp.File("dub.mp4")]);
        Assert.True(code == 0, stderr);
        Assert.Contains("the mouth was not re-synced, only the sound dubbed: no face was found", stderr, StringComparison.Ordinal);
        Assert.Contains("mouth as it was", stdout, StringComparison.Ordinal);
        var info = await TestServices.Get<MediaProbe>().ProbeAsync(temp.File("dub.mp4"), CancellationToken.None);
        Assert.NotNull(info.Audio);
        Assert.Equal(before, await HashAsync(input));

        // The input is never the output.
        (code, _, stderr) = await CliRunner.RunAsync(["localize", input, "--to", "es", "-o", input]);
        Assert.Equal(1, code);
        Assert.Contains("the input is never overwritten", stderr, StringComparison.Ordinal);
        Assert.Equal(before, await HashAsync(input));
    }

    [Fact]
    public async Task Review_Edit_Render_RetranslatesCorrectedSources_AndHoldsThePictureForALongLine()
    {
        using var temp = new TempDirectory();
        var input = TestMedia.TalkingHead("obama_weekly_address_clip_b.mp4");
        var output = temp.File("talk.es.mp4");
        var (code, stdout, stderr) = await CliRunner.RunAsync(["localize", input, "--to", "es", "--review", "-o", output]);
        Assert.True(code == 0, stderr);
        var projectPath = temp.File("talk.es.project.json");
        Assert.Contains($"talkie localize --project {projectPath}", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.File("talk.en.srt")));
        Assert.True(File.Exists(temp.File("talk.es.srt")));
        Assert.False(File.Exists(temp.File("talk.es.es.srt")));
        Assert.False(File.Exists(output));

        // The user corrects the recognized words of the first sentence and rewrites the last translation at length.
        var project = JsonNode.Parse(await File.ReadAllTextAsync(projectPath))!;
        var segments = project["segments"]!.AsArray();
        segments[0]!["source"] = "Good morning, my friends.";
        var last = segments[segments.Count - 1]!;
        last["target"] = "Esta frase es mucho más larga que la original, porque el traductor quiso decirlo todo con muchísimas palabras más.";
        project["timing"] = "stretch-video";
        await File.WriteAllTextAsync(projectPath, project.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

        (code, stdout, stderr) = await CliRunner.RunAsync(["localize", "--project", projectPath, "-o", output]);
        Assert.True(code == 0, stderr);
        var rendered = LocalizationProject.Load(projectPath);
        Assert.Equal("Good morning, my friends.", rendered.Segments[0].TranslatedFrom);
        Assert.Contains("Buenos días", rendered.Segments[0].Target, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("muchísimas palabras", await File.ReadAllTextAsync(temp.File("talk.es.vtt")), StringComparison.Ordinal);

        // The long line holds the picture: the video is longer than the input, by less than the line's overrun.
        var (inInfo, outInfo) = (await TestServices.Get<MediaProbe>().ProbeAsync(input, CancellationToken.None), await TestServices.Get<MediaProbe>().ProbeAsync(output, CancellationToken.None));
        var added = outInfo.Video!.Duration!.Value - inInfo.Video!.Duration!.Value;
        Assert.InRange(added.TotalSeconds, 0.3, 8);
        Assert.InRange(Math.Abs((outInfo.Audio!.Duration!.Value - outInfo.Video.Duration.Value).TotalSeconds), 0, 0.1);

        // A project edited into a broken state is refused, naming the segment.
        segments = project["segments"]!.AsArray();
        segments[0]!["end"] = segments[0]!["start"]!.GetValue<double>();
        await File.WriteAllTextAsync(projectPath, project.ToJsonString());
        (code, _, stderr) = await CliRunner.RunAsync(["localize", "--project", projectPath, "-o", temp.File("again.mp4")]);
        Assert.Equal(1, code);
        Assert.Contains("segment 1 ends at", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Languages_ListsTheDirections()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(["languages"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("en (English)\tes (Spanish)\trecognized, or --transcript", stdout, StringComparison.Ordinal);
        Assert.Contains("es (Spanish)\ten (English)\tgive --transcript (subtitles)", stdout, StringComparison.Ordinal);
    }

    private static async Task<string> HashAsync(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(await SHA256.HashDataAsync(stream));
    }
}
