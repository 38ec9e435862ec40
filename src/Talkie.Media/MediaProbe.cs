using Microsoft.Extensions.Options;

namespace Talkie.Media;

/// <summary>Reads what a media file contains, with ffprobe.</summary>
public sealed class MediaProbe
{
    private readonly ToolRunner _runner;
    private readonly MediaOptions _options;

    /// <summary>Creates the probe.</summary>
    public MediaProbe(ToolRunner runner, IOptions<MediaOptions> options)
    {
        _runner = runner;
        _options = options.Value;
    }

    /// <summary>Probes <paramref name="path"/>.</summary>
    /// <exception cref="InvalidInputException">The file does not exist or is not a media file ffmpeg can read.</exception>
    public async Task<MediaInfo> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw MissingInput.For(path, "file");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new InvalidInputException($"file is empty (0 bytes): {path}");
        }

        var command = new ToolCommand(
            "ffprobe",
            _options.FfprobePath,
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path])
        {
            OptionName = "Talkie:Media:FfprobePath",
            ThrowOnNonZeroExit = false,
        };
        var result = await _runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var reason = result.StandardErrorTail.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "unreadable";
            throw new InvalidInputException($"not a media file ffmpeg can read: {path} ({reason.Trim()})");
        }

        return FfprobeParser.Parse(result.StandardOutput);
    }
}
