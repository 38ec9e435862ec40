using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Talkie.Avatars;
using Talkie.Composition;
using Talkie.Server.Accounts;
using Talkie.Server.Api;
using Talkie.Server.Data;
using Talkie.Server.Jobs;
using Talkie.Server.Plans;
using Talkie.Speech;

namespace Talkie.Server.Videos;

/// <summary>Videos of a workspace: checked and queued, listed, shown and deleted. The API and the studio both go through here.</summary>
public sealed class VideoService(TalkieDb db, PlanService plans, JobRunner jobs, AvatarCatalog catalog, VoiceCatalog voices, Microsoft.Extensions.Options.IOptions<ServerOptions> options)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Checks a request (everything a user can get wrong, before any work) and queues the render.</summary>
    public async Task<VideoDto> CreateAsync(string workspaceId, CreateVideoRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hasScript = !string.IsNullOrWhiteSpace(request.Script);
        if (hasScript == !string.IsNullOrWhiteSpace(request.Narration))
        {
            throw ApiProblemException.BadRequest("give either a \"script\" (text or SSML) or a \"narration\" (an upload id from POST /v1/uploads), not both or neither");
        }

        var limit = options.Value.MaxScriptCharacters;
        if (request.Script?.Length > limit)
        {
            throw ApiProblemException.BadRequest($"the script has {request.Script.Length} characters, over the limit of {limit}; split it into several videos");
        }

        if (hasScript && !string.IsNullOrEmpty(request.Transcript))
        {
            throw ApiProblemException.BadRequest("a \"transcript\" gives the words of a \"narration\"; a video made from a \"script\" says the script: leave the transcript out");
        }

        if (request.Transcript?.Length > limit)
        {
            throw ApiProblemException.BadRequest($"the transcript has {request.Transcript.Length} characters, over the limit of {limit}");
        }

        if (request.Title?.Length > 200)
        {
            throw ApiProblemException.BadRequest("the title is longer than 200 characters");
        }

        var presenter = await ResolveAvatarAsync(workspaceId, request.Avatar, cancellationToken).ConfigureAwait(false);

        // A trained avatar brings its own picture: by default the video keeps its footage's shape and rate, and its
        // voice is picked for the person's (the footage's pitch), as the render picks it.
        if (presenter.Own is { Kind: "trained", StoreName: { } store } && catalog.Resolve("trained:" + store) is Talkie.Avatars.Trained.TrainedAvatar trained)
        {
            presenter = presenter with { Gender = trained.Gender };
            var manifest = trained.Manifest;
            request = request with
            {
                Size = request.Size ?? FormattableString.Invariant($"{manifest.Width}x{manifest.Height}"),
                Fps = request.Fps ?? (SceneOptionParser.FrameRates.Contains(manifest.FrameRate) ? manifest.FrameRate : null),
            };
        }

        var (width, height) = SceneOptionParser.ParseSize(string.IsNullOrWhiteSpace(request.Size) ? "1280x720" : request.Size);
        SceneOptionParser.ParseFrameRate(request.Fps ?? 25);
        _ = ToScene(request, width, height, badge: false, watermark: null);
        SpeechScript? script = null;
        if (hasScript)
        {
            script = ScriptParser.Parse(request.Script!, new ScriptLimits());
        }
        else if (!await db.Uploads.AnyAsync(u => u.Id == request.Narration && u.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false))
        {
            throw ApiProblemException.NotFound("upload", request.Narration!);
        }

        if (script is not null)
        {
            var voice = voices.Resolve(request.Voice, request.Language ?? script.Language, presenter.Gender, presenter.Own?.Voice);
            voices.SynthesizerFor(voice).CheckScript(script);
        }
        else if (request.Voice is not null)
        {
            throw ApiProblemException.BadRequest("a \"voice\" speaks a script; with a \"narration\" the recording's own voice is heard: leave \"voice\" out");
        }
        else if (request.Language is not null && !voices.IsLanguage(request.Language))
        {
            throw ApiProblemException.BadRequest($"language '{request.Language}' is not a language code such as en or es");
        }

        // A plan's "720p" is the shorter side: 720x1280 is vertical 720p.
        await plans.CheckRenderAsync(workspaceId, Math.Min(width, height), request.Test, cancellationToken).ConfigureAwait(false);

        var video = new VideoRecord
        {
            Id = Ids.New("vid"),
            WorkspaceId = workspaceId,
            Title = string.IsNullOrWhiteSpace(request.Title) ? TitleFrom(request) : request.Title.Trim(),
            RequestJson = JsonSerializer.Serialize(request, Json),
            Status = JobStatus.Queued,
            JobId = string.Empty,
            Width = width,
            Height = height,
            Test = request.Test,
            Preview = !presenter.CanRender,
            CreatedAt = DateTime.UtcNow,
        };
        var job = JobRunner.Create(db, workspaceId, VideoJobHandler.JobKind, video.Id);
        video.JobId = job.Id;
        db.Videos.Add(video);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        jobs.Enqueue(job.Id);
        return ToDto(video, job);
    }

    /// <summary>Lists the workspace's videos, newest first.</summary>
    public async Task<IReadOnlyList<VideoDto>> ListAsync(string workspaceId, int limit, CancellationToken cancellationToken)
    {
        var videos = new List<VideoDto>();
        await foreach (var row in ListQuery(db, workspaceId, Math.Clamp(limit, 1, 500)).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            videos.Add(ToDto(row.Video, row.Stage, row.Percent));
        }

        return videos;
    }

    // The library is what clients list most: the query is compiled once, and reads only the listed
    // columns (the stored request, a whole script, stays in the database).
    private static readonly Func<TalkieDb, string, int, IAsyncEnumerable<ListedVideo>> ListQuery = EF.CompileAsyncQuery(
        (TalkieDb db, string workspaceId, int limit) =>
            (from v in db.Videos.AsNoTracking()
             join j in db.Jobs.AsNoTracking() on v.JobId equals j.Id
             where v.WorkspaceId == workspaceId
             orderby v.CreatedAt descending
             select new ListedVideo
             {
                 Video = new VideoRecord
                 {
                     Id = v.Id,
                     WorkspaceId = v.WorkspaceId,
                     Title = v.Title,
                     RequestJson = string.Empty,
                     Status = v.Status,
                     JobId = v.JobId,
                     VideoBlob = v.VideoBlob,
                     VttBlob = v.VttBlob,
                     SrtBlob = v.SrtBlob,
                     DurationSeconds = v.DurationSeconds,
                     Width = v.Width,
                     Height = v.Height,
                     Test = v.Test,
                     Preview = v.Preview,
                     Error = v.Error,
                     CreatedAt = v.CreatedAt,
                     CompletedAt = v.CompletedAt,
                 },
                 Stage = j.Stage,
                 Percent = j.Percent,
             }).Take(limit));

    /// <summary>Returns one video of the workspace.</summary>
    public async Task<VideoDto> GetAsync(string workspaceId, string id, CancellationToken cancellationToken)
    {
        var video = await FindAsync(workspaceId, id, cancellationToken).ConfigureAwait(false);
        var job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == video.JobId, cancellationToken).ConfigureAwait(false);
        return ToDto(video, job);
    }

    /// <summary>Finds a video of the workspace (404 otherwise).</summary>
    public async Task<VideoRecord> FindAsync(string workspaceId, string id, CancellationToken cancellationToken)
        => await db.Videos.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false)
           ?? throw ApiProblemException.NotFound("video", id);

    /// <summary>Asks a video's render to stop.</summary>
    public async Task CancelAsync(string workspaceId, string id, CancellationToken cancellationToken)
    {
        var video = await FindAsync(workspaceId, id, cancellationToken).ConfigureAwait(false);
        await JobRunner.RequestCancelAsync(db, video.JobId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a video (cancelling its render if it is still running) and its files.</summary>
    public async Task DeleteAsync(string workspaceId, string id, Storage.BlobStore blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var video = await db.Videos.FirstOrDefaultAsync(v => v.Id == id && v.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound("video", id);
        await JobRunner.RequestCancelAsync(db, video.JobId, cancellationToken).ConfigureAwait(false);
        db.Videos.Remove(video);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await blobs.CollectAsync(db, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves a presenter for a workspace: a stock avatar, or one of its own (404 for another's).</summary>
    public async Task<(string? AvatarId, AvatarRecord? Own, VoiceGender Gender, bool CanRender)> ResolveAvatarAsync(string workspaceId, string? id, CancellationToken cancellationToken)
    {
        if (id is not null && id.StartsWith("av_", StringComparison.Ordinal))
        {
            var own = await db.Avatars.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false)
                ?? throw ApiProblemException.NotFound("avatar", id);
            if (own.Status != "ready")
            {
                throw ApiProblemException.Conflict(own.Status switch
                {
                    "training" => $"the avatar '{own.Name}' is still being trained; use it once it is ready (GET /v1/avatars/{own.Id} shows its progress)",
                    "failed" => $"the avatar '{own.Name}' could not be made{(own.Error is null ? string.Empty : ": " + own.Error)}; delete it and make it again",
                    _ => $"the avatar '{own.Name}' was {own.Status} before it was ready; delete it and make it again",
                });
            }

            if (own.Consent == ConsentState.Rejected)
            {
                throw ApiProblemException.Conflict($"the avatar '{own.Name}' was rejected in the consent review{(own.ConsentNote is { Length: > 0 } note ? $" (\"{note}\")" : string.Empty)}; its videos cannot be made");
            }

            return (null, own, VoiceGender.Unknown, own.Consent == ConsentState.Approved);
        }

        if (id is not null && (id.StartsWith("trained:", StringComparison.OrdinalIgnoreCase) || !id.Contains(':', StringComparison.Ordinal) && !IsStockName(id)))
        {
            // Trained avatars are reached by their av_ id only: a store name would cross workspaces.
            throw new UnknownAvatarException($"unknown avatar '{id}'; use a stock avatar ({string.Join(", ", StockIds())}) or one of this workspace's (av_…, GET /v1/avatars)");
        }

        var stock = catalog.Resolve(id);
        return (stock.Id, null, stock.Gender, true);
    }

    internal IEnumerable<string> StockIds() => catalog.Avatars.Where(a => a.Kind == "stock").Select(a => a.Id);

    private bool IsStockName(string name) => StockIds().Any(s => string.Equals(s.Split(':')[1], name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Builds the scene of a request.</summary>
    internal static SceneSpec ToScene(CreateVideoRequest request, int width, int height, bool badge, string? watermark)
    {
        var scene = new SceneSpec
        {
            Width = width,
            Height = height,
            FrameRate = SceneOptionParser.ParseFrameRate(request.Fps ?? 25),
            Placement = SceneOptionParser.ParsePlacement(request.Placement ?? "full"),
            Captions = SceneOptionParser.ParseCaptions(request.Captions ?? "file"),
            Title = request.Headline,
            Badge = badge ? "made with Talkie" : null,
            Watermark = watermark,
        };
        if (!string.IsNullOrWhiteSpace(request.Background))
        {
            var backdrop = SceneOptionParser.TryParseColor(request.Background.Split('-')[0], out _)
                ? SceneOptionParser.ParseBackdrop(request.Background)
                : throw ApiProblemException.BadRequest($"background '{request.Background}' is not a colour (#1e3a5f, navy) or a gradient (#ffffff-#c8d4e3)");
            scene = scene with { Backdrop = backdrop };
        }

        if (!string.IsNullOrWhiteSpace(request.Accent))
        {
            scene = scene with { Accent = SceneOptionParser.ParseAccent(request.Accent) };
        }

        if (!string.IsNullOrWhiteSpace(request.LowerThird))
        {
            var (name, role) = SceneOptionParser.ParseLowerThird(request.LowerThird);
            scene = scene with { LowerThird = name, LowerThirdSubtitle = role };
        }

        return scene;
    }

    internal static VideoDto ToDto(VideoRecord video, JobRecord job) => ToDto(video, job.Stage, job.Percent);

    private static VideoDto ToDto(VideoRecord video, string stage, double percent)
    {
        var self = $"/v1/videos/{video.Id}";
        var done = video.Status == JobStatus.Succeeded;
        return new VideoDto(
            video.Id,
            video.Title,
            video.Status,
            video.JobId,
            stage,
            percent,
            video.DurationSeconds,
            video.Width,
            video.Height,
            video.Test,
            video.Preview,
            video.Error,
            video.CreatedAt,
            video.CompletedAt,
            new VideoLinks(self, done ? self + "/download" : null, done && video.VttBlob is not null ? self + "/captions.vtt" : null, done && video.SrtBlob is not null ? self + "/captions.srt" : null));
    }

    private static string TitleFrom(CreateVideoRequest request)
    {
        if (request.Script is null)
        {
            return "Narrated video";
        }

        var text = System.Text.RegularExpressions.Regex.Replace(request.Script, "<[^>]*>", " ");
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 60 ? text : text[..57].TrimEnd() + "…";
    }

    private sealed class ListedVideo
    {
        public required VideoRecord Video { get; init; }

        public required string Stage { get; init; }

        public double Percent { get; init; }
    }
}
