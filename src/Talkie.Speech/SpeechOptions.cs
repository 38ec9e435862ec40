using System.ComponentModel.DataAnnotations;

namespace Talkie.Speech;

/// <summary>Settings of the speech component.</summary>
public sealed class SpeechOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Talkie:Speech";

    /// <summary>Gets or sets the festival executable.</summary>
    [Required]
    public string FestivalPath { get; set; } = "festival";

    /// <summary>Gets or sets festival's voice folder (voices are looked for under it, e.g. <c>us/cmu_us_slt_arctic_hts</c>).</summary>
    [Required]
    public string FestivalVoicesDirectory { get; set; } = "/usr/share/festival/voices";

    /// <summary>Gets or sets the most words a script may have.</summary>
    [Range(1, 1_000_000)]
    public int MaxScriptWords { get; set; } = 15_000;

    /// <summary>Gets or sets the folder of pocketsphinx's US English model (Debian <c>pocketsphinx-en-us</c>).</summary>
    [Required]
    public string PocketSphinxModelDirectory { get; set; } = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>Gets or sets how many pocketsphinx decoders may run at once (each keeps its model loaded).</summary>
    [Range(1, 64)]
    public int MaxDecoders { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Gets or sets the most HMMs the recognizer keeps per frame (pocketsphinx <c>-maxhmmpf</c>): lower is faster, higher more accurate.</summary>
    [Range(500, 100_000)]
    public int MaxHmmsPerFrame { get; set; } = 10_000;

    /// <summary>Gets or sets the longest recording aligned to a transcript in one pass; longer ones are recognized first, then aligned chunk by chunk.</summary>
    public TimeSpan WholeAlignmentLimit { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets or sets the voice used for English when none is named.</summary>
    public string DefaultEnglishVoice { get; set; } = "festival-en-us-slt";
}
