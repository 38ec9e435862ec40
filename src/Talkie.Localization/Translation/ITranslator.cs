namespace Talkie.Localization.Translation;

/// <summary>Machine translation of text segments.</summary>
public interface ITranslator
{
    /// <summary>Gets the engine's name.</summary>
    string Engine { get; }

    /// <summary>Gets every direction that is installed.</summary>
    IReadOnlyList<TranslationDirection> Directions { get; }

    /// <summary>Translates each segment (the result has one entry per segment, in order), keeping the glossary's terms, names and numbers as the glossary says.</summary>
    /// <exception cref="InvalidInputException">The direction is not installed (the message lists those that are).</exception>
    Task<IReadOnlyList<string>> TranslateAsync(IReadOnlyList<string> segments, string from, string to, Glossary glossary, CancellationToken cancellationToken);
}
