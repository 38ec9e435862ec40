using Microsoft.EntityFrameworkCore;
using Talkie.Avatars.Trained;
using Talkie.Server.Data;
using Talkie.Server.Jobs;
using Talkie.Server.Storage;

namespace Talkie.Server.Avatars;

/// <summary>Trains an avatar from uploaded footage into the server's avatar store.</summary>
public sealed class AvatarJobHandler(TalkieDb db, AvatarTrainer trainer, BlobStore blobs) : IJobHandler
{
    /// <summary>The job kind.</summary>
    public const string JobKind = "avatar";

    /// <inheritdoc />
    public string Kind => JobKind;

    /// <inheritdoc />
    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var avatar = await db.Avatars.AsNoTracking().FirstOrDefaultAsync(a => a.Id == context.Job.TargetId, cancellationToken).ConfigureAwait(false)
            ?? throw new OperationCanceledException("the avatar was deleted");

        // The trainer reads the footage by its content; a name with an extension keeps its messages readable.
        var footage = Path.Combine(context.WorkDirectory, "footage.mp4");
        if (!File.Exists(footage))
        {
            File.CreateSymbolicLink(footage, blobs.PathOf(avatar.SourceBlob));
        }

        var result = await trainer.TrainAsync(
            footage,
            avatar.StoreName!,
            avatar.Language,
            new Progress<TrainingProgress>(p => context.Report(p.Stage.ToString().ToLowerInvariant(), Overall(p))),
            cancellationToken).ConfigureAwait(false);
        var notes = string.Join("; ", result.Manifest.Notes);
        return new JobOutcome(
            0,
            false,
            commit =>
            {
                var row = commit.Avatars.FirstOrDefault(a => a.Id == avatar.Id);
                if (row is not null)
                {
                    row.Status = "ready";
                    row.Error = notes.Length == 0 ? null : notes;
                }
            },
            ("avatar.succeeded", new { avatar.Id, avatar.Name, Status = "ready", Notes = result.Manifest.Notes }));
    }

    /// <inheritdoc />
    public void Fail(TalkieDb db, JobRecord job, string status, string? error)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(job);
        var row = db.Avatars.FirstOrDefault(a => a.Id == job.TargetId);
        if (row is not null)
        {
            row.Status = status == JobStatus.Cancelled ? "cancelled" : "failed";
            row.Error = error;
        }
    }

    private static double Overall(TrainingProgress p) => p.Stage switch
    {
        TrainingStage.Checking => 0.02 * p.Fraction,
        TrainingStage.Tracking => 0.02 + (0.5 * p.Fraction),
        TrainingStage.Listening => 0.52 + (0.2 * p.Fraction),
        TrainingStage.Learning => 0.72 + (0.25 * p.Fraction),
        _ => 0.97 + (0.03 * p.Fraction),
    };
}
