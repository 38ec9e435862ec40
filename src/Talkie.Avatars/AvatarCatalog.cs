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

    /// <summary>Gets every avatar: stock first, then trained ones by name.</summary>
    public IReadOnlyList<IAvatar> Avatars => [.. _stock, .. StoredAvatars()];

    /// <summary>Gets the avatar used when none is named.</summary>
    public IAvatar Default => _stock[0];

    /// <summary>Finds an avatar by id: <c>stock:ava</c>, <c>trained:maria</c>, or just <c>ava</c> or <c>maria</c>.</summary>
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

        var name = wanted.StartsWith("trained:", StringComparison.OrdinalIgnoreCase) ? wanted["trained:".Length..] : wanted;
        var plain = name.Length < wanted.Length || !wanted.Contains(':', StringComparison.Ordinal);
        if (_store is not null && _decoder is not null && plain && Trained.AvatarStore.IsValidName(name) && _store.Exists(name))
        {
            var (manifest, model, folder) = _store.Open(name);
            return new Trained.TrainedAvatar(manifest, model, folder, _decoder);
        }

        throw new UnknownAvatarException(
            $"unknown avatar '{wanted}'; the avatars are {string.Join(", ", Avatars.Select(a => a.Id))} (run `talkie avatars`; train your own with `talkie avatar train VIDEO --name NAME`)");
    }

    private IEnumerable<IAvatar> StoredAvatars()
    {
        if (_store is null || _decoder is null)
        {
            return [];
        }

        return _store.List().Select(m => (IAvatar)new ListedAvatar(m));
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
