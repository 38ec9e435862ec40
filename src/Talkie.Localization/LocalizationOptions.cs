using System.ComponentModel.DataAnnotations;

namespace Talkie.Localization;

/// <summary>Settings of dubbing (<c>Talkie:Localization</c>).</summary>
public sealed class LocalizationOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Talkie:Localization";

    /// <summary>Gets or sets the apertium executable (Debian <c>apertium</c> and its language pairs).</summary>
    [Required]
    public string ApertiumPath { get; set; } = "apertium";

    /// <summary>Gets or sets the rubberband executable (Debian <c>rubberband-cli</c>): formant-preserving pitch shift and time stretch.</summary>
    [Required]
    public string RubberbandPath { get; set; } = "rubberband";

    /// <summary>Gets or sets how far the synthesizer may speed up its speech (its own rate setting) to fit a slot, before stretching.</summary>
    [Range(1, 2)]
    public double MaxSpeechRate { get; set; } = 1.35;

    /// <summary>Gets or sets how far a dubbed sentence is squeezed or stretched in time and still sounds natural (a factor either way).</summary>
    [Range(1, 2)]
    public double NaturalStretch { get; set; } = 1.2;

    /// <summary>Gets or sets how much the original speech is lowered under the dub (dB); the rest of the sound (room, music) is kept as it is.</summary>
    [Range(-60, 0)]
    public double DuckDb { get; set; } = -24;

    /// <summary>Gets or sets how far (semitones) a voice is shifted at most to match the speaker's pitch.</summary>
    [Range(0, 24)]
    public double MaxPitchShift { get; set; } = 12;
}
