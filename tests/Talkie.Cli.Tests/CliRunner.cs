using System.Diagnostics;

namespace Talkie.Cli.Tests;

/// <summary>Runs the built <c>talkie</c> command as a user would, in its own process.</summary>
internal static class CliRunner
{
    private static readonly string Dll = Locate();

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Locate()
    {
        // tests/Talkie.Cli.Tests/bin/<Configuration>/net10.0 → src/Talkie.Cli/bin/<Configuration>/net10.0/talkie.dll
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "Talkie.Cli", "bin", configuration, framework, "talkie.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the CLI first", dll);
    }
}
