namespace Talkie.Localization.Tests;

/// <summary>
/// The tests that dub whole videos run one after another: the speech engines' native libraries keep
/// state between calls, so two dubs side by side would make each one's output depend on the other's timing.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class Dubbing
{
    public const string Collection = "dubbing";
}
