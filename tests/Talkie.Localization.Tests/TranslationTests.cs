using Talkie.Localization.Translation;
using Talkie.Testing;

namespace Talkie.Localization.Tests;

public sealed class TranslationTests
{
    private static ApertiumTranslator Translator => (ApertiumTranslator)TestServices.Get<ITranslator>();

    [Fact]
    public void The_installed_English_pairs_are_listed_both_ways()
    {
        var directions = Translator.Directions;
        Assert.Contains(directions, d => d.From == "en" && d.To == "es" && d.Name == "eng-spa");
        Assert.Contains(directions, d => d.From == "en" && d.To == "ca");
        Assert.Contains(directions, d => d.From == "es" && d.To == "en");

        // Variants and debugging modes are not directions of their own.
        Assert.DoesNotContain(directions, d => d.Name.Contains('_', StringComparison.Ordinal) || d.Name.Contains("bytecode", StringComparison.Ordinal));
    }

    [Fact]
    public void Modes_are_read_into_directions_with_short_language_codes()
    {
        var directions = ApertiumTranslator.ParseModes("  Cyrl-Latn\n  eng-spa\n  eng-cat_valencia\n  en-eo-bytecode\n  gl-en\n  hbs-eng\n");
        Assert.Equal(["en→es", "gl→en", "sh→en"], directions.Select(d => $"{d.From}→{d.To}"));
    }

    [Fact]
    public async Task Segments_stay_apart_and_keep_names_numbers_and_the_glossary()
    {
        var glossary = new Glossary(["Talkie"], new Dictionary<string, string> { ["quarterly report"] = "informe trimestral" });
        var translated = await Translator.TranslateAsync(
            [
                "Yesterday we met Tim Cook in the office.",
                "We sold 1,250 units at 3.5 percent with Talkie.",
                "The quarterly report is ready [draft].",
            ],
            "en",
            "es",
            glossary,
            CancellationToken.None);

        Assert.Equal(3, translated.Count);
        Assert.Contains("Ayer", translated[0], StringComparison.Ordinal);

        // A name apertium would translate word by word ("Cook" is "Cocinero") is kept.
        Assert.Contains("Tim Cook", translated[0], StringComparison.Ordinal);
        Assert.Contains("1,250", translated[1], StringComparison.Ordinal);
        Assert.Contains("3.5", translated[1], StringComparison.Ordinal);
        Assert.Contains("Talkie", translated[1], StringComparison.Ordinal);
        Assert.Contains("informe trimestral", translated[2], StringComparison.Ordinal);
        Assert.DoesNotContain("[", string.Concat(translated), StringComparison.Ordinal);
        Assert.DoesNotContain(" .", string.Concat(translated), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_uninstalled_direction_lists_the_installed_ones()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Translator.TranslateAsync(["hello"], "en", "fr", Glossary.Empty, CancellationToken.None));
        Assert.Contains("en → fr is not installed", error.Message, StringComparison.Ordinal);
        Assert.Contains("en→es", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_glossary_file_has_kept_terms_and_fixed_translations()
    {
        using var temp = new TempDirectory();
        var path = temp.File("glossary.txt");
        File.WriteAllText(path, "# brand names\nTalkie\n\nquarterly report = informe trimestral\n");
        var glossary = Glossary.Load(path);
        Assert.Equal(["Talkie"], glossary.Keep);
        Assert.Equal("informe trimestral", glossary.Translate["Quarterly Report"]);

        File.WriteAllText(path, "Talkie\nreport =\n");
        var error = Assert.Throws<InvalidInputException>(() => Glossary.Load(path));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("term = translation", error.Message, StringComparison.Ordinal);
    }
}
