using System.Globalization;

namespace Talkie.Media;

/// <summary>Thrown when an external tool (ffmpeg, espeak-ng, festival, ...) is not installed.</summary>
public sealed class ToolNotFoundException : TalkieException
{
    /// <summary>Creates the exception.</summary>
    public ToolNotFoundException(string tool, string configuredPath, string optionName)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"{tool} was not found (looked for '{configuredPath}'); run ./talkie setup to install it, or set {optionName} to its path"))
    {
        Tool = tool;
        ConfiguredPath = configuredPath;
    }

    /// <summary>Gets the tool's name.</summary>
    public string Tool { get; }

    /// <summary>Gets the path or name that was looked for.</summary>
    public string ConfiguredPath { get; }

    /// <inheritdoc />
    public override string Code => "tool-missing";
}

/// <summary>Thrown when an external tool ran and failed: carries its exit code, arguments and the tail of stderr.</summary>
public sealed class ToolFailedException : TalkieException
{
    /// <summary>Creates the exception.</summary>
    public ToolFailedException(string tool, int exitCode, IReadOnlyList<string> arguments, string standardErrorTail, string? problem = null)
        : base(BuildMessage(tool, exitCode, standardErrorTail, problem))
    {
        Tool = tool;
        ExitCode = exitCode;
        Arguments = arguments;
        StandardErrorTail = standardErrorTail;
    }

    /// <summary>Gets the tool's name.</summary>
    public string Tool { get; }

    /// <summary>Gets the exit code (-1 when it was killed or timed out).</summary>
    public int ExitCode { get; }

    /// <summary>Gets the arguments it ran with.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Gets the last lines the tool wrote to stderr.</summary>
    public string StandardErrorTail { get; }

    /// <inheritdoc />
    public override string Code => "tool-failed";

    private static string BuildMessage(string tool, int exitCode, string stderrTail, string? problem)
    {
        var lastLine = stderrTail
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault() ?? string.Empty;
        var what = problem ?? string.Create(CultureInfo.InvariantCulture, $"{tool} failed with exit code {exitCode}");
        return lastLine.Length == 0 ? what : string.Create(CultureInfo.InvariantCulture, $"{what}: {lastLine}");
    }
}
