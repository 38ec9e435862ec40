using System.Security.Cryptography;

namespace Talkie.Server.Accounts;

/// <summary>Random ids and secrets: a prefix naming the kind, then lower-case base32 of random bytes.</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>Returns a new id such as <c>vid_k3j5…</c> (80 random bits).</summary>
    public static string New(string prefix) => $"{prefix}_{Random(10)}";

    /// <summary>Returns a secret of 160 random bits.</summary>
    public static string Secret() => Random(20);

    /// <summary>Gets a value indicating whether <paramref name="id"/> has the shape of an id of this kind (checked before any lookup).</summary>
    public static bool IsWellFormed(string? id, string prefix)
        => id is not null && id.Length == prefix.Length + 17 && id.StartsWith(prefix + "_", StringComparison.Ordinal)
           && id.AsSpan(prefix.Length + 1).IndexOfAnyExcept(Alphabet) < 0;

    private static string Random(int bytes)
    {
        Span<byte> data = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(data);
        var chars = new char[bytes * 8 / 5];
        int buffer = 0, bits = 0, at = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[at++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        return new string(chars, 0, at);
    }
}
