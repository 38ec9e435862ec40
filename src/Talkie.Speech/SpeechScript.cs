namespace Talkie.Speech;

/// <summary>How a stretch of speech is said, relative to the voice's defaults.</summary>
/// <param name="Rate">Speed multiplier (1 = normal, 0.5 = half speed).</param>
/// <param name="PitchSemitones">Pitch shift in semitones.</param>
/// <param name="VolumeDb">Loudness change in dB.</param>
public readonly record struct Prosody(double Rate, double PitchSemitones, double VolumeDb)
{
    /// <summary>Gets the neutral prosody.</summary>
    public static Prosody Neutral { get; } = new(1, 0, 0);

    /// <summary>Gets how wide the intonation swings, as a factor on the voice's own (null: the voice's own); engines without the setting ignore it.</summary>
    public double? PitchRange { get; init; }

    /// <summary>Gets whether this is the neutral prosody.</summary>
    public bool IsNeutral => Rate == 1 && PitchSemitones == 0 && VolumeDb == 0 && PitchRange is null;

    /// <summary>Combines a nested prosody with this one.</summary>
    public Prosody Then(Prosody inner) => new(Rate * inner.Rate, PitchSemitones + inner.PitchSemitones, VolumeDb + inner.VolumeDb) { PitchRange = inner.PitchRange ?? PitchRange };
}

/// <summary>A part of a script: speech or a pause.</summary>
public abstract record ScriptItem;

/// <summary>Text to speak.</summary>
/// <param name="Spoken">What the engine reads (after say-as and sub).</param>
/// <param name="Display">What captions show for it (the original text).</param>
/// <param name="Prosody">How it is said.</param>
public sealed record SpeechRun(string Spoken, string Display, Prosody Prosody) : ScriptItem
{
    /// <summary>Gets whether the run is emphasized (the presenter may raise brows or nod).</summary>
    public bool Emphasis { get; init; }

    /// <summary>Gets whether a sentence ends with this run.</summary>
    public bool EndsSentence { get; init; }

    /// <summary>Gets whether captions show this run word by word (false when spoken and displayed text differ).</summary>
    public bool DisplayMatchesSpoken => string.Equals(Spoken, Display, StringComparison.Ordinal);
}

/// <summary>Why a pause is there.</summary>
public enum PauseKind
{
    /// <summary>An explicit <c>&lt;break&gt;</c>.</summary>
    Break,

    /// <summary>Between sentences.</summary>
    Sentence,

    /// <summary>Between paragraphs.</summary>
    Paragraph,
}

/// <summary>Silence.</summary>
/// <param name="Duration">How long.</param>
/// <param name="Kind">Why.</param>
public sealed record Pause(TimeSpan Duration, PauseKind Kind) : ScriptItem;

/// <summary>A script ready to synthesize: a flat list of speech runs and pauses.</summary>
/// <param name="Items">The items in order.</param>
/// <param name="Language">The language the script declares (SSML <c>xml:lang</c>), if any.</param>
public sealed record SpeechScript(IReadOnlyList<ScriptItem> Items, string? Language = null)
{
    /// <summary>Gets the number of words to speak.</summary>
    public int WordCount => Items.OfType<SpeechRun>().Sum(r => ScriptText.CountWords(r.Spoken));

    /// <summary>Gets whether there is anything to say.</summary>
    public bool HasSpeech => Items.OfType<SpeechRun>().Any(r => r.Spoken.Any(char.IsLetterOrDigit));
}
