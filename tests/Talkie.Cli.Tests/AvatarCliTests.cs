using System.Text.Json;
using Talkie.Media;
using Talkie.Testing;

namespace Talkie.Cli.Tests;

/// <summary>Footage made from the shared clips with ffmpeg, each with one problem (or one quirk to handle).</summary>
public sealed class BadFootage : IAsyncLifetime
{
    public TempDirectory Temp { get; } = new();

    public string this[string name] => Temp.File(name + ".mp4");

    public async Task InitializeAsync()
    {
        var aoc = TestMedia.TalkingHead("wda_alexandria_ocasio_cortez_000.mp4");
        var obamaA = TestMedia.TalkingHead("obama_weekly_address_clip_a.mp4");
        var obamaB = TestMedia.TalkingHead("obama_weekly_address_clip_b.mp4");
        await Ffmpeg.RunAsync("-i", aoc, "-an", "-c", "copy", this["silent"]);
        await Ffmpeg.RunAsync("-i", aoc, "-t", "2", this["short"]);
        await Ffmpeg.RunAsync("-f", "lavfi", "-i", "color=c=gray:size=64x64:rate=1", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "660", "-c:v", "libx264", "-c:a", "aac", this["long"]);
        await Ffmpeg.RunAsync("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=16000", "-t", "4", "-c:v", "libx264", "-c:a", "aac", this["no-face"]);
        await Ffmpeg.RunAsync("-i", aoc, "-filter_complex", "[0:v]split[a][b];[b]hflip[c];[a][c]hstack[v]", "-map", "[v]", "-map", "0:a", "-c:v", "libx264", "-c:a", "aac", this["two-people"]);
        await Ffmpeg.RunAsync("-i", obamaA, "-i", obamaB, "-filter_complex", "[0:v][0:a][1:v][1:a]concat=n=2:v=1:a=1[v][s]", "-map", "[v]", "-map", "[s]", "-c:v", "libx264", "-c:a", "aac", this["cut"]);
        await File.WriteAllTextAsync(this["not-video"], "not a video");

        // A still picture made into a video: one frame of the clip held for 8 s under its sound.
        await Ffmpeg.RunAsync("-i", aoc, "-frames:v", "1", Temp.File("still.png"));
        await Ffmpeg.RunAsync("-loop", "1", "-framerate", "25", "-i", Temp.File("still.png"), "-i", aoc, "-map", "0:v", "-map", "1:a", "-t", "8", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", this["still"]);

        // Every third frame dropped, timestamps kept: a variable frame rate.
        await Ffmpeg.RunAsync("-i", aoc, "-vf", "select='not(eq(mod(n\\,3)\\,2))'", "-vsync", "vfr", "-c:v", "libx264", "-c:a", "copy", this["variable"]);

        // Filmed sideways, as a phone stores it: the pictures turned, the container saying how to stand them up.
        await Ffmpeg.RunAsync("-i", aoc, "-vf", "crop=512:384:0:40,transpose=1", "-c:v", "libx264", "-c:a", "copy", this["sideways"]);
        await Ffmpeg.RunAsync("-i", this["sideways"], "-c", "copy", "-metadata:s:v:0", "rotate=90", this["rotated"]);

        // Filmed at 50 fps; and stored in pixels narrower than tall (shown 4:3 wider than stored, as HDV is).
        await Ffmpeg.RunAsync("-i", aoc, "-t", "5", "-vf", "fps=50", "-c:v", "libx264", "-c:a", "aac", this["fast"]);
        await Ffmpeg.RunAsync("-i", aoc, "-t", "5", "-vf", "scale=384:512,setsar=4/3", "-c:v", "libx264", "-c:a", "aac", this["wide-pixels"]);

        // Upright footage marked as turned (the person would lie on their side).
        await Ffmpeg.RunAsync("-i", aoc, "-c", "copy", "-metadata:s:v:0", "rotate=90", this["wrongly-marked"]);
    }

    public Task DisposeAsync()
    {
        Temp.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class AvatarCliTests : IClassFixture<BadFootage>
{
    private readonly BadFootage _footage;

    public AvatarCliTests(BadFootage footage) => _footage = footage;

    public static TheoryData<string, string> BadInput => new()
    {
        { "silent", "has no sound; the avatar learns how the person's mouth moves from their speech" },
        { "short", "is 2 s long; train from at least 3 s" },
        { "long", "is 11 min long; the limit is 10 min (" },
        { "no-face", "no face was found in" },
        { "two-people", "shows two people" },
        { "cut", "has a cut at 4.5 s; train from one continuous shot" },
        { "still", "the mouth never moves in" },
        { "sideways", "stand the video upright first, e.g. ffmpeg -i IN -vf transpose=2 -c:a copy OUT.mp4" },
        { "wrongly-marked", "once it is turned as its rotation mark says (90°): the mark looks wrong" },
        { "not-video", "not a media file ffmpeg can read" },
        { "missing", "file not found" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Train_WithBadFootage_SaysWhatIsWrong_AndLeavesNoHalfAvatar(string name, string expected)
    {
        using var store = new TempDirectory();
        var (code, _, stderr) = await TrainAsync(store, name == "missing" ? "/nonexistent/me.mp4" : _footage[name], name);

        Assert.True(code == 1, $"{name}: exit {code}: {stderr}");
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.StartsWith("error: ", stderr.Trim().Split('\n')[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(store.File("avatars")) ? Directory.GetFileSystemEntries(store.File("avatars")) : []);
    }

    [Fact]
    public async Task Train_HonoursRotation_AndResamplesAVariableFrameRate()
    {
        using var store = new TempDirectory();
        var (code, stdout, stderr) = await TrainAsync(store, _footage["rotated"], "upright");
        Assert.True(code == 0, stderr);
        Assert.Contains("(512x384@25)", stdout, StringComparison.Ordinal);
        Assert.Contains("marked as turned 90°: it was stood upright", stderr, StringComparison.Ordinal);

        (code, stdout, stderr) = await TrainAsync(store, _footage["variable"], "variable");
        Assert.True(code == 0, stderr);
        Assert.Contains("variable frame rate", stderr, StringComparison.Ordinal);
        Assert.Contains("constant 25 fps", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_KeepsEveryOtherFrameOfFastFootage_AndSquaresWidePixels()
    {
        using var store = new TempDirectory();
        var (code, stdout, stderr) = await TrainAsync(store, _footage["fast"], "fast");
        Assert.True(code == 0, stderr);
        Assert.Contains("(512x512@25)", stdout, StringComparison.Ordinal);
        Assert.Contains("50 fps footage is stored at 25 fps, one frame in 2", stderr, StringComparison.Ordinal);

        (code, stdout, stderr) = await TrainAsync(store, _footage["wide-pixels"], "wide");
        Assert.True(code == 0, stderr);
        Assert.Contains("(512x512@25)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_List_Create_Delete()
    {
        using var store = new TempDirectory();
        var environment = Environment(store);
        var (code, stdout, stderr) = await TrainAsync(store, TestMedia.TalkingHead("wda_alexandria_ocasio_cortez_000.mp4"), "Maria");
        Assert.True(code == 0, stderr);
        Assert.Contains("Trained trained:maria", stdout, StringComparison.Ordinal);
        Assert.Contains("30 s or more is recommended", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await TrainAsync(store, TestMedia.TalkingHead("wda_alexandria_ocasio_cortez_000.mp4"), "maria");
        Assert.Equal(1, code);
        Assert.Contains("an avatar called 'maria' exists", stderr, StringComparison.Ordinal);

        (code, stdout, _) = await CliRunner.RunAsync(["avatars", "--format", "json"], environment);
        Assert.Equal(0, code);
        using (var listed = JsonDocument.Parse(stdout))
        {
            var kinds = listed.RootElement.EnumerateArray().Select(a => (a.GetProperty("id").GetString(), a.GetProperty("kind").GetString())).ToList();
            Assert.Contains(("trained:maria", "trained"), kinds);
            Assert.Contains(kinds, k => k.Item2 == "stock");
        }

        var video = store.File("hello.mp4");
        (code, stdout, stderr) = await CliRunner.RunAsync(["create", "--avatar", "maria", "--text", "Hello, I am a video avatar.", "-o", video], environment);
        Assert.True(code == 0, stderr);
        var info = await TestServices.Get<MediaProbe>().ProbeAsync(video, CancellationToken.None);
        Assert.Equal((512, 512), (info.Video!.Width, info.Video.Height));
        Assert.InRange(info.Video.FrameRate, 24.9, 25.1);

        // In a layout, the footage takes the presenter's place over the scene's background. At 60 fps, 25 fps
        // footage cannot be shown evenly: the user is told so.
        Assert.DoesNotContain("was filmed at", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await CliRunner.RunAsync(["create", "--avatar", "trained:maria", "--placement", "circle", "--size", "640x360", "--fps", "60", "--text", "Hi.", "-o", store.File("circle.mp4")], environment);
        Assert.True(code == 0, stderr);
        Assert.Contains("trained:maria was filmed at 25 fps: at 60 fps its frames cannot be shown evenly", stderr, StringComparison.Ordinal);

        (code, stdout, _) = await CliRunner.RunAsync(["avatar", "delete", "maria"], environment);
        Assert.Equal(0, code);
        Assert.Contains("Deleted trained:maria", stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(store.File("avatars")));

        (code, _, stderr) = await CliRunner.RunAsync(["create", "--avatar", "maria", "--text", "Hello.", "-o", store.File("gone.mp4")], environment);
        Assert.Equal(1, code);
        Assert.Contains("unknown avatar 'maria'", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await CliRunner.RunAsync(["avatar", "delete", "maria"], environment);
        Assert.Equal(1, code);
        Assert.Contains("no avatar is called 'maria'", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await TrainAsync(store, TestMedia.TalkingHead("wda_alexandria_ocasio_cortez_000.mp4"), "../escape");
        Assert.Equal(1, code);
        Assert.Contains("cannot name an avatar", stderr, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Environment(TempDirectory store) => new() { ["Talkie__Avatars__Trained__Directory"] = store.File("avatars") };

    private static Task<(int ExitCode, string Stdout, string Stderr)> TrainAsync(TempDirectory store, string video, string name)
        => CliRunner.RunAsync(["avatar", "train", video, "--name", name], Environment(store));
}
