namespace Talkie.Server.Data;

/// <summary>A team's space: its keys, avatars, videos, hooks and usage. Nothing crosses between workspaces.</summary>
public sealed class Workspace
{
    /// <summary>Gets or sets the id (<c>ws_…</c>).</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the name shown in the studio.</summary>
    public required string Name { get; set; }

    /// <summary>Gets or sets the plan's id (a key of <c>Talkie:Server:Plans</c>).</summary>
    public required string Plan { get; set; }

    /// <summary>Gets or sets when it was made.</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>An API key. Only a hash of its secret is kept; the key itself is shown once.</summary>
public sealed class ApiKey
{
    /// <summary>Gets or sets the id (<c>key_…</c>), which is also the key's public part.</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public required string WorkspaceId { get; set; }

    /// <summary>Gets or sets a name given by the user.</summary>
    public required string Name { get; set; }

    /// <summary>Gets or sets the SHA-256 of the secret part, hex.</summary>
    public required string SecretHash { get; set; }

    /// <summary>Gets or sets a value indicating whether the key administers the server (reviews consent, sees every job).</summary>
    public bool IsAdmin { get; set; }

    /// <summary>Gets or sets when it was made.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Gets or sets when it stops working, if ever.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>Gets or sets when it was revoked, if it was.</summary>
    public DateTime? RevokedAt { get; set; }

    /// <summary>Gets or sets when it was last used (to the minute).</summary>
    public DateTime? LastUsedAt { get; set; }
}

/// <summary>Where a consent record stands.</summary>
public enum ConsentState
{
    /// <summary>Waiting for the person's verification.</summary>
    Pending,

    /// <summary>The person was verified; waiting for a reviewer.</summary>
    Verified,

    /// <summary>A reviewer approved: the avatar renders like any other.</summary>
    Approved,

    /// <summary>A reviewer rejected: the avatar renders private previews only, for ever.</summary>
    Rejected,
}

/// <summary>A photo or trained avatar of a workspace (stock avatars are not stored).</summary>
public sealed class AvatarRecord
{
    /// <summary>Gets or sets the id (<c>av_…</c>).</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public required string WorkspaceId { get; set; }

    /// <summary>Gets or sets the name.</summary>
    public required string Name { get; set; }

    /// <summary>Gets or sets the kind: <c>photo</c> or <c>trained</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>Gets or sets the status: <c>training</c>, <c>ready</c> or <c>failed</c>.</summary>
    public required string Status { get; set; }

    /// <summary>Gets or sets the uploaded photo or footage (a blob hash).</summary>
    public required string SourceBlob { get; set; }

    /// <summary>Gets or sets the trained package's name in the avatar store, for a trained avatar.</summary>
    public string? StoreName { get; set; }

    /// <summary>Gets or sets the language spoken in the footage, for a trained avatar.</summary>
    public string? Language { get; set; }

    /// <summary>Gets or sets the voice a photo avatar speaks with where a video names none (null: the language's default).</summary>
    public string? Voice { get; set; }

    /// <summary>Gets or sets a value indicating whether a photo whose face is below the sharp size is animated (softer), as its owner allowed.</summary>
    public bool AllowSmallFace { get; set; }

    /// <summary>Gets or sets the training job, for a trained avatar.</summary>
    public string? JobId { get; set; }

    /// <summary>Gets or sets why training failed.</summary>
    public string? Error { get; set; }

    /// <summary>Gets or sets the consent state.</summary>
    public ConsentState Consent { get; set; }

    /// <summary>Gets or sets the reviewer's note or the reason for the last consent change.</summary>
    public string? ConsentNote { get; set; }

    /// <summary>Gets or sets the key that last changed the consent state.</summary>
    public string? ConsentChangedBy { get; set; }

    /// <summary>Gets or sets when the consent state last changed.</summary>
    public DateTime? ConsentChangedAt { get; set; }

    /// <summary>Gets or sets when it was made.</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>A video of a workspace: what was asked, and what was made.</summary>
public sealed class VideoRecord
{
    /// <summary>Gets or sets the id (<c>vid_…</c>).</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public required string WorkspaceId { get; set; }

    /// <summary>Gets or sets the title shown in the library.</summary>
    public required string Title { get; set; }

    /// <summary>Gets or sets the request as accepted (JSON).</summary>
    public required string RequestJson { get; set; }

    /// <summary>Gets or sets the status: <c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public required string Status { get; set; }

    /// <summary>Gets or sets the render job.</summary>
    public required string JobId { get; set; }

    /// <summary>Gets or sets the MP4 (a blob hash), once made.</summary>
    public string? VideoBlob { get; set; }

    /// <summary>Gets or sets the WebVTT captions (a blob hash), once made.</summary>
    public string? VttBlob { get; set; }

    /// <summary>Gets or sets the SRT captions (a blob hash), once made.</summary>
    public string? SrtBlob { get; set; }

    /// <summary>Gets or sets the length in seconds, once made.</summary>
    public double? DurationSeconds { get; set; }

    /// <summary>Gets or sets the frame width.</summary>
    public int Width { get; set; }

    /// <summary>Gets or sets the frame height.</summary>
    public int Height { get; set; }

    /// <summary>Gets or sets a value indicating whether this is a test render (watermarked, not counted).</summary>
    public bool Test { get; set; }

    /// <summary>Gets or sets a value indicating whether this is a private preview (an avatar without approved consent; watermarked).</summary>
    public bool Preview { get; set; }

    /// <summary>Gets or sets why it failed.</summary>
    public string? Error { get; set; }

    /// <summary>Gets or sets when it was asked for.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Gets or sets when it was finished.</summary>
    public DateTime? CompletedAt { get; set; }
}

/// <summary>A dub of an uploaded video into another language, with a review step.</summary>
public sealed class LocalizationRecord
{
    /// <summary>Gets or sets the id (<c>loc_…</c>).</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public required string WorkspaceId { get; set; }

    /// <summary>Gets or sets the uploaded video (a blob hash).</summary>
    public required string SourceBlob { get; set; }

    /// <summary>Gets or sets the language spoken.</summary>
    public required string From { get; set; }

    /// <summary>Gets or sets the language of the dub.</summary>
    public required string To { get; set; }

    /// <summary>Gets or sets the status: <c>queued</c>, <c>translating</c>, <c>review</c>, <c>rendering</c>, <c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public required string Status { get; set; }

    /// <summary>Gets or sets the current job.</summary>
    public required string JobId { get; set; }

    /// <summary>Gets or sets the folder of the dub's project and work (under the data folder).</summary>
    public string? Folder { get; set; }

    /// <summary>Gets or sets the dubbed MP4 (a blob hash), once made.</summary>
    public string? VideoBlob { get; set; }

    /// <summary>Gets or sets why it failed.</summary>
    public string? Error { get; set; }

    /// <summary>Gets or sets when it was started.</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>A unit of background work and how far it is.</summary>
public sealed class JobRecord
{
    /// <summary>Gets or sets the id (<c>job_…</c>).</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public required string WorkspaceId { get; set; }

    /// <summary>Gets or sets the kind: <c>video</c>, <c>avatar</c>, <c>localization</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>Gets or sets the video, avatar or localization the job makes.</summary>
    public required string TargetId { get; set; }

    /// <summary>Gets or sets the status: <c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public required string Status { get; set; }

    /// <summary>Gets or sets the stage being worked on.</summary>
    public string Stage { get; set; } = "queued";

    /// <summary>Gets or sets how far the whole job is, 0..100.</summary>
    public double Percent { get; set; }

    /// <summary>Gets or sets why it failed.</summary>
    public string? Error { get; set; }

    /// <summary>Gets or sets how many times a worker started it.</summary>
    public int Attempts { get; set; }

    /// <summary>Gets or sets a value indicating whether a user asked to cancel it.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>Gets or sets the worker that holds the job (a process id and start time).</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Gets or sets until when the holder's lease lasts without a heartbeat.</summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>Gets or sets the CPU and wall time spent, in seconds (metered).</summary>
    public double ComputeSeconds { get; set; }

    /// <summary>Gets or sets when it was queued.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Gets or sets when a worker first started it.</summary>
    public DateTime? StartedAt { get; set; }

    /// <summary>Gets or sets when it ended.</summary>
    public DateTime? CompletedAt { get; set; }
}

/// <summary>Metered work: one row per finished job.</summary>
public sealed class UsageRecord
{
    /// <summary>Gets or sets the job (one record per job, at most).</summary>
    public required string JobId { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public required string WorkspaceId { get; set; }

    /// <summary>Gets or sets the kind of job.</summary>
    public required string Kind { get; set; }

    /// <summary>Gets or sets the seconds of video made (what plans count).</summary>
    public double RenderSeconds { get; set; }

    /// <summary>Gets or sets the worker's seconds spent.</summary>
    public double ComputeSeconds { get; set; }

    /// <summary>Gets or sets a value indicating whether it was a test render (not counted against the plan).</summary>
    public bool Test { get; set; }

    /// <summary>Gets or sets when it was recorded.</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>A URL that receives a workspace's events.</summary>
public sealed class WebhookEndpoint
{
    /// <summary>Gets or sets the id (<c>wh_…</c>).</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public required string WorkspaceId { get; set; }

    /// <summary>Gets or sets the URL (http or https).</summary>
    public required string Url { get; set; }

    /// <summary>Gets or sets the signing secret (<c>whsec_…</c>).</summary>
    public required string Secret { get; set; }

    /// <summary>Gets or sets the events sent, comma-separated (<c>*</c> for all).</summary>
    public required string Events { get; set; }

    /// <summary>Gets or sets when it was made.</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>One event sent to one endpoint, with its attempts.</summary>
public sealed class WebhookDelivery
{
    /// <summary>Gets or sets the id (<c>evt_…</c>), sent as the event's id.</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the endpoint.</summary>
    public required string EndpointId { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public required string WorkspaceId { get; set; }

    /// <summary>Gets or sets the event (<c>video.succeeded</c>, …).</summary>
    public required string Event { get; set; }

    /// <summary>Gets or sets the body sent (JSON).</summary>
    public required string Body { get; set; }

    /// <summary>Gets or sets the status: <c>pending</c>, <c>delivered</c>, <c>failed</c> (after the last retry).</summary>
    public required string Status { get; set; }

    /// <summary>Gets or sets how many attempts were made.</summary>
    public int Attempts { get; set; }

    /// <summary>Gets or sets the last HTTP status received.</summary>
    public int? LastStatusCode { get; set; }

    /// <summary>Gets or sets the last error.</summary>
    public string? LastError { get; set; }

    /// <summary>Gets or sets when it was made.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Gets or sets when the last attempt was made.</summary>
    public DateTime? LastAttemptAt { get; set; }
}

/// <summary>A stored file, named by its content's SHA-256.</summary>
public sealed class BlobRecord
{
    /// <summary>Gets or sets the SHA-256, hex.</summary>
    public required string Hash { get; set; }

    /// <summary>Gets or sets the size in bytes.</summary>
    public long Size { get; set; }

    /// <summary>Gets or sets the MIME type found from the content.</summary>
    public required string ContentType { get; set; }

    /// <summary>Gets or sets when it was last stored (the same bytes stored again make it fresh again).</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>A file a workspace uploaded for later use (a narration), by id.</summary>
public sealed class UploadRecord
{
    /// <summary>Gets or sets the id (<c>upl_…</c>).</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public required string WorkspaceId { get; set; }

    /// <summary>Gets or sets the stored file (a blob hash).</summary>
    public required string Blob { get; set; }

    /// <summary>Gets or sets the MIME type found from the content.</summary>
    public required string ContentType { get; set; }

    /// <summary>Gets or sets the size in bytes.</summary>
    public long Size { get; set; }

    /// <summary>Gets or sets when it was uploaded.</summary>
    public DateTime CreatedAt { get; set; }
}
