using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Talkie.Server.Data;

namespace Talkie.Server.Storage;

/// <summary>An upload that is too large, empty, or not a kind of media the endpoint takes.</summary>
public sealed class UploadRejectedException(string message, int statusCode) : Exception(message)
{
    /// <summary>Gets the HTTP status to answer with (400, 413 or 415).</summary>
    public int StatusCode { get; } = statusCode;
}

/// <summary>
/// Files stored by the SHA-256 of their content under <c>DATA/blobs/ab/abcdef…</c>. A file is written
/// to a temporary name, hashed as it streams, and moved into place only when complete, so a stored
/// name always holds a whole file and two uploads of the same bytes are stored once.
/// </summary>
public sealed class BlobStore
{
    private readonly string _root;
    private readonly string _temp;

    /// <summary>Creates the store in the data folder.</summary>
    public BlobStore(IOptions<ServerOptions> options)
    {
        var data = options.Value.DataDirectory;
        _root = Path.Combine(data, "blobs");
        _temp = Path.Combine(data, "tmp");
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_temp);
    }

    /// <summary>Gets the folder for temporary files (the same disk as the store, so moves are atomic).</summary>
    public string TempDirectory => _temp;

    /// <summary>Returns the path of a stored file.</summary>
    public string PathOf(string hash)
    {
        if (hash.Length != 64 || hash.AsSpan().IndexOfAnyExcept("0123456789abcdef") >= 0)
        {
            throw new ArgumentException("not a SHA-256 in hex", nameof(hash));
        }

        return Path.Combine(_root, hash[..2], hash);
    }

    /// <summary>Stores a stream: at most <paramref name="maxBytes"/>, of one of the <paramref name="accepted"/> kinds (judged by content).</summary>
    /// <exception cref="UploadRejectedException">Empty, too large, or of another kind.</exception>
    public async Task<BlobRecord> PutAsync(Stream content, long maxBytes, IReadOnlyCollection<MediaKind> accepted, string what, TalkieDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(accepted);
        var temp = Path.Combine(_temp, $"upload-{Guid.NewGuid():N}");
        try
        {
            long size = 0;
            var head = new byte[ContentSniffer.HeadLength];
            var headLength = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    size += read;
                    CheckSize(size, maxBytes, what);

                    if (headLength < head.Length)
                    {
                        var take = Math.Min(read, head.Length - headLength);
                        Array.Copy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            if (size == 0)
            {
                throw new UploadRejectedException($"the {what} is empty (0 bytes); send the file's content", StatusCodes.Status400BadRequest);
            }

            var (type, kind) = ContentSniffer.Detect(head.AsSpan(0, headLength));
            if (!accepted.Contains(kind))
            {
                var wanted = string.Join(" or ", accepted.Select(k => k.ToString().ToLowerInvariant()));
                throw new UploadRejectedException(
                    $"the {what} is not {("aeiou".Contains(wanted[0], StringComparison.Ordinal) ? "an" : "a")} {wanted} file (its content reads as {(kind == MediaKind.Unknown ? "an unknown format" : type)}); send {Formats(accepted)}",
                    StatusCodes.Status415UnsupportedMediaType);
            }

            return await CommitAsync(temp, Convert.ToHexStringLower(hash.GetHashAndReset()), size, type, db, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Stores a finished file (moved into the store; the path is gone afterwards).</summary>
    public async Task<BlobRecord> PutFileAsync(string path, string contentType, TalkieDb db, CancellationToken cancellationToken)
    {
        var hash = await Media.FileHash.Sha256Async(path, cancellationToken).ConfigureAwait(false);
        var size = new FileInfo(path).Length;
        try
        {
            return await CommitAsync(path, hash, size, contentType, db, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            TryDelete(path);
        }
    }

    /// <summary>How long a stored file nothing refers to is kept: the request or job that stored it saves its record just after.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Deletes stored files no record refers to any more, but for those stored in the last <see cref="FreshFor"/>:
    /// an upload's record and a render's video are saved just after their file, and a collection in between
    /// (any DELETE starts one) removed the file of a render that had just finished.
    /// </summary>
    public async Task<int> CollectAsync(TalkieDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var used = new HashSet<string>(StringComparer.Ordinal);
        used.UnionWith(await db.Avatars.Select(a => a.SourceBlob).ToListAsync(cancellationToken).ConfigureAwait(false));
        used.UnionWith(await db.Uploads.Select(u => u.Blob).ToListAsync(cancellationToken).ConfigureAwait(false));
        used.UnionWith(await db.Localizations.Select(l => l.SourceBlob).ToListAsync(cancellationToken).ConfigureAwait(false));
        used.UnionWith((await db.Localizations.Select(l => l.VideoBlob).ToListAsync(cancellationToken).ConfigureAwait(false)).OfType<string>());
        foreach (var v in await db.Videos.Select(v => new { v.VideoBlob, v.VttBlob, v.SrtBlob }).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            used.UnionWith(new[] { v.VideoBlob, v.VttBlob, v.SrtBlob }.OfType<string>());
        }

        var cutoff = DateTime.UtcNow - FreshFor;
        var unused = await db.Blobs.Where(b => !used.Contains(b.Hash) && b.CreatedAt < cutoff).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var blob in unused)
        {
            TryDelete(PathOf(blob.Hash));
        }

        db.Blobs.RemoveRange(unused);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return unused.Count;
    }

    private async Task<BlobRecord> CommitAsync(string temp, string hash, long size, string type, TalkieDb db, CancellationToken cancellationToken)
    {
        var final = PathOf(hash);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        if (!File.Exists(final))
        {
            File.Move(temp, final, overwrite: true);
        }

        var record = await db.Blobs.FindAsync([hash], cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            record = new BlobRecord { Hash = hash, Size = size, ContentType = type, CreatedAt = DateTime.UtcNow };
            db.Blobs.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException)
            {
                // The same bytes were stored by another request at the same moment: theirs stands.
                db.Entry(record).State = EntityState.Detached;
                record = await db.Blobs.AsNoTracking().FirstAsync(b => b.Hash == hash, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            // Stored again: fresh again, so a collection does not take it before its new record is saved.
            record.CreatedAt = DateTime.UtcNow;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    private static string Formats(IReadOnlyCollection<MediaKind> kinds) => string.Join(
        "; or ",
        kinds.Select(k => k switch
        {
            MediaKind.Image => "a JPEG, PNG or WebP picture",
            MediaKind.Video => "an MP4, MOV, WebM, MKV or AVI video",
            _ => "a WAV, MP3, M4A, FLAC or Ogg recording",
        }));

    /// <summary>Refuses a file larger than the upload limit before it is read (a browser says how large it is).</summary>
    /// <exception cref="UploadRejectedException">It is larger.</exception>
    public static void CheckSize(long size, long maxBytes, string what)
    {
        if (size > maxBytes)
        {
            throw new UploadRejectedException($"the {what} is larger than the limit of {Describe(maxBytes)}; send a shorter or smaller file", StatusCodes.Status413PayloadTooLarge);
        }
    }

    /// <summary>A size as people read it: "1.5 MiB", "976.6 KiB".</summary>
    internal static string Describe(long bytes) => bytes >= 1 << 20
        ? FormattableString.Invariant($"{bytes / (1024.0 * 1024):0.#} MiB")
        : FormattableString.Invariant($"{bytes / 1024.0:0.#} KiB");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
