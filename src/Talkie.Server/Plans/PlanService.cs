using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Talkie.Server.Api;
using Talkie.Server.Data;
using Talkie.Server.Jobs;

namespace Talkie.Server.Plans;

/// <summary>What a workspace's plan allows, and what it has used this month.</summary>
public sealed class PlanService(TalkieDb db, IOptions<ServerOptions> options, TimeProvider time)
{
    /// <summary>Returns a plan's settings.</summary>
    public PlanOptions Plan(string id)
        => options.Value.Plans.TryGetValue(id, out var plan) ? plan : options.Value.Plans[options.Value.DefaultPlan];

    /// <summary>Returns the workspace's use this calendar month (UTC).</summary>
    public async Task<UsageDto> UsageAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Id == workspaceId, cancellationToken).ConfigureAwait(false);
        var plan = Plan(workspace.Plan);
        var (start, end) = Period();
        var rows = await db.Usage.AsNoTracking().Where(u => u.WorkspaceId == workspaceId && u.CreatedAt >= start && u.CreatedAt < end)
            .Select(u => new { u.RenderSeconds, u.ComputeSeconds, u.Test }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new UsageDto(
            workspace.Plan,
            plan.Name,
            plan.MonthlyRenderSeconds,
            Math.Round(rows.Where(r => !r.Test).Sum(r => r.RenderSeconds), 2),
            Math.Round(rows.Where(r => r.Test).Sum(r => r.RenderSeconds), 2),
            Math.Round(rows.Sum(r => r.ComputeSeconds), 2),
            rows.Count,
            plan.MaxHeight,
            plan.Badge,
            plan.MaxQueuedJobs,
            start,
            end);
    }

    /// <summary>Checks that a workspace may queue a render whose shorter side is <paramref name="lines"/>: 402 past the month's seconds or above the plan's size, 429 with too many jobs waiting.</summary>
    public async Task CheckRenderAsync(string workspaceId, int lines, bool test, CancellationToken cancellationToken)
    {
        var usage = await UsageAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        if (lines > usage.MaxHeight)
        {
            throw new ApiProblemException(StatusCodes.Status402PaymentRequired, "Plan limit", $"the {usage.PlanName} plan renders up to {usage.MaxHeight}p: a shorter side of at most {usage.MaxHeight} px (e.g. {usage.MaxHeight * 16 / 9}x{usage.MaxHeight}, or {usage.MaxHeight}x{usage.MaxHeight * 16 / 9} upright); choose a smaller size or a larger plan");
        }

        if (!test && usage.RenderSecondsUsed >= usage.MonthlyRenderSeconds)
        {
            throw new ApiProblemException(
                StatusCodes.Status402PaymentRequired,
                "Quota exhausted",
                FormattableString.Invariant($"this month's {usage.MonthlyRenderSeconds:0} render seconds of the {usage.PlanName} plan are used ({usage.RenderSecondsUsed:0.#} s); they renew on {usage.PeriodEnd:yyyy-MM-dd}, or send \"test\": true for a watermarked test render"));
        }

        await CheckQueueAsync(workspaceId, usage.MaxQueuedJobs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks that the workspace has room in the queue (429 otherwise).</summary>
    public async Task CheckQueueAsync(string workspaceId, int? limit, CancellationToken cancellationToken)
    {
        if (limit is null)
        {
            var workspace = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Id == workspaceId, cancellationToken).ConfigureAwait(false);
            limit = Plan(workspace.Plan).MaxQueuedJobs;
        }

        var active = await db.Jobs.CountAsync(j => j.WorkspaceId == workspaceId && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running), cancellationToken).ConfigureAwait(false);
        if (active >= limit)
        {
            throw new ApiProblemException(StatusCodes.Status429TooManyRequests, "Too many jobs", $"{active} jobs of this workspace are waiting or running, the plan's limit; try again when one has finished");
        }
    }

    private (DateTime Start, DateTime End) Period()
    {
        var now = time.GetUtcNow().UtcDateTime;
        var start = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return (start, start.AddMonths(1));
    }
}
