using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Talkie.Server.Data;

namespace Talkie.Server.Accounts;

/// <summary>A key as it is shown once, at creation.</summary>
/// <param name="Record">The stored key (its secret only as a hash).</param>
/// <param name="Key">The whole key, <c>tk_…</c>: shown once, never stored.</param>
public sealed record IssuedKey(ApiKey Record, string Key);

/// <summary>Why a presented key was refused.</summary>
public enum KeyProblem
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>Not a Talkie key, or unknown, or the secret is wrong.</summary>
    Invalid,

    /// <summary>Revoked.</summary>
    Revoked,

    /// <summary>Past its expiry.</summary>
    Expired,
}

/// <summary>What came of asking to revoke a key.</summary>
public enum RevokeOutcome
{
    /// <summary>Revoked (or it already was).</summary>
    Revoked,

    /// <summary>The workspace has no such key.</summary>
    NotFound,

    /// <summary>An administrator's key, and the asker is not an administrator.</summary>
    AdministratorsOnly,

    /// <summary>The last administrator key still working.</summary>
    LastAdministrator,
}

/// <summary>
/// Issues and checks API keys. A key is <c>tk_</c> + its id's random part + <c>_</c> + a secret; the
/// database keeps the id and the secret's SHA-256 (secrets are 160 random bits, so a plain hash is
/// enough: there is nothing to brute-force as there is with passwords).
/// </summary>
public sealed class ApiKeyService(TalkieDb db, TimeProvider time, IMemoryCache cache)
{
    // A checked key (with its workspace's plan) is remembered briefly, so polling clients do not
    // cost two lookups each. Revoking on this node forgets it at once; on other nodes within this time.
    private static readonly TimeSpan Remember = TimeSpan.FromSeconds(10);

    /// <summary>Issues a key for a workspace.</summary>
    public async Task<IssuedKey> IssueAsync(string workspaceId, string name, bool admin, DateTime? expiresAt, CancellationToken cancellationToken)
    {
        var id = Ids.New("key");
        var secret = Ids.Secret();
        var record = new ApiKey
        {
            Id = id,
            WorkspaceId = workspaceId,
            Name = name,
            SecretHash = Hash(secret),
            IsAdmin = admin,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt,
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new IssuedKey(record, $"tk_{id["key_".Length..]}_{secret}");
    }

    /// <summary>Checks a presented key; returns it with its workspace's plan.</summary>
    public async Task<(ApiKey? Key, string? Plan, KeyProblem Problem)> CheckAsync(string presented, CancellationToken cancellationToken)
    {
        var parts = presented.Trim().Split('_');
        if (parts.Length != 3 || parts[0] != "tk" || !Ids.IsWellFormed("key_" + parts[1], "key") || parts[2].Length != 32)
        {
            return (null, null, KeyProblem.Invalid);
        }

        var id = "key_" + parts[1];
        if (!cache.TryGetValue<(ApiKey Key, string Plan)>(CacheKey(id), out var known))
        {
            var found = await (from k in db.ApiKeys.AsNoTracking()
                               join w in db.Workspaces.AsNoTracking() on k.WorkspaceId equals w.Id
                               where k.Id == id
                               select new { Key = k, w.Plan }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                return (null, null, KeyProblem.Invalid);
            }

            known = (found.Key, found.Plan);
            cache.Set(CacheKey(id), known, Remember);
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(known.Key.SecretHash), Encoding.ASCII.GetBytes(Hash(parts[2]))))
        {
            return (null, null, KeyProblem.Invalid);
        }

        var problem = Problem(known.Key);
        if (problem == KeyProblem.None)
        {
            await TouchAsync(id, cancellationToken).ConfigureAwait(false);
        }

        return (known.Key, known.Plan, problem);
    }

    // "Last used" is kept to the minute: one write per key per minute, not one per request.
    private async Task TouchAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (cache.TryGetValue<DateTime>("talkie:key-used:" + id, out var written) && now - written < TimeSpan.FromMinutes(1))
        {
            return;
        }

        cache.Set("talkie:key-used:" + id, now, TimeSpan.FromMinutes(2));
        await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Revokes a key of a workspace. An administrator's key can be revoked only by an administrator, and
    /// never the last one still working: administrator keys are made only on the server's first start, so
    /// revoking the last would shut everyone out of workspaces, the consent review and the job dashboard.
    /// </summary>
    public async Task<RevokeOutcome> RevokeAsync(string workspaceId, string id, bool byAdministrator, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.WorkspaceId == workspaceId, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return RevokeOutcome.NotFound;
        }

        if (key.IsAdmin && key.RevokedAt is null)
        {
            if (!byAdministrator)
            {
                return RevokeOutcome.AdministratorsOnly;
            }

            var now = time.GetUtcNow().UtcDateTime;
            if (!await db.ApiKeys.AnyAsync(k => k.IsAdmin && k.Id != id && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), cancellationToken).ConfigureAwait(false))
            {
                return RevokeOutcome.LastAdministrator;
            }
        }

        key.RevokedAt ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        cache.Remove(CacheKey(id));
        return RevokeOutcome.Revoked;
    }

    /// <summary>Checks a key already known (a signed-in studio session), by id.</summary>
    public async Task<(ApiKey? Key, KeyProblem Problem)> CheckIdAsync(string id, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken).ConfigureAwait(false);
        return key is null ? (null, KeyProblem.Invalid) : (key, Problem(key));
    }

    private KeyProblem Problem(ApiKey key)
    {
        if (key.RevokedAt is not null)
        {
            return KeyProblem.Revoked;
        }

        return key.ExpiresAt is { } expiry && expiry <= time.GetUtcNow().UtcDateTime ? KeyProblem.Expired : KeyProblem.None;
    }

    private static string CacheKey(string id) => "talkie:key:" + id;

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
