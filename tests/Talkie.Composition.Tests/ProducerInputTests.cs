using Talkie.Avatars;
using Talkie.Media;
using Talkie.Speech;
using Talkie.Testing;

namespace Talkie.Composition.Tests;

/// <summary>Bad input gets a clear error before any work, and nothing stored is lost or left half-written.</summary>
public sealed class ProducerInputTests
{
    private static VideoRequest Request(string output, string script = "Hello there.") => new()
    {
        Script = script,
        OutputPath = output,
        Scene = new SceneSpec { Width = 320, Height = 180 },
    };

    public static TheoryData<string, Func<VideoRequest, VideoRequest>, Type, string> BadRequests => new()
    {
        { "empty", r => r with { Script = "   " }, typeof(ScriptException), "the script is empty" },
        { "huge", r => r with { Script = string.Join(' ', Enumerable.Repeat("word", 100_000)) }, typeof(ScriptException), "too long" },
        { "ssml", r => r with { Script = "<speak>Hello <emphasis>there</speak>" }, typeof(SsmlException), "line 1, column" },
        { "voice", r => r with { VoiceId = "espeak-xx-q" }, typeof(UnknownVoiceException), "unknown voice 'espeak-xx-q'" },
        { "language", r => r with { Language = "tlh-xx" }, typeof(UnknownVoiceException), "no voice speaks 'tlh-xx'" },
        { "avatar", r => r with { AvatarId = "stock:nobody" }, typeof(UnknownAvatarException), "unknown avatar" },
        { "size", r => r with { Scene = r.Scene with { Width = 321 } }, typeof(InvalidInputException), "even width and height" },
        { "fps", r => r with { Scene = r.Scene with { FrameRate = 50 } }, typeof(InvalidInputException), "24, 25, 30 or 60" },
        { "cyrillic", r => r with { Script = "Привет друзья, как дела сегодня?", AvatarId = "stock:marcus" }, typeof(InvalidInputException), "voice festival-en-us-kal (English (America)) made no sound of this script, written in Cyrillic, which it does not read" },
        { "chinese", r => r with { Script = "你好，欢迎大家。", VoiceId = "festival-en-us-slt" }, typeof(InvalidInputException), "written in Chinese, which it does not read" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Produce_BadRequest_ThrowsAndKeepsTheExistingVideo(string name, Func<VideoRequest, VideoRequest> spoil, Type expected, string message)
    {
        using var temp = new TempDirectory();
        var output = temp.File($"{name}.mp4");
        await File.WriteAllTextAsync(output, "an earlier render");

        var error = await Assert.ThrowsAnyAsync<TalkieException>(() => TestServices.Get<VideoProducer>().ProduceAsync(spoil(Request(output)), null, CancellationToken.None));

        Assert.IsType(expected, error);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal("an earlier render", await File.ReadAllTextAsync(output));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Theory]
    [InlineData("/proc/talkie.mp4", "cannot write")]
    [InlineData("/nonexistent-folder/talkie.mp4", "does not exist")]
    public async Task Produce_UnwritableOutput_ThrowsBeforeSpeaking(string output, string message)
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => TestServices.Get<VideoProducer>().ProduceAsync(Request(output), null, CancellationToken.None));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Produce_MissingFfmpeg_SaysHowToInstallIt()
    {
        using var services = TestServices.Build(new Dictionary<string, string?> { ["Talkie:Media:FfmpegPath"] = "/nonexistent/bin/ffmpeg" });
        using var temp = new TempDirectory();
        var producer = (VideoProducer)services.GetService(typeof(VideoProducer))!;

        var error = await Assert.ThrowsAsync<ToolNotFoundException>(() => producer.ProduceAsync(Request(temp.File("x.mp4")), null, CancellationToken.None));

        Assert.Contains("ffmpeg was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("./talkie setup", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task Produce_CancelledWhileRendering_LeavesNoPartialFiles()
    {
        using var temp = new TempDirectory();
        var output = temp.File("long.mp4");
        await File.WriteAllTextAsync(output, "keep me");
        using var cts = new CancellationTokenSource();
        var progress = new Progress<ProductionProgress>(p =>
        {
            if (p.Stage == ProductionStage.Rendering && p.Fraction > 0.05)
            {
                cts.Cancel();
            }
        });

        var script = string.Join(' ', Enumerable.Repeat("This sentence keeps the renderer busy for a while.", 12));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TestServices.Get<VideoProducer>().ProduceAsync(Request(output, script) with { Scene = new SceneSpec { Width = 640, Height = 360 } }, progress, cts.Token));

        Assert.Equal("keep me", await File.ReadAllTextAsync(output));
        Assert.Single(Directory.GetFiles(temp.Path));
    }
}
