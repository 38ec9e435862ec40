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

    /// <summary>Gets or sets the folder of festival's HTS voice <c>cmu_us_slt_arctic_hts</c>.</summary>
    [Required]
    public string FestivalSltVoiceDirectory { get; set; } = "/usr/share/festival/voices/us/cmu_us_slt_arctic_hts";

    /// <summary>Gets or sets the most words a script may have.</summary>
    [Range(1, 1_000_000)]
    public int MaxScriptWords { get; set; } = 15_000;

    /// <summary>Gets or sets the voice used for English when none is named.</summary>
    public string DefaultEnglishVoice { get; set; } = "festival-en-us-slt";
}
