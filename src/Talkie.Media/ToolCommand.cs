namespace Talkie.Media;

/// <summary>One invocation of an external tool, described without any shell quoting.</summary>
/// <param name="Tool">The tool's human name (for messages and logs), e.g. <c>ffmpeg</c>.</param>
/// <param name="Executable">The configured executable: a name looked up on PATH, or a path.</param>
/// <param name="Arguments">The arguments, one element each (passed through <c>ArgumentList</c>).</param>
public sealed record ToolCommand(string Tool, string Executable, IReadOnlyList<string> Arguments)
{
    /// <summary>Gets the configuration key that sets the executable, named in the error when it is missing.</summary>
    public string OptionName { get; init; } = "the tool's path option";

    /// <summary>Gets a writer for stdin; stdin is closed when it returns. When null, stdin is closed at once
    /// (or kept open for a quit command, see <see cref="QuitCommand"/>).</summary>
    public Func<Stream, CancellationToken, Task>? WriteStandardInput { get; init; }

    /// <summary>Gets a reader for binary stdout. When null, stdout is captured as text into the result.</summary>
    public Func<Stream, CancellationToken, Task>? ReadStandardOutput { get; init; }

    /// <summary>Gets a callback for every stderr line (e.g. to parse progress).</summary>
    public Action<string>? OnStandardErrorLine { get; init; }

    /// <summary>Gets what to write on stdin to ask the tool to stop cleanly on cancel (ffmpeg: <c>q</c>).</summary>
    public string? QuitCommand { get; init; }

    /// <summary>Gets the working directory, or null for the current one.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Gets the time limit; null uses <see cref="MediaOptions.ToolTimeout"/>; <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets a file that must exist and be non-empty after a successful run.</summary>
    public string? ExpectedOutputFile { get; init; }

    /// <summary>Gets environment variables to set for the tool.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Gets whether a non-zero exit code is an error (true) or returned to the caller (false).</summary>
    public bool ThrowOnNonZeroExit { get; init; } = true;

    /// <summary>
    /// Gets whether the tool is one stage of a streaming pipeline (a frame decoder or encoder fed while
    /// others run). Such tools do not wait for a slot among <see cref="MediaOptions.MaxConcurrentTools"/>:
    /// a pipeline needs all its stages at once, and counting them let two running stages starve a third
    /// forever.
    /// </summary>
    public bool Streaming { get; init; }
}

/// <summary>What an external tool did.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StandardOutput">stdout as text, or empty when a binary reader consumed it.</param>
/// <param name="StandardErrorTail">The last lines of stderr.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardErrorTail, TimeSpan Elapsed);
