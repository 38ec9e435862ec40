using System.ComponentModel.DataAnnotations;

namespace Talkie.Media;

/// <summary>Settings of the media layer: where the external tools are and how they are run.</summary>
public sealed class MediaOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Talkie:Media";

    /// <summary>Gets or sets the ffmpeg executable (a name looked up on PATH, or a path).</summary>
    [Required]
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Gets or sets the ffprobe executable.</summary>
    [Required]
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>Gets or sets the sox executable.</summary>
    [Required]
    public string SoxPath { get; set; } = "sox";

    /// <summary>Gets or sets how many external tools may run at once.</summary>
    [Range(1, 64)]
    public int MaxConcurrentTools { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Gets or sets the longest a single short tool call (probe, synthesis, filter) may take.</summary>
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the libx264 preset used for final renders.</summary>
    [RegularExpression("^(ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow)$")]
    public string X264Preset { get; set; } = "veryfast";

    /// <summary>Gets or sets the libx264 constant rate factor (lower is better quality).</summary>
    [Range(0, 51)]
    public int Crf { get; set; } = 18;

    /// <summary>Gets or sets the AAC bit rate in kbit/s.</summary>
    [Range(32, 512)]
    public int AudioBitrateKbps { get; set; } = 128;
}
