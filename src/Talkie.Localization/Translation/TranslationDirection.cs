namespace Talkie.Localization.Translation;

/// <summary>A language direction a translator can handle.</summary>
/// <param name="From">The source language (ISO 639-1 where there is one, e.g. <c>en</c>).</param>
/// <param name="To">The target language.</param>
/// <param name="Engine">The translator (e.g. <c>apertium</c>).</param>
/// <param name="Name">The engine's own name for the direction (e.g. apertium's <c>eng-spa</c>).</param>
public sealed record TranslationDirection(string From, string To, string Engine, string Name);
