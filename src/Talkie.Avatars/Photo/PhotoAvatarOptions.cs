using System.ComponentModel.DataAnnotations;

namespace Talkie.Avatars.Photo;

/// <summary>Settings of photo avatars (<c>Talkie:Avatars:Photo</c>).</summary>
public sealed class PhotoAvatarOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Talkie:Avatars:Photo";

    /// <summary>
    /// Gets or sets where analyses are cached, one JSON file per photo content hash. Defaults to
    /// <c>$XDG_CACHE_HOME/talkie/photos</c> or <c>~/.cache/talkie/photos</c>.
    /// </summary>
    [Required]
    public string CacheDirectory { get; set; } = DefaultCacheDirectory();

    /// <summary>
    /// Gets or sets the smallest distance between the eyes' centres (pixels in the photo) that is ever
    /// animated. Between this and <see cref="SharpEyeDistance"/> a face is refused unless the caller
    /// allows a small face; then it is animated with a note that the video will look soft.
    /// </summary>
    [Range(16, 1000)]
    public int MinimumEyeDistance { get; set; } = 40;

    /// <summary>
    /// Gets or sets the distance between the eyes' centres (pixels in the photo) from which a face fills a
    /// 720p head-and-shoulders frame sharply: the smallest accepted without allowing a small face.
    /// </summary>
    [Range(16, 4000)]
    public int SharpEyeDistance { get; set; } = 80;

    /// <summary>Gets or sets the largest side (pixels) a photo is worked at; larger photos are scaled down first.</summary>
    [Range(256, 16384)]
    public int MaxPhotoSide { get; set; } = 2560;

    /// <summary>Gets or sets how far (degrees) a face may be turned from the camera.</summary>
    [Range(5, 60)]
    public float MaxYaw { get; set; } = 30;

    private static string DefaultCacheDirectory()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(cache, "talkie", "photos");
    }
}
