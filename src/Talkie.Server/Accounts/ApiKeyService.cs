using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
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

/// <summary>
/// Issues and checks API keys. A key is <c>tk_</c> + its id's random part + <c>_</c> + a secret; the
/// database keeps the id and the secret's SHA-256 (secrets are 160 random bits, so a plain hash is
/// enough: there is nothing to brute-force as there is with passwords).
/// </summary>
public sealed class ApiKeyService(TalkieDb db, TimeProvider time)
{
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

    /// <summary>Checks a presented key.</summary>
    public async Task<(ApiKey? Key, KeyProblem Problem)> CheckAsync(string presented, CancellationToken cancellationToken)
    {
        var parts = presented.Trim().Split('_');
        if (parts.Length != 3 || parts[0] != "tk" || !Ids.IsWellFormed("key_" + parts[1], "key") || parts[2].Length != 32)
        {
            return (null, KeyProblem.Invalid);
        }

        var id = "key_" + parts[1];
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken).ConfigureAwait(false);
        if (key is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.SecretHash), Encoding.ASCII.GetBytes(Hash(parts[2]))))
        {
            return (null, KeyProblem.Invalid);
        }

        return (key, Problem(key));
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

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
