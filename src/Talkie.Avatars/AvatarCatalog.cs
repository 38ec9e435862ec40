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
    private readonly IReadOnlyList<IAvatar> _avatars = StockLooks.All.Select(l => (IAvatar)new StockAvatar(l)).ToList();

    /// <summary>Gets every avatar.</summary>
    public IReadOnlyList<IAvatar> Avatars => _avatars;

    /// <summary>Gets the avatar used when none is named.</summary>
    public IAvatar Default => _avatars[0];

    /// <summary>Finds an avatar by id: <c>stock:ava</c>, or just <c>ava</c>.</summary>
    /// <exception cref="UnknownAvatarException">No avatar has that id.</exception>
    public IAvatar Resolve(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return Default;
        }

        var wanted = id.Trim();
        var found = _avatars.FirstOrDefault(a => string.Equals(a.Id, wanted, StringComparison.OrdinalIgnoreCase))
            ?? _avatars.FirstOrDefault(a => string.Equals(a.Id.Split(':')[1], wanted, StringComparison.OrdinalIgnoreCase));
        return found ?? throw new UnknownAvatarException(
            $"unknown avatar '{wanted}'; the avatars are {string.Join(", ", _avatars.Select(a => a.Id))} (run `talkie avatars`)");
    }
}
