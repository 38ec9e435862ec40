namespace Talkie.Media;

/// <summary>Finds executables the way a shell would, without running a shell.</summary>
public static class ToolLocator
{
    /// <summary>Returns the full path of <paramref name="executable"/>, or null when it cannot be run.</summary>
    /// <param name="executable">A bare name (looked up on PATH) or a path.</param>
    public static string? Resolve(string executable)
    {
        if (string.IsNullOrWhiteSpace(executable))
        {
            return null;
        }

        if (executable.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return IsExecutable(executable) ? Path.GetFullPath(executable) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, executable);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Returns the full path of the tool or throws <see cref="ToolNotFoundException"/> naming the fix.</summary>
    public static string Require(string tool, string executable, string optionName)
        => Resolve(executable) ?? throw new ToolNotFoundException(tool, executable, optionName);

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
