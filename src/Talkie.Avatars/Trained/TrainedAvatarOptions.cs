using System.ComponentModel.DataAnnotations;

namespace Talkie.Avatars.Trained;

/// <summary>Settings of avatars trained from footage (<c>Talkie:Avatars:Trained</c>).</summary>
public sealed class TrainedAvatarOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Talkie:Avatars:Trained";

    /// <summary>
    /// Gets or sets where trained avatars are stored, one folder per avatar. Defaults to
    /// <c>$XDG_DATA_HOME/talkie/avatars</c> or <c>~/.local/share/talkie/avatars</c>.
    /// </summary>
    [Required]
    public string Directory { get; set; } = DefaultDirectory();

    /// <summary>Gets or sets the shortest footage (seconds) that is trained.</summary>
    [Range(1, 60)]
    public double MinimumSeconds { get; set; } = 3;

    /// <summary>Gets or sets the footage length (seconds) below which training warns that the avatar will repeat itself.</summary>
    [Range(1, 600)]
    public double RecommendedSeconds { get; set; } = 30;

    /// <summary>Gets or sets the longest footage (seconds) that is trained.</summary>
    [Range(10, 3600)]
    public double MaximumSeconds { get; set; } = 600;

    /// <summary>Gets or sets the longest side (pixels) footage is stored at; larger footage is scaled down.</summary>
    [Range(320, 3840)]
    public int MaxSide { get; set; } = 1280;

    /// <summary>
    /// Gets or sets the highest frame rate footage is stored at; faster footage keeps one frame in two (or three,
    /// or four) so its motion stays even: 60 fps becomes 30, 50 becomes 25. A presenter is made at 25 or 30 fps,
    /// and each stored frame is tracked, cut and stored, so 60 fps would double training's work for nothing seen.
    /// </summary>
    [Range(10, 60)]
    public int MaxFrameRate { get; set; } = 30;

    /// <summary>Gets or sets the share of frames that may lack the face (or show a second person) before training refuses.</summary>
    [Range(0, 0.5)]
    public double MaxFramesWithoutFace { get; set; } = 0.05;

    private static string DefaultDirectory()
    {
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(data))
        {
            data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(data, "talkie", "avatars");
    }
}
