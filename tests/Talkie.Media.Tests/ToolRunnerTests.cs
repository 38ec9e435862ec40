using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Talkie.Media.Tests;

public sealed class ToolRunnerTests
{
    private static ToolRunner Runner(TimeSpan? timeout = null)
        => new(Options.Create(new MediaOptions { ToolTimeout = timeout ?? TimeSpan.FromSeconds(30) }), NullLogger<ToolRunner>.Instance);

    [Fact]
    public async Task RunAsync_Success_CapturesStdout()
    {
        using var runner = Runner();
        var result = await runner.RunAsync(new ToolCommand("sh", "sh", ["-c", "printf 'a b'; echo warn >&2"]), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("a b", result.StandardOutput);
        Assert.Equal("warn", result.StandardErrorTail);
    }

    [Fact]
    public async Task RunAsync_ArgumentsWithSpacesAndQuotes_ArePassedVerbatim()
    {
        using var runner = Runner();
        var result = await runner.RunAsync(new ToolCommand("printf", "printf", ["%s|", "one two", "it's \"quoted\"", "$HOME;rm"]), CancellationToken.None);

        Assert.Equal("one two|it's \"quoted\"|$HOME;rm|", result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_ThrowsWithCodeArgumentsAndStderrTail()
    {
        using var runner = Runner();
        var error = await Assert.ThrowsAsync<ToolFailedException>(() =>
            runner.RunAsync(new ToolCommand("sh", "sh", ["-c", "echo first >&2; echo 'the real reason' >&2; exit 3"]), CancellationToken.None));

        Assert.Equal(3, error.ExitCode);
        Assert.Equal("sh", error.Tool);
        Assert.Contains("the real reason", error.StandardErrorTail, StringComparison.Ordinal);
        Assert.EndsWith("the real reason", error.Message, StringComparison.Ordinal);
        Assert.Equal("-c", error.Arguments[0]);
    }

    [Fact]
    public async Task RunAsync_MissingExecutable_ThrowsToolNotFoundNamingTheOption()
    {
        using var runner = Runner();
        var error = await Assert.ThrowsAsync<ToolNotFoundException>(() =>
            runner.RunAsync(new ToolCommand("ffmpeg", "/nonexistent/ffmpeg", []) { OptionName = "Talkie:Media:FfmpegPath" }, CancellationToken.None));

        Assert.Contains("Talkie:Media:FfmpegPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("./talkie setup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Timeout_KillsTheProcessAndSaysSo()
    {
        using var runner = Runner(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ToolFailedException>(() =>
            runner.RunAsync(new ToolCommand("sleep", "sleep", ["30"]), CancellationToken.None));

        Assert.Contains("did not finish", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsFfmpegAndThrowsCancelled()
    {
        using var runner = Runner();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        using var temp = new Testing.TempDirectory();
        var clock = Stopwatch.StartNew();
        var command = new ToolCommand("ffmpeg", "ffmpeg", ["-hide_banner", "-re", "-f", "lavfi", "-i", "sine=duration=60", "-y", temp.File("x.wav")]) { QuitCommand = "q" };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(command, cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_ExpectedOutputMissing_Throws()
    {
        using var runner = Runner();
        var error = await Assert.ThrowsAsync<ToolFailedException>(() =>
            runner.RunAsync(new ToolCommand("true", "true", []) { ExpectedOutputFile = "/tmp/talkie-never-written" }, CancellationToken.None));

        Assert.Contains("made no output file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatCommandLine_QuotesWhatAShellWouldSplit()
        => Assert.Equal("ffmpeg -i 'my file.wav' 'it'\\''s'", ToolRunner.FormatCommandLine("ffmpeg", ["-i", "my file.wav", "it's"]));
}
