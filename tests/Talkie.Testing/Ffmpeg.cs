using System.Diagnostics;

namespace Talkie.Testing;

/// <summary>Runs ffmpeg to make test footage (quiet, overwriting).</summary>
public static class Ffmpeg
{
    /// <summary>Runs ffmpeg with <paramref name="arguments"/>, failing with its errors.</summary>
    public static async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {errors}");
        }
    }

    /// <summary>Returns the bytes of a plain grey PNG (a picture with no face).</summary>
    public static byte[] BlankPng(int width, int height)
    {
        var path = Path.Combine(Path.GetTempPath(), $"blank-{Guid.NewGuid():N}.png");
        RunAsync("-f", "lavfi", "-i", $"color=c=gray:s={width}x{height}", "-frames:v", "1", path).GetAwaiter().GetResult();
        try
        {
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
