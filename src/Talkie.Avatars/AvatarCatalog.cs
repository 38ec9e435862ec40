namespace Talkie.Avatars;

/// <summary>Thrown when an avatar id names nothing.</summary>
public sealed class UnknownAvatarException : InvalidInputException
{
    /// <summary>Creates the exception.</summary>
    public UnknownAvatarException(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public override string Code => "unknown-avatar";
}

/// <summary>The avatars a user can pick.</summary>
public sealed class AvatarCatalog
{
    private readonly IReadOnlyList<IAvatar> _stock = StockLooks.All.Select(l => (IAvatar)new StockAvatar(l)).ToList();
    private readonly Trained.AvatarStore? _store;
    private readonly Media.MediaDecoder? _decoder;

    /// <summary>Creates the catalog: the stock presenters, and the trained avatars in <paramref name="store"/> when given.</summary>
    public AvatarCatalog(Trained.AvatarStore? store = null, Media.MediaDecoder? decoder = null)
    {
        _store = decoder is null ? null : store;
        _decoder = decoder;
    }

    /// <summary>Gets every avatar: stock first, then the stored ones (photo and trained) by name.</summary>
    public IReadOnlyList<IAvatar> Avatars => [.. _stock, .. StoredAvatars()];

    /// <summary>Gets the avatar used when none is named.</summary>
    public IAvatar Default => _stock[0];

    /// <summary>Finds an avatar by id: <c>stock:ava</c>, <c>trained:maria</c>, <c>photo:me</c>, or just <c>ava</c>, <c>maria</c> or <c>me</c>.</summary>
    /// <exception cref="UnknownAvatarException">No avatar has that id.</exception>
    /// <exception cref="InvalidInputException">A trained avatar's package is damaged or from another version.</exception>
    public IAvatar Resolve(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return Default;
        }

        var wanted = id.Trim();
        var found = _stock.FirstOrDefault(a => string.Equals(a.Id, wanted, StringComparison.OrdinalIgnoreCase))
            ?? _stock.FirstOrDefault(a => string.Equals(a.Id.Split(':')[1], wanted, StringComparison.OrdinalIgnoreCase));
        if (found is not null)
        {
            return found;
        }

        if (FindStoredPhoto(wanted) is { } photo)
        {
            return new ListedPhoto(photo);
        }

        var name = wanted.StartsWith("trained:", StringComparison.OrdinalIgnoreCase) ? wanted["trained:".Length..] : wanted;
        var plain = name.Length < wanted.Length || !wanted.Contains(':', StringComparison.Ordinal);
        if (_store is not null && _decoder is not null && plain && Trained.AvatarStore.IsValidName(name) && _store.Exists(name))
        {
            var (manifest, model, folder) = _store.Open(name);
            return new Trained.TrainedAvatar(manifest, model, folder, _decoder);
        }

        throw new UnknownAvatarException(
            $"unknown avatar '{wanted}'; the avatars are {string.Join(", ", Avatars.Select(a => a.Id))} (run `talkie avatars`; train your own with `talkie avatar train VIDEO --name NAME`, or keep a portrait with `talkie avatar photo PORTRAIT --name NAME`)");
    }

    /// <summary>
    /// Finds a photo avatar kept under a name (<c>photo:NAME</c>, or just <c>NAME</c>), or null when
    /// the id names none. A photo avatar is animated from its stored portrait, like <c>--photo</c>.
    /// </summary>
    public Photo.StoredPhotoAvatar? FindStoredPhoto(string? id)
    {
        if (_store is null || string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        // A plain name is a stock presenter's before it is a stored avatar's, as in Resolve.
        var wanted = id.Trim();
        var prefixed = wanted.StartsWith("photo:", StringComparison.OrdinalIgnoreCase);
        var name = prefixed ? wanted["photo:".Length..] : wanted;
        if (!prefixed && (wanted.Contains(':', StringComparison.Ordinal) || _stock.Any(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))))
        {
            return null;
        }

        return _store.FindPhoto(name.ToLowerInvariant());
    }

    private IEnumerable<IAvatar> StoredAvatars()
    {
        if (_store is null || _decoder is null)
        {
            return [];
        }

        return _store.ListPhotos().Select(p => (IAvatar)new ListedPhoto(p))
            .Concat(_store.List().Select(m => (IAvatar)new ListedAvatar(m)))
            .OrderBy(a => a.Name, StringComparer.Ordinal);
    }

    // A photo avatar kept under a name; the video producer animates its portrait (the analysis is asynchronous).
    private sealed class ListedPhoto(Photo.StoredPhotoAvatar photo) : IAvatar
    {
        public string Id => $"photo:{photo.Name}";

        public string Name => photo.Name;

        public string Kind => "photo";

        public string Description => FormattableString.Invariant($"a photo avatar from {photo.SourceFile} ({(photo.Framing == Photo.PhotoFraming.Head ? "head and shoulders" : "the whole photo")}{(photo.Voice is null ? string.Empty : ", voice " + photo.Voice)}, {photo.Created:yyyy-MM-dd})");

        public Speech.VoiceGender Gender => Speech.VoiceGender.Unknown;

        public IAvatarRenderer CreateRenderer(AvatarPerformance performance)
            => throw new InvalidOperationException("a stored photo avatar is animated through its portrait (AvatarCatalog.FindStoredPhoto)");
    }

    // A trained avatar as listed: its manifest only (the model is read when it is used).
    private sealed class ListedAvatar(Trained.AvatarManifest manifest) : IAvatar
    {
        public string Id => $"trained:{manifest.Name}";

        public string Name => manifest.Name;

        public string Kind => "trained";

        public string Description => FormattableString.Invariant($"trained from {manifest.SourceFile} ({manifest.Duration.TotalSeconds:0.#} s, {manifest.Width}x{manifest.Height}@{manifest.FrameRate}, {manifest.Created:yyyy-MM-dd})");

        public Speech.VoiceGender Gender => Speech.VoiceGender.Unknown;

        public IAvatarRenderer CreateRenderer(AvatarPerformance performance)
            => throw new InvalidOperationException("resolve the avatar by its id to render it");
    }
}
