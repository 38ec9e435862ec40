using Talkie.Media;

namespace Talkie.Speech;

/// <summary>How a phone's name is spelled.</summary>
public enum PhoneAlphabet
{
    /// <summary>The International Phonetic Alphabet (espeak-ng).</summary>
    Ipa,

    /// <summary>ARPAbet / CMU radio phones, lower case (festival, pocketsphinx).</summary>
    Arpabet,
}

/// <summary>One phone in time.</summary>
/// <param name="Start">When it starts.</param>
/// <param name="End">When it ends.</param>
/// <param name="Phone">Its name; an empty name or <c>_</c>/<c>pau</c>/<c>sil</c> is silence.</param>
/// <param name="Alphabet">How <paramref name="Phone"/> is spelled.</param>
public readonly record struct PhoneEvent(TimeSpan Start, TimeSpan End, string Phone, PhoneAlphabet Alphabet)
{
    /// <summary>Gets whether this phone is silence.</summary>
    public bool IsSilence => Phone.Length == 0 || Phone is "_" or "pau" or "sil" or "SIL" or "h#";
}

/// <summary>One word in time, as captions show it.</summary>
/// <param name="Start">When it starts.</param>
/// <param name="End">When it ends.</param>
/// <param name="Text">The word as written in the script (with its punctuation).</param>
public readonly record struct WordEvent(TimeSpan Start, TimeSpan End, string Text)
{
    /// <summary>Gets whether a sentence ends after this word.</summary>
    public bool EndsSentence { get; init; }
}

/// <summary>Synthesized speech: the audio and what is said when.</summary>
public sealed class Narration : IDisposable
{
    /// <summary>Creates a narration.</summary>
    public Narration(AudioBuffer audio, Voice voice, IReadOnlyList<PhoneEvent> phones, IReadOnlyList<WordEvent> words, IReadOnlyList<TimeSpan> emphasis)
    {
        Audio = audio;
        Voice = voice;
        Phones = phones;
        Words = words;
        Emphasis = emphasis;
    }

    /// <summary>Gets the audio (mono).</summary>
    public AudioBuffer Audio { get; }

    /// <summary>Gets the voice that spoke it.</summary>
    public Voice Voice { get; }

    /// <summary>Gets the phones, in order, covering the speech (silence between them is implied).</summary>
    public IReadOnlyList<PhoneEvent> Phones { get; }

    /// <summary>Gets the words, in order.</summary>
    public IReadOnlyList<WordEvent> Words { get; }

    /// <summary>Gets when emphasized words start.</summary>
    public IReadOnlyList<TimeSpan> Emphasis { get; }

    /// <summary>Gets the duration of the audio.</summary>
    public TimeSpan Duration => Audio.Duration;

    /// <summary>Gets when sentences end (the end of their last word).</summary>
    public IEnumerable<TimeSpan> SentenceEnds => Words.Where(w => w.EndsSentence).Select(w => w.End);

    /// <inheritdoc />
    public void Dispose() => Audio.Dispose();
}
