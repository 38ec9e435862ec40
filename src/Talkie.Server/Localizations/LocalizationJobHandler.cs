using Microsoft.EntityFrameworkCore;
using Talkie.Localization;
using Talkie.Server.Data;
using Talkie.Server.Jobs;
using Talkie.Server.Storage;

namespace Talkie.Server.Localizations;

/// <summary>The two jobs of a dub: hear and translate (then wait for review), and render the reviewed project.</summary>
public sealed class LocalizationJobHandler(TalkieDb db, Localizer localizer, BlobStore blobs) : IJobHandler
{
    /// <summary>The first job: listen and translate.</summary>
    public const string ReviewKind = "localization.review";

    /// <summary>The second job: voice, re-sync and render.</summary>
    public const string RenderKind = "localization.render";

    /// <inheritdoc />
    public string Kind => ReviewKind;

    /// <inheritdoc />
    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken) => RunAsync(context, review: true, cancellationToken);

    /// <inheritdoc />
    public void Fail(TalkieDb db, JobRecord job, string status, string? error)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(job);
        var row = db.Localizations.FirstOrDefault(l => l.Id == job.TargetId);
        if (row is not null)
        {
            row.Status = status;
            row.Error = error;
        }
    }

    internal async Task<JobOutcome> RunAsync(JobContext context, bool review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = await db.Localizations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == context.Job.TargetId, cancellationToken).ConfigureAwait(false)
            ?? throw new OperationCanceledException("the localization was deleted");
        await db.Localizations.Where(l => l.Id == record.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, review ? "translating" : "rendering"), cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(record.Folder!);
        var source = Path.Combine(record.Folder!, "source.mp4");
        if (!File.Exists(source))
        {
            File.CreateSymbolicLink(source, blobs.PathOf(record.SourceBlob));
        }

        // The localizer keeps its finished stages beside the output, so a restarted job resumes.
        var output = Path.Combine(record.Folder!, "dub.mp4");
        var result = await localizer.LocalizeAsync(
            new LocalizationRequest
            {
                VideoPath = review ? source : null,
                ProjectPath = review ? null : LocalizationService.ProjectPath(record),
                OutputPath = output,
                From = record.From,
                To = record.To,
                Review = review,
            },
            new Progress<LocalizationProgress>(p => context.Report(p.Stage.ToString().ToLowerInvariant(), Overall(p, review))),
            cancellationToken).ConfigureAwait(false);

        if (review)
        {
            if (result.Project != LocalizationService.ProjectPath(record))
            {
                File.Move(result.Project, LocalizationService.ProjectPath(record), overwrite: true);
            }

            return new JobOutcome(
                0,
                false,
                commit => SetStatus(commit, record.Id, "review", null),
                ("localization.review", new { record.Id, record.From, record.To, Status = "review", Segments = result.Report.Segments, Project = $"/v1/localizations/{record.Id}/project" }));
        }

        var mp4 = await blobs.PutFileAsync(result.Video!, "video/mp4", db, cancellationToken).ConfigureAwait(false);
        return new JobOutcome(
            result.Report.Duration.TotalSeconds,
            false,
            commit => SetStatus(commit, record.Id, JobStatus.Succeeded, mp4.Hash),
            ("localization.succeeded", new { record.Id, record.From, record.To, Status = JobStatus.Succeeded, Download = $"/v1/localizations/{record.Id}/download" }));
    }

    private static void SetStatus(TalkieDb db, string id, string status, string? blob)
    {
        var row = db.Localizations.FirstOrDefault(l => l.Id == id);
        if (row is not null)
        {
            row.Status = status;
            row.VideoBlob = blob ?? row.VideoBlob;
        }
    }

    private static double Overall(LocalizationProgress p, bool review)
    {
        var stages = review ? new[] { LocalizationStage.Checking, LocalizationStage.Listening, LocalizationStage.Translating } : Enum.GetValues<LocalizationStage>();
        var at = Math.Max(0, Array.IndexOf(stages, p.Stage));
        return (at + p.Fraction) / stages.Length;
    }
}

/// <summary>The render job of a dub (the same handler, second phase).</summary>
public sealed class LocalizationRenderJobHandler(LocalizationJobHandler inner) : IJobHandler
{
    /// <inheritdoc />
    public string Kind => LocalizationJobHandler.RenderKind;

    /// <inheritdoc />
    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken) => inner.RunAsync(context, review: false, cancellationToken);

    /// <inheritdoc />
    public void Fail(TalkieDb db, JobRecord job, string status, string? error) => inner.Fail(db, job, status, error);
}
