namespace Talkie.Server.Api;

/// <summary>A video to make (<c>POST /v1/videos</c>).</summary>
public sealed record CreateVideoRequest
{
    /// <summary>Gets a name for the library; default: the script's start.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the script: plain text, or SSML starting with <c>&lt;speak&gt;</c>.</summary>
    public string? Script { get; init; }

    /// <summary>Gets an uploaded recording (<c>upl_…</c> from <c>POST /v1/uploads</c>) to use as the narration instead of a script.</summary>
    public string? Narration { get; init; }

    /// <summary>Gets the words spoken in the narration, if known (aligned instead of recognized).</summary>
    public string? Transcript { get; init; }

    /// <summary>Gets the presenter: a stock avatar (<c>stock:ava</c>) or a workspace avatar (<c>av_…</c>); default <c>stock:ava</c>.</summary>
    public string? Avatar { get; init; }

    /// <summary>Gets the voice id (<c>GET /v1/voices</c>); default: the best voice of the language for the presenter.</summary>
    public string? Voice { get; init; }

    /// <summary>Gets the language (<c>en</c>, <c>es</c>, …).</summary>
    public string? Language { get; init; }

    /// <summary>Gets the background: a colour (<c>#1e3a5f</c>, <c>navy</c>) or a gradient (<c>#ffffff-#c8d4e3</c>).</summary>
    public string? Background { get; init; }

    /// <summary>Gets the size: <c>WIDTHxHEIGHT</c>, <c>720p</c>, <c>1080p</c>, <c>square</c>, <c>vertical</c>; default 1280x720.</summary>
    public string? Size { get; init; }

    /// <summary>Gets the frame rate: 24, 25, 30 or 60; default 25.</summary>
    public int? Fps { get; init; }

    /// <summary>Gets the layout: <c>full</c>, <c>left</c>, <c>right</c> or <c>circle</c>.</summary>
    public string? Placement { get; init; }

    /// <summary>Gets a title shown in the picture.</summary>
    public string? Headline { get; init; }

    /// <summary>Gets a name bar: <c>Name</c> or <c>Name|Role</c>.</summary>
    public string? LowerThird { get; init; }

    /// <summary>Gets the captions: <c>file</c> (default), <c>burn</c> or <c>none</c>.</summary>
    public string? Captions { get; init; }

    /// <summary>Gets the accent colour.</summary>
    public string? Accent { get; init; }

    /// <summary>Gets a value indicating whether this is a test render: watermarked, not counted against the plan.</summary>
    public bool Test { get; init; }

    /// <summary>Gets the seed of blinks and head motion.</summary>
    public int? Seed { get; init; }
}

/// <summary>A video as the API shows it.</summary>
public sealed record VideoDto(
    string Id,
    string Title,
    string Status,
    string JobId,
    string Stage,
    double Percent,
    double? Duration,
    int Width,
    int Height,
    bool Test,
    bool Preview,
    string? Error,
    DateTime CreatedAt,
    DateTime? CompletedAt,
    VideoLinks Links);

/// <summary>Where a video's files are.</summary>
public sealed record VideoLinks(string Self, string? Download, string? Vtt, string? Srt);

/// <summary>A job as the API shows it.</summary>
public sealed record JobDto(string Id, string Kind, string TargetId, string Status, string Stage, double Percent, int Attempts, string? Error, double ComputeSeconds, DateTime CreatedAt, DateTime? StartedAt, DateTime? CompletedAt);

/// <summary>
/// An avatar as the API shows it: <c>error</c> says why training failed; <c>notes</c> what a ready avatar's training
/// noticed (footage under 30 s, a resampled frame rate); <c>canRender</c> whether its videos come out without the
/// PREVIEW mark (a ready avatar whose consent is not yet approved still renders, as watermarked previews).
/// </summary>
public sealed record AvatarDto(string Id, string Name, string Kind, string Status, string Description, string? Consent, string? JobId, string? Error, bool CanRender, string? Notes, string? Voice = null);

/// <summary>A voice.</summary>
public sealed record VoiceDto(string Id, string Name, string Language, string LanguageName, string Gender, string Engine, int SampleRate);

/// <summary>An upload.</summary>
public sealed record UploadDto(string Id, string ContentType, long Size, DateTime CreatedAt);

/// <summary>A key as listed (no secret).</summary>
public sealed record KeyDto(string Id, string Name, bool Admin, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt);

/// <summary>A key just made: the only time the key itself is shown.</summary>
public sealed record IssuedKeyDto(string Id, string Name, string Key, DateTime? ExpiresAt);

/// <summary>A key to make.</summary>
public sealed record CreateKeyRequest(string? Name, DateTime? ExpiresAt);

/// <summary>A workspace to make (administrators only), with its first key.</summary>
public sealed record CreateWorkspaceRequest(string? Name, string? Plan);

/// <summary>A workspace made, with its first key (shown once).</summary>
public sealed record WorkspaceDto(string Id, string Name, string Plan, DateTime CreatedAt, string? Key = null);

/// <summary>A webhook endpoint to make.</summary>
public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events);

/// <summary>A webhook endpoint (the secret is shown when made).</summary>
public sealed record WebhookDto(string Id, string Url, IReadOnlyList<string> Events, DateTime CreatedAt, string? Secret = null);

/// <summary>A delivery as logged.</summary>
public sealed record DeliveryDto(string Id, string EndpointId, string Event, string Status, int Attempts, int? LastStatusCode, string? LastError, DateTime CreatedAt, DateTime? LastAttemptAt);

/// <summary>The workspace's use of its plan this month.</summary>
public sealed record UsageDto(string Plan, string PlanName, double MonthlyRenderSeconds, double RenderSecondsUsed, double TestRenderSeconds, double ComputeSeconds, int Jobs, int MaxHeight, bool Badge, int MaxQueuedJobs, DateTime PeriodStart, DateTime PeriodEnd);

/// <summary>A localization as the API shows it.</summary>
public sealed record LocalizationDto(string Id, string From, string To, string Status, string JobId, string Stage, double Percent, string? Error, DateTime CreatedAt, string? Download);

/// <summary>An edited segment (<c>PUT /v1/localizations/{id}/project</c>).</summary>
public sealed record SegmentEdit(int Id, string? Source, string? Target);

/// <summary>The edits of a review.</summary>
public sealed record ProjectEdit(IReadOnlyList<SegmentEdit>? Segments, string? Voice);

/// <summary>A consent decision by a reviewer.</summary>
public sealed record ConsentDecision(string? State, string? Note = null);

/// <summary>The form of <c>POST /v1/uploads</c> (described for the OpenAPI document; the body is streamed, not bound).</summary>
/// <param name="File">The recording: WAV, MP3, M4A, FLAC, Ogg, or a video's sound.</param>
public sealed record NarrationForm(IFormFile File);

/// <summary>The form of <c>POST /v1/avatars/photo</c>.</summary>
/// <param name="File">The portrait: JPEG, PNG or WebP.</param>
/// <param name="Name">The avatar's name (1 to 60 characters).</param>
/// <param name="AllowSmallFace">True to animate a face under 80 px between the eyes.</param>
/// <param name="Voice">The voice it speaks with where a video names none (GET /v1/voices); in another language, that language's voice of the same gender.</param>
public sealed record PhotoAvatarForm(IFormFile File, string Name, bool? AllowSmallFace = null, string? Voice = null);

/// <summary>The form of <c>POST /v1/avatars/trained</c>.</summary>
/// <param name="File">The footage: a video of the person talking to the camera, with its sound (3 s to 10 min; 30 s to 2 min is best).</param>
/// <param name="Name">The avatar's name (1 to 60 characters).</param>
/// <param name="Language">The language spoken (default en).</param>
public sealed record TrainedAvatarForm(IFormFile File, string Name, string? Language = null);

/// <summary>The form of <c>POST /v1/localizations</c>.</summary>
/// <param name="File">The video to dub, with its sound.</param>
/// <param name="To">The dub's language (GET /v1/localizations/languages).</param>
/// <param name="From">The language spoken (default en).</param>
public sealed record LocalizationForm(IFormFile File, string To, string? From);
