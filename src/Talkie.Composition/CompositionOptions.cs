using System.ComponentModel.DataAnnotations;

namespace Talkie.Composition;

/// <summary>Settings of composition and rendering.</summary>
public sealed class CompositionOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Talkie:Composition";

    /// <summary>Gets or sets how many threads draw frames (ffmpeg uses the rest of the machine).</summary>
    [Range(1, 64)]
    public int RenderThreads { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);
}
