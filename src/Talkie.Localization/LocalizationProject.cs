using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Talkie.Localization;

/// <summary>How a dub meets the original's timing.</summary>
public enum DubTiming
{
    /// <summary>The picture keeps its timing: each translated sentence is fitted into its original slot (faster speech, then time-stretching).</summary>
    Keep,

    /// <summary>Where a translated sentence runs long, the picture is held there instead of rushing the voice (the video gets longer).</summary>
    StretchVideo,
}

/// <summary>One sentence of the video: where it is spoken, what was said, and what the dub says.</summary>
public sealed record ProjectSegment
{
    /// <summary>Gets the segment's number (1, 2, …), as in the subtitles.</summary>
    public required int Id { get; init; }

    /// <summary>Gets where the original sentence starts (seconds).</summary>
    public required double Start { get; init; }

    /// <summary>Gets where the original sentence ends (seconds).</summary>
    public required double End { get; init; }

    /// <summary>Gets what was said (recognized or from the transcript); edit it to fix the recognizer.</summary>
    public required string Source { get; init; }

    /// <summary>Gets what the dub says; edit it to fix the translation.</summary>
    public required string Target { get; init; }

    /// <summary>Gets the source text the machine translated (when the source is edited and the target is not, the segment is translated again).</summary>
    public string? TranslatedFrom { get; init; }

    /// <summary>Gets the machine translation as it came (tells an edited target from an untouched one).</summary>
    public string? MachineTarget { get; init; }
}

/// <summary>The user's glossary, as kept in a project.</summary>
public sealed record ProjectGlossary
{
    /// <summary>Gets the terms kept as they are.</summary>
    public IReadOnlyList<string> Keep { get; init; } = [];

    /// <summary>Gets the terms with a fixed translation.</summary>
    public IReadOnlyDictionary<string, string> Translate { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A dub as the user reviews it (<c>talkie localize --review</c> writes it, <c>talkie localize --project</c>
/// renders it): the video, the languages and voice, and each sentence's timing, source text and
/// translation. JSON, indented, comments allowed.
/// </summary>
public sealed record LocalizationProject
{
    /// <summary>The schema version this build writes and reads.</summary>
    public const int CurrentSchema = 1;

    /// <summary>Gets the schema version.</summary>
    public int Schema { get; init; } = CurrentSchema;

    /// <summary>Gets the video dubbed (an absolute path; never modified).</summary>
    public required string Video { get; init; }

    /// <summary>Gets the SHA-256 of the video when the project was made.</summary>
    public required string VideoSha256 { get; init; }

    /// <summary>Gets the video's length in seconds.</summary>
    public required double Duration { get; init; }

    /// <summary>Gets the language spoken in the video.</summary>
    public required string From { get; init; }

    /// <summary>Gets the language of the dub.</summary>
    public required string To { get; init; }

    /// <summary>Gets the dub's voice id, or null to choose one matching the speaker.</summary>
    public string? Voice { get; init; }

    /// <summary>Gets how the dub meets the original timing.</summary>
    public DubTiming Timing { get; init; }

    /// <summary>Gets the user's glossary.</summary>
    public ProjectGlossary Glossary { get; init; } = new();

    /// <summary>Gets the sentences, in order.</summary>
    public required IReadOnlyList<ProjectSegment> Segments { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the project (to a temporary file first, so an interrupted write keeps the old one).</summary>
    public void Save(string path)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads and checks a project the user may have edited.</summary>
    /// <exception cref="InvalidInputException">It cannot be read or was edited into a state that cannot be rendered; the message names the place and the fix.</exception>
    public static LocalizationProject Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"the project {path} does not exist; make one with talkie localize VIDEO --to LANG --review -o OUT.mp4");
        }

        LocalizationProject? project;
        try
        {
            project = JsonSerializer.Deserialize<LocalizationProject>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}") : string.Empty;
            var what = ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];
            throw new InvalidInputException($"the project {path} is not valid JSON{where}: {what} (a missing comma or quote is the usual cause)", ex);
        }

        if (project is null)
        {
            throw new InvalidInputException($"the project {path} is empty");
        }

        project.Check($"the project {path}");
        return project;
    }

    /// <summary>Checks that the project can be rendered.</summary>
    /// <param name="called">How messages name the project: "the project PATH" where the user has the file.</param>
    /// <exception cref="InvalidInputException">It cannot (the message names the segment and the fix).</exception>
    public void Check(string called)
    {
        void Fail(string problem) => throw new InvalidInputException($"{called}: {problem}");

        if (Schema != CurrentSchema)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"schema {Schema} is not one this Talkie reads ({CurrentSchema}); make the project again with --review"));
        }

        if (string.IsNullOrWhiteSpace(Video))
        {
            Fail("\"video\" is missing: it names the video to dub");
        }

        if (string.IsNullOrWhiteSpace(From) || string.IsNullOrWhiteSpace(To))
        {
            Fail("\"from\" and \"to\" must name the languages (e.g. \"en\" and \"es\")");
        }

        if (Segments is null || Segments.Count == 0)
        {
            Fail("it has no segments: there is nothing to dub");
        }

        var previousEnd = 0.0;
        var ids = new HashSet<int>();
        foreach (var segment in Segments!)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"segment {segment.Id}");
            if (!ids.Add(segment.Id))
            {
                Fail($"two segments are numbered {segment.Id}; give each its own id");
            }

            if (segment.Start < 0 || segment.End > Duration + 0.05 || double.IsNaN(segment.Start) || double.IsNaN(segment.End))
            {
                Fail(string.Create(CultureInfo.InvariantCulture, $"{name} runs from {segment.Start:0.###} to {segment.End:0.###} s, outside the video (0 to {Duration:0.###} s)"));
            }

            if (segment.End - segment.Start < 0.2)
            {
                Fail(string.Create(CultureInfo.InvariantCulture, $"{name} ends at {segment.End:0.###} s, {(segment.End <= segment.Start ? "not after" : "too soon after")} its start ({segment.Start:0.###} s); a segment lasts at least 0.2 s"));
            }

            if (segment.Start < previousEnd - 0.001)
            {
                Fail(string.Create(CultureInfo.InvariantCulture, $"{name} starts at {segment.Start:0.###} s, before the segment ahead of it ends ({previousEnd:0.###} s); segments must be in order and not overlap"));
            }

            if (string.IsNullOrWhiteSpace(segment.Target))
            {
                Fail($"{name} has no translation (\"target\"); write one, or delete the segment to keep the original speech there");
            }

            if (string.IsNullOrWhiteSpace(segment.Source))
            {
                Fail($"{name} has no source text; write what is said there");
            }

            previousEnd = segment.End;
        }
    }
}
