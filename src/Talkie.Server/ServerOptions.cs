using System.ComponentModel.DataAnnotations;

namespace Talkie.Server;

/// <summary>The server's settings (<c>Talkie:Server</c>).</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Talkie:Server";

    /// <summary>Gets or sets the folder for the database, stored files and trained avatars; default <c>~/.local/share/talkie/server</c>.</summary>
    public string DataDirectory { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "talkie", "server");

    /// <summary>Gets or sets the largest upload accepted, in bytes (default 512 MiB).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Gets or sets the longest script accepted, in characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxScriptCharacters { get; set; } = 20_000;

    /// <summary>Gets or sets how many jobs run at once in this process (0: none; an API-only node).</summary>
    [Range(0, 64)]
    public int Workers { get; set; } = 1;

    /// <summary>Gets or sets how long a job fetched by a worker that died stays invisible before another worker takes it.</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long a worker's hold on a job lasts without a heartbeat (it beats every few seconds while working).</summary>
    public TimeSpan JobLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how often workers look for queued jobs.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the bound on the cache of intermediate files, in bytes (default 2 GiB).</summary>
    [Range(0, long.MaxValue)]
    public long CacheBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Gets or sets the plan new workspaces get.</summary>
    [Required]
    public string DefaultPlan { get; set; } = "free";

    /// <summary>Gets or sets the plans, by id. <c>free</c> and <c>pro</c> are there unless replaced.</summary>
    public Dictionary<string, PlanOptions> Plans { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["free"] = new PlanOptions { Name = "Free", MonthlyRenderSeconds = 600, MaxHeight = 720, Badge = true, MaxQueuedJobs = 3, RequestsPerMinute = 600 },
        ["pro"] = new PlanOptions { Name = "Pro", MonthlyRenderSeconds = 36_000, MaxHeight = 2160, Badge = false, MaxQueuedJobs = 20, RequestsPerMinute = 6000 },
    };

    /// <summary>Gets or sets how many times a webhook delivery is tried before it is marked failed.</summary>
    [Range(1, 20)]
    public int WebhookAttempts { get; set; } = 6;

    /// <summary>Gets or sets the wait before the first webhook retry; each later wait doubles.</summary>
    public TimeSpan WebhookFirstRetry { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets whether webhooks may go to this machine and private networks (localhost, 10.x, 192.168.x,
    /// link-local addresses…). Off by default: a workspace could otherwise have the server post to services only
    /// it can reach. Turn it on where the receivers are on the same machine or network.
    /// </summary>
    public bool WebhookPrivateAddresses { get; set; }
}

/// <summary>A plan: what a workspace may make in a month.</summary>
public sealed class PlanOptions
{
    /// <summary>Gets or sets the name shown.</summary>
    public string Name { get; set; } = "Plan";

    /// <summary>Gets or sets the seconds of video that may be rendered per calendar month (UTC); test renders do not count.</summary>
    public double MonthlyRenderSeconds { get; set; } = 600;

    /// <summary>Gets or sets the tallest frame allowed (720 for 1280x720).</summary>
    public int MaxHeight { get; set; } = 720;

    /// <summary>Gets or sets a value indicating whether videos carry a visible "made with Talkie" badge.</summary>
    public bool Badge { get; set; } = true;

    /// <summary>Gets or sets how many jobs may wait or run at once (more get 429).</summary>
    public int MaxQueuedJobs { get; set; } = 3;

    /// <summary>Gets or sets how many API requests a key may make per minute (more get 429).</summary>
    public int RequestsPerMinute { get; set; } = 600;
}
