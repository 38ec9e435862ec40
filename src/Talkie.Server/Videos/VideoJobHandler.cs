using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Talkie.Avatars;
using Talkie.Composition;
using Talkie.Server.Api;
using Talkie.Server.Data;
using Talkie.Server.Jobs;
using Talkie.Server.Plans;
using Talkie.Server.Storage;

namespace Talkie.Server.Videos;

/// <summary>Renders a queued video with the core's producer and stores the MP4 and captions.</summary>
public sealed class VideoJobHandler(TalkieDb db, VideoProducer producer, BlobStore blobs, PlanService plans) : IJobHandler
{
    /// <summary>The job kind.</summary>
    public const string JobKind = "video";

    /// <inheritdoc />
    public string Kind => JobKind;

    /// <inheritdoc />
    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var video = await db.Videos.AsNoTracking().FirstOrDefaultAsync(v => v.Id == context.Job.TargetId, cancellationToken).ConfigureAwait(false)
            ?? throw new OperationCanceledException("the video was deleted");
        await SetStatusAsync(video.Id, JobStatus.Running, cancellationToken).ConfigureAwait(false);
        var request = JsonSerializer.Deserialize<CreateVideoRequest>(video.RequestJson, VideoService.Json)!;
        var workspace = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Id == video.WorkspaceId, cancellationToken).ConfigureAwait(false);
        var plan = plans.Plan(workspace.Plan);
        var watermark = video.Test ? "TEST" : video.Preview ? "PREVIEW" : null;
        var scene = VideoService.ToScene(request, video.Width, video.Height, plan.Badge, watermark);

        string? avatarId = request.Avatar;
        string? photo = null;
        var allowSmallFace = false;
        string? presenterVoice = null;
        if (request.Avatar is { } id && id.StartsWith("av_", StringComparison.Ordinal))
        {
            var own = await db.Avatars.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.WorkspaceId == video.WorkspaceId, cancellationToken).ConfigureAwait(false)
                ?? throw new UnknownAvatarException($"the avatar {id} was deleted before this video was made; make the video again with another avatar");
            if (own.Consent == ConsentState.Rejected)
            {
                throw new UnknownAvatarException($"the avatar '{own.Name}' was rejected in the consent review before this video was made; its videos cannot be made");
            }

            avatarId = own.Kind == "trained" ? "trained:" + own.StoreName : null;
            photo = own.Kind == "photo" ? blobs.PathOf(own.SourceBlob) : null;
            allowSmallFace = own.AllowSmallFace;
            presenterVoice = own.Voice;
        }

        string? audio = null;
        if (request.Narration is { } uploadId)
        {
            var upload = await db.Uploads.AsNoTracking().FirstAsync(u => u.Id == uploadId && u.WorkspaceId == video.WorkspaceId, cancellationToken).ConfigureAwait(false);
            audio = blobs.PathOf(upload.Blob);
        }

        var output = Path.Combine(context.WorkDirectory, "video.mp4");
        VideoResult result;
        try
        {
            result = await ProduceAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException && request.Avatar is { } own && own.StartsWith("av_", StringComparison.Ordinal))
        {
            // Its package was removed under the render (the avatar deleted meanwhile): that, not the missing file, is the news.
            if (!await db.Avatars.AsNoTracking().AnyAsync(a => a.Id == own, CancellationToken.None).ConfigureAwait(false))
            {
                throw new UnknownAvatarException($"the avatar {own} was deleted while this video was being made; make the video again with another avatar");
            }

            throw;
        }

        Task<VideoResult> ProduceAsync() => producer.ProduceAsync(
            new VideoRequest
            {
                Script = request.Script,
                AudioPath = audio,
                Transcript = request.Transcript,
                AvatarId = avatarId,
                PhotoPath = photo,
                AllowSmallFace = allowSmallFace,
                VoiceId = request.Voice,
                PresenterVoice = presenterVoice,
                Language = request.Language,
                Scene = scene,
                OutputPath = output,
                Seed = request.Seed,
            },
            new Progress<ProductionProgress>(p => context.Report(Stage(p.Stage), Overall(p))),
            cancellationToken);

        var mp4 = await blobs.PutFileAsync(result.OutputPath, "video/mp4", db, cancellationToken).ConfigureAwait(false);
        var vtt = result.WebVttPath is { } v && File.Exists(v) ? await blobs.PutFileAsync(v, "text/vtt", db, cancellationToken).ConfigureAwait(false) : null;
        var srt = result.SrtPath is { } s && File.Exists(s) ? await blobs.PutFileAsync(s, "application/x-subrip", db, cancellationToken).ConfigureAwait(false) : null;
        var seconds = result.Duration.TotalSeconds;
        return new JobOutcome(
            seconds,
            video.Test,
            commit =>
            {
                var row = commit.Videos.FirstOrDefault(x => x.Id == video.Id);
                if (row is null)
                {
                    return;
                }

                row.Status = JobStatus.Succeeded;
                row.VideoBlob = mp4.Hash;
                row.VttBlob = vtt?.Hash;
                row.SrtBlob = srt?.Hash;
                row.DurationSeconds = Math.Round(seconds, 3);
                row.CompletedAt = DateTime.UtcNow;
            },
            ("video.succeeded", new { video.Id, video.Title, Status = JobStatus.Succeeded, Duration = Math.Round(seconds, 3), Download = $"/v1/videos/{video.Id}/download" }));
    }

    /// <inheritdoc />
    public void Fail(TalkieDb db, JobRecord job, string status, string? error)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(job);
        var row = db.Videos.FirstOrDefault(x => x.Id == job.TargetId);
        if (row is not null)
        {
            row.Status = status;
            row.Error = error;
            row.CompletedAt = DateTime.UtcNow;
        }
    }

    private async Task SetStatusAsync(string id, string status, CancellationToken cancellationToken)
        => await db.Videos.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, status), cancellationToken).ConfigureAwait(false);

    private static string Stage(ProductionStage stage) => stage switch
    {
        ProductionStage.Preparing => "preparing",
        ProductionStage.Speaking => "speaking",
        ProductionStage.Rendering => "rendering",
        _ => "finishing",
    };

    private static double Overall(ProductionProgress p) => p.Stage switch
    {
        ProductionStage.Preparing => 0.05 * p.Fraction,
        ProductionStage.Speaking => 0.05 + (0.15 * p.Fraction),
        ProductionStage.Rendering => 0.20 + (0.75 * p.Fraction),
        _ => 0.95 + (0.05 * p.Fraction),
    };
}
