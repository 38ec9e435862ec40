using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Talkie.Avatars.Photo;

namespace Talkie.Avatars.Trained;

/// <summary>
/// The stored avatars on disk: one folder per avatar under <see cref="TrainedAvatarOptions.Directory"/>,
/// a trained avatar's package or a named photo avatar (<see cref="PhotoManifestFile"/> and the portrait).
/// A package is written into a hidden folder and renamed into place only when complete, so a failed or
/// cancelled training leaves nothing behind, and a reader never sees half an avatar.
/// </summary>
public sealed partial class AvatarStore
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>The footage's file name.</summary>
    public const string FootageFile = "footage.mp4";

    /// <summary>The mouth crops' file name.</summary>
    public const string MouthsFile = "mouths.mp4";

    /// <summary>The per-frame face mesh's file name.</summary>
    public const string FacesFile = "faces.bin";

    /// <summary>The loop thumbnails' file name.</summary>
    public const string ThumbnailsFile = "thumbnails.bin";

    /// <summary>The learned model's file name.</summary>
    public const string ModelFile = "model.json";

    /// <summary>The description of a photo avatar's package (beside its portrait).</summary>
    public const string PhotoManifestFile = "photo.json";

    // A package being written holds this file open, unshared (.NET takes an advisory lock on it on Linux), until it
    // is renamed into place or abandoned: a hidden folder whose lock can be taken was left by a writer that died,
    // one whose lock cannot is another training's, still running (in this process or another).
    private const string WritingFile = ".writing";

    // The locks this process holds, by package folder.
    private static readonly ConcurrentDictionary<string, FileStream> Writing = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        IncludeFields = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly TrainedAvatarOptions _options;

    /// <summary>Creates the store.</summary>
    public AvatarStore(IOptions<TrainedAvatarOptions> options) => _options = options.Value;

    /// <summary>Gets the folder avatars live in.</summary>
    public string Directory => _options.Directory;

    /// <summary>Gets whether <paramref name="name"/> can name an avatar (see <see cref="CheckName"/>).</summary>
    public static bool IsValidName(string? name) => NamePattern().IsMatch(name?.Trim().ToLowerInvariant() ?? string.Empty);

    /// <summary>Checks a name and returns it in its stored form (lower case).</summary>
    /// <exception cref="InvalidInputException">The name is empty, too long or has characters other than letters, digits and dashes.</exception>
    public static string CheckName(string? name)
    {
        var trimmed = name?.Trim().ToLowerInvariant() ?? string.Empty;
        if (!IsValidName(trimmed))
        {
            throw new InvalidInputException($"'{name}' cannot name an avatar; use 1–40 letters, digits and dashes, starting with a letter or digit (e.g. --name maria-office)");
        }

        return trimmed;
    }

    /// <summary>
    /// Checks the name of a new avatar: a valid name (see <see cref="CheckName"/>) that no stock presenter
    /// has, since <c>create --avatar NAME</c> finds the stock presenter first.
    /// </summary>
    /// <exception cref="InvalidInputException">The name is not valid, or a stock presenter's.</exception>
    public static string CheckNewName(string? name)
    {
        var stored = CheckName(name);
        if (StockLooks.All.Any(look => string.Equals(look.Id, stored, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidInputException($"'{stored}' is the name of a stock presenter (--avatar {stored} shows stock:{stored}); choose another name, e.g. {stored}-me");
        }

        return stored;
    }

    /// <summary>Lists the complete avatars (folders with a readable manifest of this schema), by name.</summary>
    public IReadOnlyList<AvatarManifest> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var found = new List<AvatarManifest>();
        foreach (var folder in System.IO.Directory.EnumerateDirectories(Directory))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('.') || !NamePattern().IsMatch(name))
            {
                continue;
            }

            if (TryReadManifest(folder) is { } manifest)
            {
                found.Add(manifest);
            }
        }

        return [.. found.OrderBy(m => m.Name, StringComparer.Ordinal)];
    }

    /// <summary>Lists the stored photo avatars (folders with a readable <see cref="PhotoManifestFile"/>), by name.</summary>
    public IReadOnlyList<StoredPhotoAvatar> ListPhotos()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return [.. System.IO.Directory.EnumerateDirectories(Directory)
            .Where(folder => NamePattern().IsMatch(Path.GetFileName(folder)))
            .Select(TryReadPhoto)
            .OfType<StoredPhotoAvatar>()
            .OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>Finds a stored photo avatar by name, or null when no photo avatar has that name.</summary>
    public StoredPhotoAvatar? FindPhoto(string name)
        => IsValidName(name) && System.IO.Directory.Exists(PathOf(name)) ? TryReadPhoto(PathOf(name)) : null;

    /// <summary>Writes a photo avatar's description (last) into a package being written, then renames it into place.</summary>
    public string CommitPhoto(string partial, StoredPhotoAvatar photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        File.WriteAllText(Path.Combine(partial, PhotoManifestFile), JsonSerializer.Serialize(photo, Json));
        return MoveIntoPlace(partial, photo.Name);
    }

    /// <summary>Gets whether an avatar of this name exists.</summary>
    public bool Exists(string name) => System.IO.Directory.Exists(PathOf(CheckName(name)));

    /// <summary>Gets the folder of a named avatar.</summary>
    public string PathOf(string name) => Path.Combine(Directory, CheckName(name));

    /// <summary>Opens a stored avatar's manifest and model.</summary>
    /// <exception cref="UnknownAvatarException">No avatar has that name.</exception>
    /// <exception cref="InvalidInputException">The package is from another schema or damaged.</exception>
    public (AvatarManifest Manifest, AvatarModel Model, string Folder) Open(string name)
    {
        var folder = PathOf(name);
        if (!System.IO.Directory.Exists(folder))
        {
            throw new UnknownAvatarException($"no trained avatar is called '{name}'; train one with `talkie avatar train VIDEO --name {CheckName(name)}` (run `talkie avatars` to see them all)");
        }

        var manifest = TryReadManifest(folder)
            ?? throw new InvalidInputException($"the avatar '{name}' in {folder} is damaged or from another version of Talkie (schema {AvatarManifest.CurrentSchema} expected); train it again");
        try
        {
            var model = JsonSerializer.Deserialize<AvatarModel>(File.ReadAllText(Path.Combine(folder, ModelFile)), Json)
                ?? throw new JsonException("empty model");
            if (model.Frames.Count != manifest.FrameCount)
            {
                throw new JsonException("the model does not match the footage");
            }

            return (manifest, model, folder);
        }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException)
        {
            throw new InvalidInputException($"the avatar '{name}' in {folder} is damaged ({ex.Message}); train it again", ex);
        }
    }

    /// <summary>Deletes a stored avatar.</summary>
    /// <exception cref="UnknownAvatarException">No avatar has that name.</exception>
    public void Delete(string name)
    {
        var folder = PathOf(name);
        if (!System.IO.Directory.Exists(folder))
        {
            throw new UnknownAvatarException($"no avatar is called '{name}' (run `talkie avatars` to see them all)");
        }

        // Renamed first, so a delete that fails half-way leaves a hidden folder, not a damaged avatar.
        var doomed = Path.Combine(Directory, $".{Path.GetFileName(folder)}.deleting-{Guid.NewGuid():N}");
        System.IO.Directory.Move(folder, doomed);
        System.IO.Directory.Delete(doomed, recursive: true);
    }

    /// <summary>Starts writing a package: a hidden folder that <see cref="Commit"/> renames into place.</summary>
    /// <exception cref="InvalidInputException">An avatar of that name exists.</exception>
    public string Begin(string name)
    {
        var stored = CheckName(name);
        if (Exists(stored))
        {
            throw new InvalidInputException($"an avatar called '{stored}' exists; choose another --name, or delete it first with `talkie avatar delete {stored}`");
        }

        System.IO.Directory.CreateDirectory(Directory);
        foreach (var stale in System.IO.Directory.EnumerateDirectories(Directory, $".{stored}.partial-*").Where(IsAbandoned))
        {
            TryDelete(stale);
        }

        var partial = Path.Combine(Directory, $".{stored}.partial-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(partial);
        Writing[partial] = new FileStream(Path.Combine(partial, WritingFile), FileMode.CreateNew, FileAccess.Write, FileShare.None);
        return partial;
    }

    /// <summary>Writes the model and the manifest (last) into a package being written, then renames it into place.</summary>
    public string Commit(string partial, AvatarManifest manifest, AvatarModel model)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        File.WriteAllText(Path.Combine(partial, ModelFile), JsonSerializer.Serialize(model, Json));
        File.WriteAllText(Path.Combine(partial, ManifestFile), JsonSerializer.Serialize(manifest, Json));
        return MoveIntoPlace(partial, manifest.Name);
    }

    /// <summary>Removes a package being written (after a failure or a cancel).</summary>
    public static void Abandon(string partial)
    {
        Release(partial);
        TryDelete(partial);
    }

    // Whether a hidden package folder was left by a writer that is gone (its lock is free, or it has none).
    private static bool IsAbandoned(string partial)
    {
        if (Writing.ContainsKey(partial))
        {
            return false;
        }

        try
        {
            using var taken = new FileStream(Path.Combine(partial, WritingFile), FileMode.Open, FileAccess.Write, FileShare.None);
            return true;
        }
        catch (FileNotFoundException)
        {
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Release(string partial)
    {
        if (Writing.TryRemove(partial, out var held))
        {
            held.Dispose();
        }
    }

    private string MoveIntoPlace(string partial, string name)
    {
        var target = PathOf(name);
        if (System.IO.Directory.Exists(target))
        {
            throw new InvalidInputException($"an avatar called '{name}' was made while this one was being made; choose another --name");
        }

        // Moved still locked (so no other training takes it for abandoned), then let go.
        System.IO.Directory.Move(partial, target);
        Release(partial);
        File.Delete(Path.Combine(target, WritingFile));
        return target;
    }

    private static StoredPhotoAvatar? TryReadPhoto(string folder)
    {
        try
        {
            var photo = JsonSerializer.Deserialize<StoredPhotoAvatar>(File.ReadAllText(Path.Combine(folder, PhotoManifestFile)), Json);
            return photo is { Schema: StoredPhotoAvatar.CurrentSchema } && File.Exists(Path.Combine(folder, photo.PortraitFile))
                ? photo with { Folder = folder }
                : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    private static AvatarManifest? TryReadManifest(string folder)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<AvatarManifest>(File.ReadAllText(Path.Combine(folder, ManifestFile)), Json);
            return manifest is { Schema: AvatarManifest.CurrentSchema } ? manifest : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex NamePattern();
}
