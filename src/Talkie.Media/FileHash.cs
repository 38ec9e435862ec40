using System.Security.Cryptography;

namespace Talkie.Media;

/// <summary>Content hashes of files (what a cache or a package records of its source).</summary>
public static class FileHash
{
    /// <summary>The SHA-256 of a file's content, as lower-case hex.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
    }
}
