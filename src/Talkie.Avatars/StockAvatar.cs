using Talkie.Speech;

namespace Talkie.Avatars;

/// <summary>A stock presenter drawn by the project.</summary>
public sealed class StockAvatar : IAvatar
{
    /// <summary>Creates the avatar for a look.</summary>
    public StockAvatar(StockLook look) => Look = look;

    /// <summary>Gets the look.</summary>
    public StockLook Look { get; }

    /// <inheritdoc />
    public string Id => "stock:" + Look.Id;

    /// <inheritdoc />
    public string Name => Look.Name;

    /// <inheritdoc />
    public string Kind => "stock";

    /// <inheritdoc />
    public string Description => Look.Description;

    /// <inheritdoc />
    public VoiceGender Gender => Look.Gender;

    /// <inheritdoc />
    public IAvatarRenderer CreateRenderer(AvatarPerformance performance) => new StockAvatarRenderer(Look, performance);
}
