using OpenCvSharp;

namespace Talkie.Vision;

/// <summary>
/// Makes sure OpenCV's native runtime loads before the first real call, and turns a missing system
/// library into an error that names the Debian packages to install.
/// </summary>
public static class OpenCvRuntime
{
    private static readonly Lazy<Exception?> LoadError = new(TryLoad);

    /// <summary>Throws <see cref="VisionSetupException"/> when OpenCV's native library cannot be loaded.</summary>
    public static void EnsureLoaded()
    {
        if (LoadError.Value is { } error)
        {
            throw new VisionSetupException(
                "OpenCV's native library could not be loaded (" + FirstLine(error) + "); install its system libraries with "
                + "'apt-get install libgtk-3-0 libatomic1 libdrm2' or run scripts/setup.sh", error);
        }
    }

    private static Exception? TryLoad()
    {
        try
        {
            using var probe = new Mat(1, 1, MatType.CV_8UC1);
            _ = Cv2.GetVersionString();
            Cv2.SetNumThreads(Math.Max(1, Environment.ProcessorCount));
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
        {
            return e;
        }
    }

    private static string FirstLine(Exception error)
    {
        var inner = error;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        var message = inner.Message;
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }
}
