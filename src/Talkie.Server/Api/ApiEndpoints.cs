using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Talkie.Avatars.Trained;
using Talkie.Localization;
using Talkie.Media;
using Talkie.Server.Accounts;
using Talkie.Server.Avatars;
using Talkie.Server.Data;
using Talkie.Server.Jobs;
using Talkie.Server.Localizations;
using Talkie.Server.Plans;
using Talkie.Server.Storage;
using Talkie.Server.Videos;
using Talkie.Server.Webhooks;
using Talkie.Speech;

namespace Talkie.Server.Api;

/// <summary>API v1: every route needs a key and sees only the key's workspace.</summary>
public static class ApiEndpoints
{
    private static readonly MediaKind[] Images = [MediaKind.Image];
    private static readonly MediaKind[] Videos = [MediaKind.Video];
    private static readonly MediaKind[] Recordings = [MediaKind.Audio, MediaKind.Video];

    /// <summary>Maps <c>/v1</c>.</summary>
    public static void MapTalkieApi(this IEndpointRouteBuilder app)
    {
        // Every route can answer with a problem: a request it refuses, a missing or refused key, something not
        // there, a state that does not allow it, the plan's limits.
        var v1 = app.MapGroup("/v1").RequireAuthorization(ServerHost.ApiPolicy).RequireRateLimiting(ServerHost.RatePolicy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var videos = v1.MapGroup("/videos").WithTags("Videos");
        videos.MapPost("/", async (CreateVideoRequest request, ClaimsPrincipal user, VideoService service, CancellationToken ct) =>
        {
            var video = await service.CreateAsync(user.WorkspaceId(), request, ct);
            return TypedResults.Created(video.Links.Self, video);
        })
            .WithSummary("Make a video from a script or SSML or an uploaded narration (a job)").ProducesProblem(StatusCodes.Status402PaymentRequired);
        videos.MapGet("/", async (ClaimsPrincipal user, VideoService service, int? limit, CancellationToken ct)
            => TypedResults.Ok(await service.ListAsync(user.WorkspaceId(), limit ?? 100, ct))).WithSummary("List videos, newest first");
        videos.MapGet("/{id}", async (string id, ClaimsPrincipal user, VideoService service, CancellationToken ct)
            => TypedResults.Ok(await service.GetAsync(user.WorkspaceId(), id, ct))).WithSummary("A video with its status, stage and percent");
        videos.MapDelete("/{id}", async (string id, ClaimsPrincipal user, VideoService service, BlobStore blobs, CancellationToken ct) =>
        {
            await service.DeleteAsync(user.WorkspaceId(), id, blobs, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete a video (its render is cancelled)");
        videos.MapGet("/{id}/download", (string id, ClaimsPrincipal user, VideoService service, BlobStore blobs, CancellationToken ct)
            => VideoFileAsync(id, user, service, blobs, v => v.VideoBlob, "video/mp4", ".mp4", ct)).WithSummary("The MP4 (HTTP ranges supported)");
        videos.MapGet("/{id}/captions.vtt", (string id, ClaimsPrincipal user, VideoService service, BlobStore blobs, CancellationToken ct)
            => VideoFileAsync(id, user, service, blobs, v => v.VttBlob, "text/vtt", ".vtt", ct)).WithSummary("WebVTT captions");
        videos.MapGet("/{id}/captions.srt", (string id, ClaimsPrincipal user, VideoService service, BlobStore blobs, CancellationToken ct)
            => VideoFileAsync(id, user, service, blobs, v => v.SrtBlob, "application/x-subrip", ".srt", ct)).WithSummary("SRT captions");

        v1.MapPost("/uploads", async (HttpRequest http, ClaimsPrincipal user, BlobStore blobs, TalkieDb db, MediaProbe probe, IOptions<ServerOptions> options, CancellationToken ct) =>
        {
            var form = await MultipartUpload.ReadAsync(http, blobs, db, options.Value.MaxUploadBytes, Recordings, "recording", ct);
            await UploadStreams.CheckAsync(probe, blobs, form.File, "recording", video: false, ct);
            var upload = new UploadRecord { Id = Ids.New("upl"), WorkspaceId = user.WorkspaceId(), Blob = form.File.Hash, ContentType = form.File.ContentType, Size = form.File.Size, CreatedAt = DateTime.UtcNow };
            db.Uploads.Add(upload);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/v1/uploads/{upload.Id}", new UploadDto(upload.Id, upload.ContentType, upload.Size, upload.CreatedAt));
        }).WithTags("Videos").WithSummary("Upload a narration (multipart 'file'): WAV, MP3, M4A, FLAC, Ogg or a video's sound").DisableAntiforgery()
            .Accepts<NarrationForm>("multipart/form-data").ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        var avatars = v1.MapGroup("/avatars").WithTags("Avatars");
        avatars.MapGet("/", async (ClaimsPrincipal user, AvatarService service, CancellationToken ct)
            => TypedResults.Ok(await service.ListAsync(user.WorkspaceId(), ct))).WithSummary("Stock avatars and this workspace's photo and trained avatars");
        avatars.MapGet("/{id}", async (string id, ClaimsPrincipal user, AvatarService service, CancellationToken ct)
            => TypedResults.Ok(await service.GetAsync(user.WorkspaceId(), id, ct))).WithSummary("A stock avatar (stock:NAME) or one of this workspace's");
        avatars.MapPost("/photo", async (HttpRequest http, ClaimsPrincipal user, AvatarService service, BlobStore blobs, TalkieDb db, IOptions<ServerOptions> options, CancellationToken ct) =>
        {
            var form = await MultipartUpload.ReadAsync(http, blobs, db, Math.Min(options.Value.MaxUploadBytes, 50L << 20), Images, "portrait", ct);
            var avatar = await service.CreatePhotoAsync(user.WorkspaceId(), form.Fields.GetValueOrDefault("name"), form.File, Flag(form.Fields, "allowSmallFace"), form.Fields.GetValueOrDefault("voice"), ct);
            return TypedResults.Created($"/v1/avatars/{avatar.Id}", avatar);
        }).WithSummary("Make a photo avatar from a portrait (multipart 'file', 'name', optional 'allowSmallFace' = true to animate a face under 80 px between the eyes, optional 'voice' it speaks with where a video names none); consent starts pending").DisableAntiforgery()
            .Accepts<PhotoAvatarForm>("multipart/form-data").ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        avatars.MapPost("/trained", async (HttpRequest http, ClaimsPrincipal user, AvatarService service, BlobStore blobs, TalkieDb db, MediaProbe probe, IOptions<ServerOptions> options, CancellationToken ct) =>
        {
            var form = await MultipartUpload.ReadAsync(http, blobs, db, options.Value.MaxUploadBytes, Videos, "footage", ct);
            await UploadStreams.CheckAsync(probe, blobs, form.File, "footage", video: true, ct);
            var avatar = await service.CreateTrainedAsync(user.WorkspaceId(), form.Fields.GetValueOrDefault("name"), form.Fields.GetValueOrDefault("language"), form.File, ct);
            return TypedResults.Accepted($"/v1/avatars/{avatar.Id}", avatar);
        }).WithSummary("Train an avatar from footage (multipart 'file', 'name', optional 'language'): a job").DisableAntiforgery()
            .Accepts<TrainedAvatarForm>("multipart/form-data").ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        avatars.MapDelete("/{id}", async (string id, ClaimsPrincipal user, AvatarService service, AvatarStore store, CancellationToken ct) =>
        {
            await service.DeleteAsync(user.WorkspaceId(), id, store, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete an avatar and its stored footage");

        var consent = v1.MapGroup("/consent").WithTags("Consent").RequireAuthorization(ServerHost.AdminPolicy);
        consent.MapGet("/queue", async (AvatarService service, CancellationToken ct) => TypedResults.Ok(await service.ReviewQueueAsync(ct)))
            .WithSummary("Avatars waiting for verification or review (administrators)");
        consent.MapPost("/{avatarId}", async (string avatarId, ConsentDecision decision, ClaimsPrincipal user, AvatarService service, CancellationToken ct)
            => TypedResults.Ok(await service.DecideAsync(avatarId, decision, user.KeyId(), ct)))
            .WithSummary("Move an avatar's consent: verified, approved or rejected (administrators)");

        v1.MapGet("/voices", (VoiceCatalog voices, string? lang) => TypedResults.Ok(
            voices.Voices.Where(v => lang is null || v.PrimaryLanguage.Equals(lang, StringComparison.OrdinalIgnoreCase) || v.Language.Equals(lang, StringComparison.OrdinalIgnoreCase))
                .Select(v => new VoiceDto(v.Id, v.Name, v.Language, v.LanguageName, v.Gender.ToString().ToLowerInvariant(), v.Engine, v.SampleRate))))
            .WithTags("Voices").WithSummary("The voices, optionally of one language");
        v1.MapGet("/voices/{id}/preview", async (string id, VoiceCatalog voices, PreviewService previews, CancellationToken ct) =>
        {
            var voice = voices.Find(id) ?? throw ApiProblemException.NotFound("voice", id);
            return TypedResults.PhysicalFile(await previews.SampleAsync(voice, ct), "audio/wav", enableRangeProcessing: true);
        }).WithTags("Voices").WithSummary("A short sample of the voice (WAV)");

        var jobs = v1.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("/{id}", async (string id, ClaimsPrincipal user, TalkieDb db, CancellationToken ct)
            => TypedResults.Ok(ToDto(await FindJobAsync(db, user, id, ct)))).WithSummary("A job's status, stage and percent");
        jobs.MapGet("/", async (ClaimsPrincipal user, TalkieDb db, string? status, CancellationToken ct) =>
        {
            var workspace = user.WorkspaceId();
            var query = db.Jobs.AsNoTracking().Where(j => j.WorkspaceId == workspace);
            if (status is not null)
            {
                query = query.Where(j => j.Status == status);
            }

            return TypedResults.Ok((await query.OrderByDescending(j => j.CreatedAt).Take(200).ToListAsync(ct)).Select(ToDto));
        }).WithSummary("This workspace's jobs, newest first");
        jobs.MapPost("/{id}/cancel", async (string id, ClaimsPrincipal user, TalkieDb db, CancellationToken ct) =>
        {
            var job = await FindJobAsync(db, user, id, ct);
            if (JobStatus.IsFinal(job.Status))
            {
                throw ApiProblemException.Conflict($"the job has already ended: it {(job.Status == JobStatus.Cancelled ? "was cancelled" : job.Status)}");
            }

            await JobRunner.RequestCancelAsync(db, job.Id, ct);
            return TypedResults.Accepted($"/v1/jobs/{job.Id}", ToDto(job));
        }).WithSummary("Ask a job to stop; it ends as cancelled");

        var localizations = v1.MapGroup("/localizations").WithTags("Localizations");
        localizations.MapGet("/languages", (Localizer localizer) => TypedResults.Ok(localizer.Directions().Where(d => !d.NeedsTranscript).Select(d => new { d.Direction.From, d.Direction.To })))
            .WithSummary("The directions a video can be dubbed in");
        localizations.MapPost("/", async (HttpRequest http, ClaimsPrincipal user, LocalizationService service, BlobStore blobs, TalkieDb db, MediaProbe probe, IOptions<ServerOptions> options, CancellationToken ct) =>
        {
            var form = await MultipartUpload.ReadAsync(http, blobs, db, options.Value.MaxUploadBytes, Videos, "video", ct);
            await UploadStreams.CheckAsync(probe, blobs, form.File, "video", video: true, ct);
            var dub = await service.StartAsync(user.WorkspaceId(), form.File, form.Fields.GetValueOrDefault("from"), form.Fields.GetValueOrDefault("to"), ct);
            return TypedResults.Accepted($"/v1/localizations/{dub.Id}", dub);
        }).WithSummary("Dub a video (multipart 'file', 'to', optional 'from'): heard and translated, then waits for review").DisableAntiforgery()
            .Accepts<LocalizationForm>("multipart/form-data").ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        localizations.MapGet("/", async (ClaimsPrincipal user, LocalizationService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(user.WorkspaceId(), ct)))
            .WithSummary("This workspace's dubs");
        localizations.MapGet("/{id}", async (string id, ClaimsPrincipal user, LocalizationService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(user.WorkspaceId(), id, ct)))
            .WithSummary("A dub's status");
        localizations.MapDelete("/{id}", async (string id, ClaimsPrincipal user, LocalizationService service, BlobStore blobs, CancellationToken ct) =>
        {
            await service.DeleteAsync(user.WorkspaceId(), id, blobs, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete a dub and its files (its job is cancelled)");
        localizations.MapGet("/{id}/project", async (string id, ClaimsPrincipal user, LocalizationService service, CancellationToken ct) => TypedResults.Ok(ToDto(await service.ProjectAsync(user.WorkspaceId(), id, ct))))
            .WithSummary("The review project: each segment's timing, source text and translation");
        localizations.MapPut("/{id}/project", async (string id, ProjectEdit edit, ClaimsPrincipal user, LocalizationService service, CancellationToken ct) => TypedResults.Ok(ToDto(await service.EditAsync(user.WorkspaceId(), id, edit, ct))))
            .WithSummary("Submit edited segments (source and target texts) and voice");
        localizations.MapPost("/{id}/render", async (string id, ClaimsPrincipal user, LocalizationService service, CancellationToken ct) => TypedResults.Accepted($"/v1/localizations/{id}", await service.RenderAsync(user.WorkspaceId(), id, ct)))
            .WithSummary("Render the reviewed dub (a job)");
        localizations.MapGet("/{id}/download", async (string id, ClaimsPrincipal user, LocalizationService service, BlobStore blobs, CancellationToken ct) =>
        {
            var dub = await service.FindAsync(user.WorkspaceId(), id, ct);
            if (dub.Status != JobStatus.Succeeded || dub.VideoBlob is null)
            {
                throw ApiProblemException.Conflict($"the dub is {dub.Status}; it can be downloaded once it has succeeded");
            }

            return TypedResults.PhysicalFile(blobs.PathOf(dub.VideoBlob), "video/mp4", $"{dub.Id}.{dub.To}.mp4", enableRangeProcessing: true);
        }).WithSummary("The dubbed MP4 (HTTP ranges supported)");

        v1.MapGet("/usage", async (ClaimsPrincipal user, PlanService plans, CancellationToken ct) => TypedResults.Ok(await plans.UsageAsync(user.WorkspaceId(), ct)))
            .WithTags("Usage").WithSummary("This month's use of the plan");

        var keys = v1.MapGroup("/keys").WithTags("Keys");
        keys.MapGet("/", async (ClaimsPrincipal user, TalkieDb db, CancellationToken ct) =>
        {
            var workspace = user.WorkspaceId();
            var rows = await db.ApiKeys.AsNoTracking().Where(k => k.WorkspaceId == workspace).OrderBy(k => k.CreatedAt).ToListAsync(ct);
            return TypedResults.Ok(rows.Select(k => new KeyDto(k.Id, k.Name, k.IsAdmin, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.LastUsedAt)));
        }).WithSummary("This workspace's keys (never their secrets)");
        keys.MapPost("/", async (CreateKeyRequest request, ClaimsPrincipal user, ApiKeyService service, CancellationToken ct) =>
        {
            var name = string.IsNullOrWhiteSpace(request.Name) ? "API key" : request.Name.Trim();
            if (name.Length > 60)
            {
                throw ApiProblemException.BadRequest("a key's name is at most 60 characters");
            }

            if (request.ExpiresAt is { } expiry && expiry <= DateTime.UtcNow)
            {
                throw ApiProblemException.BadRequest("\"expiresAt\" is in the past; give a future time or none");
            }

            var issued = await service.IssueAsync(user.WorkspaceId(), name, admin: false, request.ExpiresAt?.ToUniversalTime(), ct);
            return TypedResults.Created($"/v1/keys/{issued.Record.Id}", new IssuedKeyDto(issued.Record.Id, issued.Record.Name, issued.Key, issued.Record.ExpiresAt));
        }).WithSummary("Make a key: the response is the only time it is shown");
        keys.MapDelete("/{id}", async (string id, ClaimsPrincipal user, ApiKeyService service, CancellationToken ct) =>
        {
            return await service.RevokeAsync(user.WorkspaceId(), id, user.IsInRole(TalkieClaims.AdminRole), ct) switch
            {
                RevokeOutcome.NotFound => throw ApiProblemException.NotFound("key", id),
                RevokeOutcome.AdministratorsOnly => throw ApiProblemException.Forbidden("an administrator's key can be revoked only with an administrator's key"),
                RevokeOutcome.LastAdministrator => throw ApiProblemException.Conflict("this is the server's last working administrator key; without it nobody could make workspaces or review consent, so it cannot be revoked"),
                _ => TypedResults.NoContent(),
            };
        }).WithSummary("Revoke a key (it gets 401 from then on)");

        var hooks = v1.MapGroup("/webhooks").WithTags("Webhooks");
        hooks.MapGet("/", async (ClaimsPrincipal user, TalkieDb db, CancellationToken ct) =>
        {
            var workspace = user.WorkspaceId();
            var rows = await db.WebhookEndpoints.AsNoTracking().Where(e => e.WorkspaceId == workspace).OrderBy(e => e.CreatedAt).ToListAsync(ct);
            return TypedResults.Ok(rows.Select(e => new WebhookDto(e.Id, e.Url, e.Events.Split(','), e.CreatedAt)));
        }).WithSummary("This workspace's webhook endpoints");
        hooks.MapPost("/", async (CreateWebhookRequest request, ClaimsPrincipal user, TalkieDb db, IOptions<ServerOptions> options, CancellationToken ct) =>
        {
            if (request.Url is { Length: > 2000 })
            {
                throw ApiProblemException.BadRequest($"\"url\" is {request.Url.Length} characters long; an endpoint's URL is at most 2000");
            }

            if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw ApiProblemException.BadRequest($"\"url\" must be an absolute http or https URL; got '{request.Url}'");
            }

            if (!options.Value.WebhookPrivateAddresses && WebhookAddresses.PrivateHost(url) is { } host)
            {
                throw ApiProblemException.BadRequest(WebhookAddresses.Refusal($"\"url\"'s host {host}"));
            }

            var blank = request.Events?.ToList().FindIndex(string.IsNullOrWhiteSpace) ?? -1;
            if (blank >= 0)
            {
                throw ApiProblemException.BadRequest($"\"events\"[{blank}] is empty; name an event ({string.Join(", ", WebhookPublisher.Events)}) or * for all");
            }

            var events = request.Events is null || request.Events.Count == 0 ? ["*"] : request.Events.Select(e => e.Trim()).Distinct().ToList();
            var unknown = events.Where(e => e != "*" && !WebhookPublisher.Events.Contains(e)).ToList();
            if (unknown.Count > 0)
            {
                throw ApiProblemException.BadRequest($"unknown events {string.Join(", ", unknown)}; the events are {string.Join(", ", WebhookPublisher.Events)} (or * for all)");
            }

            var endpoint = new WebhookEndpoint { Id = Ids.New("wh"), WorkspaceId = user.WorkspaceId(), Url = url.ToString(), Secret = "whsec_" + Ids.Secret(), Events = string.Join(',', events), CreatedAt = DateTime.UtcNow };
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/v1/webhooks/{endpoint.Id}", new WebhookDto(endpoint.Id, endpoint.Url, events, endpoint.CreatedAt, endpoint.Secret));
        }).WithSummary("Add an endpoint; the response carries its signing secret");
        hooks.MapDelete("/{id}", async (string id, ClaimsPrincipal user, TalkieDb db, CancellationToken ct) =>
        {
            var workspace = user.WorkspaceId();
            var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id && e.WorkspaceId == workspace, ct) ?? throw ApiProblemException.NotFound("webhook", id);
            db.WebhookEndpoints.Remove(endpoint);
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        }).WithSummary("Remove an endpoint");
        hooks.MapGet("/deliveries", async (ClaimsPrincipal user, TalkieDb db, CancellationToken ct) =>
        {
            var workspace = user.WorkspaceId();
            var rows = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WorkspaceId == workspace).OrderByDescending(d => d.CreatedAt).Take(200).ToListAsync(ct);
            return TypedResults.Ok(rows.Select(d => new DeliveryDto(d.Id, d.EndpointId, d.Event, d.Status, d.Attempts, d.LastStatusCode, d.LastError, d.CreatedAt, d.LastAttemptAt)));
        }).WithSummary("The delivery log: each event sent, its attempts and the last answer");

        var workspaces = v1.MapGroup("/workspaces").WithTags("Workspaces");
        workspaces.MapGet("/current", async (ClaimsPrincipal user, TalkieDb db, CancellationToken ct) =>
        {
            var workspace = user.WorkspaceId();
            var w = await db.Workspaces.AsNoTracking().FirstAsync(x => x.Id == workspace, ct);
            return TypedResults.Ok(new WorkspaceDto(w.Id, w.Name, w.Plan, w.CreatedAt));
        }).WithSummary("The key's workspace");
        workspaces.MapPost("/", async (CreateWorkspaceRequest request, TalkieDb db, ApiKeyService keysService, IOptions<ServerOptions> options, CancellationToken ct) =>
        {
            var name = request.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 80)
            {
                throw ApiProblemException.BadRequest("give the workspace a \"name\" of 1 to 80 characters");
            }

            // Stored as the plans are configured ("PRO" is "pro").
            var plan = options.Value.Plans.Keys.FirstOrDefault(k => string.Equals(k, request.Plan ?? options.Value.DefaultPlan, StringComparison.OrdinalIgnoreCase))
                ?? throw ApiProblemException.BadRequest($"unknown plan '{request.Plan}'; the plans are {string.Join(", ", options.Value.Plans.Keys)}");

            var workspace = new Workspace { Id = Ids.New("ws"), Name = name, Plan = plan, CreatedAt = DateTime.UtcNow };
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync(ct);
            var key = await keysService.IssueAsync(workspace.Id, "first key", admin: false, null, ct);
            return TypedResults.Created($"/v1/workspaces/{workspace.Id}", new WorkspaceDto(workspace.Id, workspace.Name, workspace.Plan, workspace.CreatedAt, key.Key));
        }).RequireAuthorization(ServerHost.AdminPolicy).WithSummary("Make a workspace with its first key (administrators)");
    }

    // A form's yes/no field: absent is no; anything but true or false is a 400 naming the field.
    private static bool Flag(IReadOnlyDictionary<string, string> fields, string name)
    {
        if (!fields.TryGetValue(name, out var value) || value.Length == 0)
        {
            return false;
        }

        return bool.TryParse(value, out var flag)
            ? flag
            : throw ApiProblemException.BadRequest($"'{name}' must be true or false, not '{value}'");
    }

    private static async Task<IResult> VideoFileAsync(string id, ClaimsPrincipal user, VideoService service, BlobStore blobs, Func<VideoRecord, string?> blob, string type, string extension, CancellationToken ct)
    {
        var video = await service.FindAsync(user.WorkspaceId(), id, ct);
        if (video.Status != JobStatus.Succeeded || blob(video) is not { } hash)
        {
            // Only a finished render has files: nothing partial is ever served.
            throw ApiProblemException.Conflict(video.Status == JobStatus.Succeeded ? "this video has no such file (captions were turned off)" : $"the video is {video.Status}; its files can be downloaded once it has succeeded");
        }

        return TypedResults.PhysicalFile(blobs.PathOf(hash), type, video.Id + extension, enableRangeProcessing: true);
    }

    // Job status is what clients poll most: its query is compiled once.
    private static readonly Func<TalkieDb, string, string, CancellationToken, Task<JobRecord?>> JobById =
        EF.CompileAsyncQuery((TalkieDb db, string id, string workspace, CancellationToken ct) => db.Jobs.AsNoTracking().FirstOrDefault(j => j.Id == id && j.WorkspaceId == workspace));

    private static async Task<JobRecord> FindJobAsync(TalkieDb db, ClaimsPrincipal user, string id, CancellationToken ct)
        => await JobById(db, id, user.WorkspaceId(), ct) ?? throw ApiProblemException.NotFound("job", id);

    private static JobDto ToDto(JobRecord j) => new(j.Id, j.Kind, j.TargetId, j.Status, j.Stage, j.Percent, j.Attempts, j.Error, Math.Round(j.ComputeSeconds, 2), j.CreatedAt, j.StartedAt, j.CompletedAt);

    private static object ToDto(LocalizationProject p) => new
    {
        p.From,
        p.To,
        p.Voice,
        p.Duration,
        Timing = p.Timing.ToString().ToLowerInvariant(),
        Segments = p.Segments.Select(s => new { s.Id, s.Start, s.End, s.Source, s.Target }),
    };
}
