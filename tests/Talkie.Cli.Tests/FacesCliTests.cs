using System.Text.Json;
using Talkie.Testing;

namespace Talkie.Cli.Tests;

public sealed class FacesCliTests
{
    [Fact]
    public async Task Faces_OnAPortrait_WritesLandmarksContoursAndPose_AndDrawsThem()
    {
        using var temp = new TempDirectory();
        var portrait = Path.Combine(TestMedia.Root, "portraits", "eileen_collins_nasa_portrait.png");

        var (code, stdout, stderr) = await CliRunner.RunAsync(["faces", portrait, "--draw", temp.File("drawn.png")]);

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var face = json.RootElement.GetProperty("frames")[0].GetProperty("faces")[0];
        Assert.Equal("mesh", face.GetProperty("engine").GetString());
        Assert.Equal(468, face.GetProperty("landmarks").GetArrayLength());
        Assert.Equal(4, face.GetProperty("box").GetArrayLength());
        Assert.True(face.GetProperty("contours").GetProperty("outerLips").GetArrayLength() >= 12);
        Assert.True(face.GetProperty("pose").TryGetProperty("yaw", out _));
        Assert.True(new FileInfo(temp.File("drawn.png")).Length > 1000);
    }

    [Fact]
    public async Task Faces_WithDlibAndABox_UsesThatBox()
    {
        var portrait = Path.Combine(TestMedia.Root, "portraits", "eileen_collins_nasa_portrait.png");

        var (code, stdout, stderr) = await CliRunner.RunAsync(["faces", portrait, "--engine", "dlib", "--box", "175,72,100,100"]);

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var face = json.RootElement.GetProperty("frames")[0].GetProperty("faces")[0];
        Assert.Equal(68, face.GetProperty("landmarks").GetArrayLength());
        Assert.Equal([175.0, 72.0, 100.0, 100.0], face.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public async Task Faces_OnAVideo_TracksEveryFrame()
    {
        var video = TestMedia.TalkingHead("obama_weekly_address_clip_a.mp4");

        var (code, stdout, stderr) = await CliRunner.RunAsync(["faces", video, "--engine", "dlib", "--format", "text"]);

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(134, lines.Count(l => l.StartsWith("frame ", StringComparison.Ordinal)));
        Assert.All(lines.Skip(1), l => Assert.Contains("face 1 (primary)", l, StringComparison.Ordinal));
        Assert.Contains("134 of 134 frames have a face", stderr, StringComparison.Ordinal);
    }

    // A phone's video: its pictures stored on their side, with a mark saying how to turn them. The JSON's
    // size and the drawing are the upright picture's.
    [Fact]
    public async Task Faces_OnAVideoMarkedAsTurned_DrawsItUpright()
    {
        using var temp = new TempDirectory();
        var upright = temp.File("upright.mp4");
        var sideways = temp.File("sideways.mp4");
        var marked = temp.File("marked.mp4");
        await Ffmpeg.RunAsync("-i", TestMedia.TalkingHead("obama_weekly_address_clip_a.mp4"), "-t", "1", "-an", "-c:v", "libx264", "-crf", "12", upright);
        await Ffmpeg.RunAsync("-i", upright, "-vf", "transpose=1", "-c:v", "libx264", "-crf", "12", sideways);
        await Ffmpeg.RunAsync("-i", sideways, "-c", "copy", "-metadata:s:v:0", "rotate=90", marked);

        var (code, stdout, stderr) = await CliRunner.RunAsync(["faces", marked, "--draw", temp.File("drawn.mp4")]);

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal((1280, 720), (json.RootElement.GetProperty("width").GetInt32(), json.RootElement.GetProperty("height").GetInt32()));
        var drawn = await TestServices.Get<Media.MediaProbe>().ProbeAsync(temp.File("drawn.mp4"), CancellationToken.None);
        Assert.Equal((1280, 720), (drawn.Video!.Width, drawn.Video.Height));

        // The drawing is the picture with marks on it, not pixels read at the wrong width.
        var expected = await GreyAsync(upright);
        var actual = await GreyAsync(temp.File("drawn.mp4"));
        var difference = expected.Zip(actual).Average(p => Math.Abs(p.First - p.Second));
        Assert.True(difference < 12, $"the drawn frame differs from the upright picture by {difference:0.0} grey levels on average");
    }

    // The middle frame of a video as 64x36 grey levels.
    private static async Task<byte[]> GreyAsync(string video)
    {
        var path = video + ".grey";
        await Ffmpeg.RunAsync("-ss", "0.5", "-i", video, "-frames:v", "1", "-vf", "scale=64:36", "-f", "rawvideo", "-pix_fmt", "gray", path);
        return await File.ReadAllBytesAsync(path);
    }

    public static TheoryData<string, string[], string> BadInput => new()
    {
        { "empty", ["faces", "{empty}"], "is empty (0 bytes)" },
        { "missing", ["faces", "/nonexistent/face.jpg"], "picture or video not found: /nonexistent/face.jpg; check the path" },
        { "audio", ["faces", "{audio}"], "has no video stream" },
        { "engine", ["faces", "{portrait}", "--engine", "opencv"], "'opencv' is not a landmark engine; use dlib or mesh" },
        { "box", ["faces", "{portrait}", "--box", "1,2,3"], "is not X,Y,W,H" },
        { "draw", ["faces", "{portrait}", "--draw", "{out}/x.mp4"], "--draw for an image writes an image" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Faces_BadInput_GetsOneClearLine(string name, string[] args, string expected)
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("empty.jpg"), []);
        var resolved = args.Select(a => a
            .Replace("{empty}", temp.File("empty.jpg"), StringComparison.Ordinal)
            .Replace("{audio}", TestMedia.Speech("en_ljspeech_LJ001-0001.wav"), StringComparison.Ordinal)
            .Replace("{portrait}", Path.Combine(TestMedia.Root, "portraits", "eileen_collins_nasa_portrait.png"), StringComparison.Ordinal)
            .Replace("{out}", temp.Path, StringComparison.Ordinal)).ToArray();

        var (code, _, stderr) = await CliRunner.RunAsync(resolved);

        Assert.True(code == 1, $"{name}: exit {code}: {stderr}");
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
