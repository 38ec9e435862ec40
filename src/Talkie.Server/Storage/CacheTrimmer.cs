using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Talkie.Server.Data;
using Talkie.Server.Jobs;

namespace Talkie.Server.Storage;

/// <summary>
/// Keeps the intermediate files bounded: the cache folder (voice samples, photo analyses) is cut to
/// <see cref="ServerOptions.CacheBytes"/>, least recently used first, and the work folders of jobs
/// that have ended are removed, and so are stored files nothing refers to (uploads that were refused after
/// they were stored, among them). Runs as a recurring Hangfire job (one node at a time).
/// </summary>
public sealed class CacheTrimmer(TalkieDb db, BlobStore blobs, IOptions<ServerOptions> options, ILogger<CacheTrimmer> logger)
{
    /// <summary>The recurring job's id.</summary>
    public const string JobId = "trim-cache";

    /// <summary>Trims the cache and the work folders; returns the bytes freed.</summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<long> TrimAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        long freed = 0;
        var work = new DirectoryInfo(Path.Combine(settings.DataDirectory, "work"));
        if (work.Exists)
        {
            foreach (var folder in work.GetDirectories())
            {
                var job = await db.Jobs.AsNoTracking().Where(j => j.Id == folder.Name).Select(j => j.Status).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                if (job is null || JobStatus.IsFinal(job))
                {
                    freed += Size(folder);
                    TryDelete(() => folder.Delete(recursive: true));
                }
            }
        }

        var cache = new DirectoryInfo(Path.Combine(settings.DataDirectory, "cache"));
        if (cache.Exists)
        {
            var files = cache.GetFiles("*", SearchOption.AllDirectories)
                .OrderByDescending(f => f.LastAccessTimeUtc > f.LastWriteTimeUtc ? f.LastAccessTimeUtc : f.LastWriteTimeUtc)
                .ToList();
            long kept = 0;
            foreach (var file in files)
            {
                kept += file.Length;
                if (kept > settings.CacheBytes)
                {
                    freed += file.Length;
                    TryDelete(file.Delete);
                }
            }
        }

        await blobs.CollectAsync(db, cancellationToken).ConfigureAwait(false);
        if (freed > 0)
        {
            logger.LogInformation("Trimmed {Bytes} bytes of cache and finished work", freed);
        }

        return freed;
    }

    private static long Size(DirectoryInfo folder)
    {
        try
        {
            return folder.GetFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
