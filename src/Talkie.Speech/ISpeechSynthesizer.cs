namespace Talkie.Speech;

/// <summary>A text-to-speech engine that reports when each phone and word is spoken.</summary>
public interface ISpeechSynthesizer
{
    /// <summary>Gets the engine's name, e.g. <c>espeak-ng</c>.</summary>
    string Engine { get; }

    /// <summary>Gets whether the engine is installed and usable on this machine.</summary>
    bool IsAvailable { get; }

    /// <summary>Gets the voices the engine offers (empty when it is not available).</summary>
    IReadOnlyList<Voice> Voices { get; }

    /// <summary>Refuses, before any work starts, a script the engine cannot speak.</summary>
    /// <exception cref="InvalidInputException">The script holds something the engine cannot speak.</exception>
    void CheckScript(SpeechScript script);

    /// <summary>Speaks <paramref name="script"/> with <paramref name="voice"/>.</summary>
    /// <exception cref="Talkie.Media.ToolNotFoundException">The engine is not installed.</exception>
    Task<Narration> SynthesizeAsync(SpeechScript script, Voice voice, CancellationToken cancellationToken);
}
