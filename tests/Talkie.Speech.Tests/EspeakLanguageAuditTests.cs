using System.Globalization;
using System.Text.RegularExpressions;
using Talkie.Speech.Espeak;

namespace Talkie.Speech.Tests;

/// <summary>
/// Checks that every espeak-ng voice speaks its own language's text: each voice reads the month and
/// day names of its language (from the system's locale data) and must neither switch to another
/// language (espeak-ng marks that as "(en)") nor read every word the same way (a placeholder such as
/// "letter"). The voices that fail are exactly the ones Talkie leaves out.
/// </summary>
public sealed partial class EspeakLanguageAuditTests
{
    [Fact]
    public void Audit_EveryVoice_FailsExactlyTheExcludedOnes()
    {
        var broken = new SortedSet<string>(StringComparer.Ordinal);
        var audited = 0;
        foreach (var voice in EspeakLibrary.ListVoices())
        {
            var sample = NativeSample(voice);
            if (sample is null)
            {
                continue;
            }

            audited++;
            if (!Speaks(voice, sample))
            {
                broken.Add(voice.Identifier);
            }
        }

        Assert.True(audited > 80, $"only {audited} voices had a native sample");
        Assert.Equal(EspeakSynthesizer.BrokenVoices.Keys.Order(StringComparer.Ordinal), broken);
    }

    private static bool Speaks(EspeakVoiceInfo voice, string sample)
    {
        var phonemes = EspeakLibrary.TextToPhonemes(EspeakSynthesizer.PrepareText(sample), voice.Identifier);
        var own = voice.Languages[0].Language.Split('-')[0];
        var switches = LanguageSwitch().Matches(phonemes).Select(m => m.Groups[1].Value.Split('-')[0]).Where(l => l != own).ToList();
        if (switches.Count > 0)
        {
            return false;
        }

        // Twelve different month names must not all sound alike.
        var words = sample.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().Count();
        var spoken = phonemes.Split([' ', '_', '|', '!', ':'], StringSplitOptions.RemoveEmptyEntries).Distinct().Count();
        return spoken >= words / 2;
    }

    private static string? NativeSample(EspeakVoiceInfo voice)
    {
        var language = voice.Languages[0].Language;
        var candidates = language.StartsWith("cmn", StringComparison.Ordinal) || language == "hak" ? ["zh"] : new[] { language, language.Split('-')[0] };
        foreach (var name in candidates)
        {
            try
            {
                var culture = CultureInfo.GetCultureInfo(name, predefinedOnly: true);
                var names = culture.DateTimeFormat.MonthNames.Concat(culture.DateTimeFormat.DayNames).Where(n => n.Length > 0);
                return string.Join(' ', names);
            }
            catch (CultureNotFoundException)
            {
            }
        }

        return null;
    }

    [GeneratedRegex(@"\(([a-z]{2,3}(?:-[a-z]+)?)\)")]
    private static partial Regex LanguageSwitch();
}
