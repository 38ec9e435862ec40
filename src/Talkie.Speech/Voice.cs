namespace Talkie.Speech;

/// <summary>A speaker's gender as the voice catalogue reports it.</summary>
public enum VoiceGender
{
    /// <summary>Not stated.</summary>
    Unknown,

    /// <summary>Male.</summary>
    Male,

    /// <summary>Female.</summary>
    Female,
}

/// <summary>A voice a synthesizer offers.</summary>
/// <param name="Id">A stable id such as <c>espeak-es-f</c> or <c>festival-en-us-slt</c>.</param>
/// <param name="Name">A human name.</param>
/// <param name="Language">A lower-case language tag, e.g. <c>en-us</c>, <c>es</c>, <c>cmn</c>.</param>
/// <param name="LanguageName">The language in English, e.g. <c>Spanish</c>.</param>
/// <param name="Gender">The gender.</param>
/// <param name="Engine">The engine, e.g. <c>espeak-ng</c>.</param>
/// <param name="SampleRate">The engine's output rate in Hz.</param>
public sealed record Voice(string Id, string Name, string Language, string LanguageName, VoiceGender Gender, string Engine, int SampleRate)
{
    /// <summary>Gets the engine's own name for the voice (e.g. <c>es+f3</c>).</summary>
    public string EngineVoice { get; init; } = string.Empty;

    /// <summary>Gets a rank among voices of the same language; lower is preferred as the default.</summary>
    public int Preference { get; init; }

    /// <summary>Gets other language tags this voice answers to (e.g. <c>zh</c> for <c>cmn</c>), each with a rank: lower is preferred for that tag.</summary>
    public IReadOnlyDictionary<string, int> Aliases { get; init; } = new Dictionary<string, int>();

    /// <summary>Gets the primary language subtag (<c>en</c> for <c>en-us</c>).</summary>
    public string PrimaryLanguage => Language.Split('-')[0];
}
