using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Talkie.Server.Accounts;
using Talkie.Server.Data;
using Talkie.Server.Webhooks;

namespace Talkie.Server.Jobs;

/// <summary>Statuses of jobs, videos, avatars and localizations.</summary>
public static class JobStatus
{
    /// <summary>Waiting for a worker.</summary>
    public const string Queued = "queued";

    /// <summary>A worker is on it.</summary>
    public const string Running = "running";

    /// <summary>Done.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Ended with an error.</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled by the user.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Gets a value indicating whether a status is final.</summary>
    public static bool IsFinal(string status) => status is Succeeded or Failed or Cancelled;
}

/// <summary>What a job handler made, to be recorded with the job's end in one transaction.</summary>
/// <param name="RenderSeconds">Seconds of video made (metered against the plan unless <paramref name="Test"/>).</param>
/// <param name="Test">Whether the work was a test render.</param>
/// <param name="Commit">Applies the results to the target's record (the same unit of work as the job's end).</param>
/// <param name="Event">The webhook event to send, with its data.</param>
public sealed record JobOutcome(double RenderSeconds, bool Test, Action<TalkieDb> Commit, (string Name, object Data)? Event);

/// <summary>One kind of background work.</summary>
public interface IJobHandler
{
    /// <summary>Gets the job kind handled.</summary>
    string Kind { get; }

    /// <summary>Does the work. Files made go into <see cref="JobContext.WorkDirectory"/>; nothing is recorded until the outcome is committed.</summary>
    Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken);

    /// <summary>Records a failure or cancellation on the target.</summary>
    void Fail(TalkieDb db, JobRecord job, string status, string? error);
}

/// <summary>A running job as its handler sees it.</summary>
public sealed class JobContext(JobRecord job, string workDirectory, Action<string, double> report)
{
    /// <summary>Gets the job.</summary>
    public JobRecord Job { get; } = job;

    /// <summary>Gets a folder of this job's own (kept across a restart, so work can resume).</summary>
    public string WorkDirectory { get; } = workDirectory;

    /// <summary>Reports the stage and how far the whole job is (0..1).</summary>
    public void Report(string stage, double fraction) => report(stage, fraction);
}

/// <summary>
/// Queues jobs and runs them. Hangfire (durable, in the database) hands a job to a worker; the job's
/// own record holds its progress and a lease that the worker renews while it works. A worker that
/// dies leaves the job in Hangfire's queue, which hands it out again once its invisibility timeout
/// passes; the lease keeps a second worker off a job whose first is still alive. The end of a job
/// (its files, its target's record, its usage) is one transaction that checks the job is not
/// already final, so a job completes exactly once.
/// </summary>
public sealed class JobRunner(
    IServiceScopeFactory scopes,
    IBackgroundJobClient hangfire,
    IOptions<ServerOptions> options,
    ILogger<JobRunner> logger)
{
    private static readonly string WorkerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Creates a job record and queues it (saved with the caller's other changes).</summary>
    public static JobRecord Create(TalkieDb db, string workspaceId, string kind, string targetId)
    {
        ArgumentNullException.ThrowIfNull(db);
        var job = new JobRecord
        {
            Id = Ids.New("job"),
            WorkspaceId = workspaceId,
            Kind = kind,
            TargetId = targetId,
            Status = JobStatus.Queued,
            CreatedAt = DateTime.UtcNow,
        };
        db.Jobs.Add(job);
        return job;
    }

    /// <summary>Asks a job to stop, unless it has already ended; its worker notices within a second.</summary>
    public static Task<int> RequestCancelAsync(TalkieDb db, string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Jobs.Where(j => j.Id == jobId && j.Status != JobStatus.Succeeded && j.Status != JobStatus.Failed && j.Status != JobStatus.Cancelled)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), cancellationToken);
    }

    /// <summary>Hands a saved job to the queue.</summary>
    public void Enqueue(string jobId) => hangfire.Enqueue<JobRunner>(r => r.RunAsync(jobId, CancellationToken.None));

    /// <summary>Runs a job (called by Hangfire; again after a crash).</summary>
    [AutomaticRetry(Attempts = 50, DelaysInSeconds = [5], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(string jobId, CancellationToken shutdown)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TalkieDb>();
        var settings = options.Value;
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == jobId, shutdown).ConfigureAwait(false);
        if (job is null || JobStatus.IsFinal(job.Status))
        {
            return;
        }

        var now = DateTime.UtcNow;
        if (job.LeaseOwner is not null && job.LeaseOwner != WorkerId && job.LeaseUntil > now)
        {
            // Another worker is alive and on it; look again later (Hangfire retries).
            throw new JobLeasedException($"job {jobId} is held by {job.LeaseOwner} until {job.LeaseUntil:O}");
        }

        var handler = scope.ServiceProvider.GetServices<IJobHandler>().First(h => h.Kind == job.Kind);
        if (job.CancelRequested)
        {
            await FinishAsync(db, job, handler, JobStatus.Cancelled, null, null, shutdown).ConfigureAwait(false);
            return;
        }

        job.Status = JobStatus.Running;
        job.Attempts++;
        job.StartedAt ??= now;
        job.LeaseOwner = WorkerId;
        job.LeaseUntil = now + settings.JobLease;
        await db.SaveChangesAsync(shutdown).ConfigureAwait(false);
        logger.LogInformation("Job {Job} ({Kind} {Target}) started, attempt {Attempt}", job.Id, job.Kind, job.TargetId, job.Attempts);

        var work = Path.Combine(settings.DataDirectory, "work", job.Id);
        Directory.CreateDirectory(work);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var clock = Stopwatch.StartNew();
        var progress = new ProgressWriter(scopes, job.Id, WorkerId, settings.JobLease, cancel, logger);
        var context = new JobContext(job, work, progress.Report);
        using var heartbeat = new Timer(_ => progress.Beat(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        try
        {
            var outcome = await handler.RunAsync(context, cancel.Token).ConfigureAwait(false);
            await heartbeat.DisposeAsync().ConfigureAwait(false);
            await progress.DrainAsync().ConfigureAwait(false);
            job.ComputeSeconds += clock.Elapsed.TotalSeconds;
            await FinishAsync(db, job, handler, JobStatus.Succeeded, null, outcome, shutdown).ConfigureAwait(false);
            TryDeleteDirectory(work);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // The server is stopping: the job stays running and is picked up again.
            logger.LogInformation("Job {Job} interrupted by shutdown", job.Id);
            throw;
        }
        catch (OperationCanceledException)
        {
            await heartbeat.DisposeAsync().ConfigureAwait(false);
            await progress.DrainAsync().ConfigureAwait(false);
            job.ComputeSeconds += clock.Elapsed.TotalSeconds;
            await FinishAsync(db, job, handler, JobStatus.Cancelled, null, null, CancellationToken.None).ConfigureAwait(false);
            TryDeleteDirectory(work);
        }
        catch (Exception ex) when (ex is TalkieException or Storage.UploadRejectedException)
        {
            await heartbeat.DisposeAsync().ConfigureAwait(false);
            await progress.DrainAsync().ConfigureAwait(false);
            job.ComputeSeconds += clock.Elapsed.TotalSeconds;
            await FinishAsync(db, job, handler, JobStatus.Failed, Api.ApiWording.ForApi(ex.Message, settings.DataDirectory), null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not JobLeasedException)
        {
            logger.LogError(ex, "Job {Job} failed unexpectedly", job.Id);
            await heartbeat.DisposeAsync().ConfigureAwait(false);
            await progress.DrainAsync().ConfigureAwait(false);
            job.ComputeSeconds += clock.Elapsed.TotalSeconds;
            await FinishAsync(db, job, handler, JobStatus.Failed, "unexpected failure; the server log has the details", null, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task FinishAsync(TalkieDb db, JobRecord job, IJobHandler handler, string status, string? error, JobOutcome? outcome, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var current = await db.Jobs.AsNoTracking().Where(j => j.Id == job.Id).Select(j => new { j.Status, j.CancelRequested }).FirstAsync(cancellationToken).ConfigureAwait(false);
        if (JobStatus.IsFinal(current.Status))
        {
            return;
        }

        if (status == JobStatus.Succeeded && current.CancelRequested)
        {
            // Cancelled at the last moment: what was made is not recorded.
            status = JobStatus.Cancelled;
            outcome = null;
        }

        job.Status = status;
        job.Error = error;
        job.CompletedAt = DateTime.UtcNow;
        job.LeaseOwner = null;
        job.LeaseUntil = null;
        if (status == JobStatus.Succeeded)
        {
            job.Percent = 100;
            job.Stage = "done";
            outcome!.Commit(db);
        }
        else
        {
            job.Stage = status;
            handler.Fail(db, job, status, error);
        }

        db.Usage.Add(new UsageRecord
        {
            JobId = job.Id,
            WorkspaceId = job.WorkspaceId,
            Kind = job.Kind,
            RenderSeconds = outcome?.RenderSeconds ?? 0,
            ComputeSeconds = job.ComputeSeconds,
            Test = outcome?.Test ?? false,
            CreatedAt = DateTime.UtcNow,
        });
        var (name, data) = outcome?.Event ?? ($"{JobEvents.KindEvent(job.Kind)}.{status}", new { job.Id, job.Kind, job.TargetId, Status = status, Error = error });
        var deliveries = WebhookPublisher.Record(db, job.WorkspaceId, name, data);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var delivery in deliveries)
        {
            hangfire.Enqueue<WebhookSender>(s => s.DeliverAsync(delivery, CancellationToken.None));
        }

        logger.LogInformation("Job {Job} {Status}{Error}", job.Id, status, error is null ? string.Empty : ": " + error);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // Writes progress at most every 400 ms and renews the lease; notices a cancel request.
    private sealed class ProgressWriter(IServiceScopeFactory scopes, string jobId, string worker, TimeSpan lease, CancellationTokenSource cancel, ILogger logger)
    {
        private readonly Lock _gate = new();
        private (string Stage, double Fraction)? _pending;
        private Task _writing = Task.CompletedTask;
        private long _lastWrite;

        public void Report(string stage, double fraction)
        {
            lock (_gate)
            {
                _pending = (stage, Math.Clamp(fraction, 0, 1));
            }

            if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastWrite)) > TimeSpan.FromMilliseconds(400))
            {
                Beat();
            }
        }

        public void Beat()
        {
            lock (_gate)
            {
                if (!_writing.IsCompleted)
                {
                    return;
                }

                Interlocked.Exchange(ref _lastWrite, Stopwatch.GetTimestamp());
                var pending = _pending;
                _pending = null;
                _writing = WriteAsync(pending);
            }
        }

        public async Task DrainAsync()
        {
            Task writing;
            lock (_gate)
            {
                writing = _writing;
            }

            await writing.ConfigureAwait(false);
        }

        private async Task WriteAsync((string Stage, double Fraction)? pending)
        {
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<TalkieDb>();

                // One conditional UPDATE, so a write that lands after the job has ended (a late report from
                // work still winding down) changes nothing: reading the status first and saving after left
                // a window in which a finished job got its stage and percent back.
                var open = db.Jobs.Where(j => j.Id == jobId && j.Status != JobStatus.Succeeded && j.Status != JobStatus.Failed && j.Status != JobStatus.Cancelled);
                var until = DateTime.UtcNow + lease;
                var stage = pending?.Stage;
                var percent = Math.Round(Math.Min(99.9, (pending?.Fraction ?? 0) * 100), 1);
                var written = stage is not null
                    ? await open.ExecuteUpdateAsync(s => s
                        .SetProperty(j => j.Stage, stage)
                        .SetProperty(j => j.Percent, percent)
                        .SetProperty(j => j.LeaseOwner, worker)
                        .SetProperty(j => j.LeaseUntil, until)).ConfigureAwait(false)
                    : await open.ExecuteUpdateAsync(s => s
                        .SetProperty(j => j.LeaseOwner, worker)
                        .SetProperty(j => j.LeaseUntil, until)).ConfigureAwait(false);
                if (written > 0 && await open.AnyAsync(j => j.CancelRequested).ConfigureAwait(false))
                {
                    await cancel.CancelAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or ObjectDisposedException)
            {
                logger.LogWarning(ex, "Could not record the progress of job {Job}", jobId);
            }
        }
    }
}

/// <summary>The job is held by another live worker; Hangfire tries again later.</summary>
public sealed class JobLeasedException(string message) : Exception(message);

/// <summary>Event names of job kinds.</summary>
public static class JobEvents
{
    /// <summary>Returns the event prefix of a job kind (<c>video</c>, <c>avatar</c>, <c>localization</c>).</summary>
    public static string KindEvent(string kind) => kind.Split('.')[0];
}
