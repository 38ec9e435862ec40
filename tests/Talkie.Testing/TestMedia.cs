namespace Talkie.Testing;

/// <summary>
/// The shared test media (real recordings, videos and portraits; see SOURCES.md beside them). Found
/// through <c>TALKIE_SHARED_MEDIA</c>, else as <c>shared/media</c> beside any folder above the tests,
/// else at <c>/work/shared/media</c>.
/// </summary>
public static class TestMedia
{
    private static readonly Lazy<string> RootPath = new(Locate);

    /// <summary>Gets the media folder.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Returns the path of a speech clip.</summary>
    public static string Speech(string name) => Path.Combine(Root, "speech", name);

    /// <summary>Returns the path of a talking-head video.</summary>
    public static string TalkingHead(string name) => Path.Combine(Root, "talking_head", name);

    /// <summary>Gets the portraits.</summary>
    public static IReadOnlyList<string> Portraits => Directory.GetFiles(Path.Combine(Root, "portraits")).Order(StringComparer.Ordinal).ToList();

    /// <summary>Gets the talking-head videos.</summary>
    public static IReadOnlyList<string> TalkingHeads => Directory.GetFiles(Path.Combine(Root, "talking_head"), "*.mp4").Order(StringComparer.Ordinal).ToList();

    /// <summary>Gets the speech clips with their language and transcript (from transcripts.tsv).</summary>
    public static IReadOnlyList<(string File, string Language, string Transcript)> Transcripts()
        => File.ReadAllLines(Path.Combine(Root, "speech", "transcripts.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length >= 3)
            .Select(parts => (parts[0], parts[1], parts[2]))
            .ToList();

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TALKIE_SHARED_MEDIA");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "media");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        const string Default = "/work/shared/media";
        return Directory.Exists(Default)
            ? Default
            : throw new DirectoryNotFoundException("the shared test media were not found; set TALKIE_SHARED_MEDIA to the folder that holds speech/, talking_head/ and portraits/");
    }
}
