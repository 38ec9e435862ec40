namespace Talkie.Media;

/// <summary>
/// A file being written: the work goes to a hidden temporary file beside the target, which replaces
/// the target only on <see cref="Commit"/>. Disposing without committing deletes the temporary file,
/// so a failed or cancelled render never leaves a partial file or destroys an existing one.
/// </summary>
public sealed class PendingOutput : IDisposable
{
    private bool _committed;

    private PendingOutput(string targetPath, string temporaryPath)
    {
        TargetPath = targetPath;
        TemporaryPath = temporaryPath;
    }

    /// <summary>Gets the final path.</summary>
    public string TargetPath { get; }

    /// <summary>Gets the path to write to.</summary>
    public string TemporaryPath { get; }

    /// <summary>Checks that a video is to be written under a video's name (.mp4, .m4v, .mov): a caption's name would be overwritten by the captions written beside it.</summary>
    /// <exception cref="InvalidInputException">It is not.</exception>
    public static void CheckVideoName(string outputPath)
    {
        ArgumentNullException.ThrowIfNull(outputPath);
        var extension = Path.GetExtension(outputPath);
        if (!extension.Equals(".mp4", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".m4v", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".mov", StringComparison.OrdinalIgnoreCase))
        {
            var named = extension.Length == 0 ? "has no extension" : $"ends in {extension}";
            throw new InvalidInputException($"the video's name {Path.GetFileName(outputPath)} {named}; Talkie writes MP4 video (captions go beside it as .vtt and .srt): name it {Path.GetFileNameWithoutExtension(outputPath)}.mp4");
        }
    }

    /// <summary>Checks that <paramref name="targetPath"/> can be written and reserves a temporary file beside it.</summary>
    /// <exception cref="InvalidInputException">The directory does not exist, is not writable, or the path is a directory.</exception>
    public static PendingOutput Begin(string targetPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetPath);
        var fullPath = Path.GetFullPath(targetPath);
        if (Directory.Exists(fullPath))
        {
            throw new InvalidInputException($"cannot write to {targetPath}: it is a directory; give a file name such as {Path.Combine(targetPath, "video.mp4")}");
        }

        var directory = Path.GetDirectoryName(fullPath) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw new InvalidInputException($"cannot write to {targetPath}: the folder {directory} does not exist; create it or choose another path");
        }

        var extension = Path.GetExtension(fullPath);
        var temporary = Path.Combine(directory, $".{Path.GetFileNameWithoutExtension(fullPath)}.{Guid.NewGuid():N}.partial{extension}");
        try
        {
            using (new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // The exception's own text names the hidden temporary file, which the user never asked for.
            var why = ex is UnauthorizedAccessException ? "permission denied" : "it does not take new files";
            throw new InvalidInputException($"cannot write to {targetPath}: the folder {directory} cannot be written to ({why}); choose a writable folder", ex);
        }

        return new PendingOutput(fullPath, temporary);
    }

    /// <summary>Moves the finished temporary file over the target.</summary>
    public void Commit()
    {
        var info = new FileInfo(TemporaryPath);
        if (!info.Exists || info.Length == 0)
        {
            throw new InvalidOperationException($"nothing was written to {TemporaryPath}");
        }

        File.Move(TemporaryPath, TargetPath, overwrite: true);
        _committed = true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_committed)
        {
            try
            {
                File.Delete(TemporaryPath);
            }
            catch (IOException)
            {
                // Best effort: a leftover hidden .partial file is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
