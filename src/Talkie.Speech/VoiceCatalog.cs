using Microsoft.Extensions.Options;

namespace Talkie.Speech;

/// <summary>Every voice of every installed engine, and the rules for picking one.</summary>
public sealed class VoiceCatalog
{
    private readonly IReadOnlyList<ISpeechSynthesizer> _synthesizers;
    private readonly SpeechOptions _options;
    private readonly Lazy<IReadOnlyList<Voice>> _voices;

    /// <summary>Creates the catalogue.</summary>
    public VoiceCatalog(IEnumerable<ISpeechSynthesizer> synthesizers, IOptions<SpeechOptions> options)
    {
        _synthesizers = synthesizers.ToList();
        _options = options.Value;
        _voices = new Lazy<IReadOnlyList<Voice>>(() => _synthesizers
            .Where(s => s.IsAvailable)
            .SelectMany(s => s.Voices)
            .OrderBy(v => v.Language, StringComparer.Ordinal)
            .ThenBy(v => v.Preference)
            .ThenBy(v => v.Id, StringComparer.Ordinal)
            .ToList());
    }

    /// <summary>Gets all voices, by language.</summary>
    public IReadOnlyList<Voice> Voices => _voices.Value;

    /// <summary>Gets the languages that have at least one voice.</summary>
    public IReadOnlyList<string> Languages => Voices.Select(v => v.Language).Distinct().ToList();

    /// <summary>Gets each primary language with voices (<c>en</c>, not <c>en-gb</c>) and its shortest name, by name: a language list to pick voices from.</summary>
    public IReadOnlyList<(string Code, string Name)> PrimaryLanguages
        => [.. Voices.GroupBy(v => v.PrimaryLanguage).Select(g => (g.Key, g.MinBy(v => v.LanguageName.Length)!.LanguageName)).OrderBy(l => l.LanguageName, StringComparer.Ordinal)];

    /// <summary>Normalizes a language tag: lower case, hyphens (<c>en_US</c> → <c>en-us</c>).</summary>
    public static string NormalizeLanguage(string language) => language.Trim().Replace('_', '-').ToLowerInvariant();

    /// <summary>
    /// Gets whether <paramref name="language"/> names a language: one a voice speaks, or an ISO 639 code
    /// the system's culture data knows (Galician and Serbo-Croatian have no voice but can be dubbed from).
    /// </summary>
    public bool IsLanguage(string? language)
        => !string.IsNullOrWhiteSpace(language) && (ForLanguage(language).Count > 0 || IsLanguageCode(NormalizeLanguage(language).Split('-')[0]));

    /// <summary>Gets whether <paramref name="primary"/> (lower case, no region) is an ISO 639 code that the culture data names.</summary>
    public static bool IsLanguageCode(string primary)
    {
        if (primary.Length is < 2 or > 3 || !primary.All(char.IsAsciiLetterLower))
        {
            return false;
        }

        // ICU makes up a culture for any well-formed code, named by the code itself ("xx") or "Unknown …".
        try
        {
            var name = System.Globalization.CultureInfo.GetCultureInfo(primary).EnglishName;
            return !name.StartsWith("Unknown", StringComparison.Ordinal) && !string.Equals(name, primary, StringComparison.OrdinalIgnoreCase) && !name.StartsWith(primary + " (", StringComparison.OrdinalIgnoreCase);
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Returns the voices that speak <paramref name="language"/>, best first.</summary>
    public IReadOnlyList<Voice> ForLanguage(string language)
    {
        var tag = NormalizeLanguage(language);
        var primary = tag.Split('-')[0];

        // Best match first: the voice's own language, then a language it answers to (by its rank for
        // that tag), then a regional variant of the tag, then anything of the same primary language.
        (int Tier, int Rank)? Match(Voice v)
        {
            if (v.Language == tag)
            {
                return (0, 0);
            }

            if (v.Aliases.TryGetValue(tag, out var rank))
            {
                return (1, rank);
            }

            if (v.Language.StartsWith(tag + "-", StringComparison.Ordinal))
            {
                return (2, 0);
            }

            if (v.PrimaryLanguage == primary)
            {
                return (3, 0);
            }

            return v.Aliases.TryGetValue(primary, out var primaryRank) ? (3, primaryRank) : null;
        }

        var matches = Voices.Select(v => (Voice: v, Match: Match(v))).Where(m => m.Match is not null).ToList();
        if (matches.Count == 0)
        {
            return [];
        }

        var best = matches.Min(m => m.Match!.Value.Tier);
        return matches
            .Where(m => m.Match!.Value.Tier == best)
            .OrderBy(m => m.Match!.Value.Rank)
            .ThenBy(m => m.Voice.Preference)
            .ThenBy(m => m.Voice.Id, StringComparer.Ordinal)
            .Select(m => m.Voice)
            .ToList();
    }

    /// <summary>Finds a voice by id.</summary>
    public Voice? Find(string id) => Voices.FirstOrDefault(v => string.Equals(v.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Picks the voice to use: the named one (which must speak <paramref name="language"/> when both are
    /// given), else the best voice of the language, preferring <paramref name="gender"/>.
    /// </summary>
    /// <exception cref="UnknownVoiceException">No voice matches.</exception>
    public Voice Resolve(string? voiceId, string? language, VoiceGender gender = VoiceGender.Unknown)
    {
        if (Voices.Count == 0)
        {
            throw new Media.ToolNotFoundException("a speech engine (espeak-ng or festival)", "libespeak-ng.so.1", "Talkie:Speech");
        }

        if (!string.IsNullOrWhiteSpace(voiceId))
        {
            var voice = Find(voiceId) ?? throw new UnknownVoiceException(
                $"unknown voice '{voiceId}'{Suggest(voiceId)}; run `talkie voices` to list the {Voices.Count} voices");
            if (!string.IsNullOrWhiteSpace(language) && !ForLanguage(language).Contains(voice))
            {
                throw new UnknownVoiceException(
                    $"voice '{voice.Id}' speaks {voice.LanguageName} ({voice.Language}), not '{language}'; leave out --voice or --lang, or run `talkie voices --lang {language}`");
            }

            return voice;
        }

        var tag = string.IsNullOrWhiteSpace(language) ? "en" : language;
        var candidates = ForLanguage(tag);
        if (candidates.Count == 0)
        {
            throw new UnknownVoiceException(
                $"no voice speaks '{tag}'; run `talkie voices` to list the {Languages.Count} languages available (for example en, es, fr, de, ru, cmn)");
        }

        if (NormalizeLanguage(tag).Split('-')[0] == "en" && gender != VoiceGender.Male && Find(_options.DefaultEnglishVoice) is { } english && candidates.Contains(english))
        {
            return english;
        }

        return candidates.FirstOrDefault(v => gender == VoiceGender.Unknown || v.Gender == gender) ?? candidates[0];
    }

    /// <summary>
    /// Resolves a voice as <see cref="Resolve(string?, string?, VoiceGender)"/> does, where a presenter has a voice of its
    /// own (a photo avatar kept with one): with no voice named, the presenter's, where it speaks the language; in
    /// another language, that language's voice of the same gender. A presenter's voice that is no longer
    /// installed is passed over.
    /// </summary>
    public Voice Resolve(string? voiceId, string? language, VoiceGender gender, string? presenterVoice)
    {
        if (string.IsNullOrWhiteSpace(voiceId) && !string.IsNullOrWhiteSpace(presenterVoice) && Find(presenterVoice) is { } own)
        {
            if (string.IsNullOrWhiteSpace(language) || ForLanguage(language).Contains(own))
            {
                return own;
            }

            gender = own.Gender;
        }

        return Resolve(voiceId, language, gender);
    }

    /// <summary>Returns the engine that speaks <paramref name="voice"/>.</summary>
    public ISpeechSynthesizer SynthesizerFor(Voice voice)
        => _synthesizers.First(s => s.IsAvailable && s.Voices.Contains(voice));

    /// <summary>Speaks <paramref name="script"/> with <paramref name="voice"/>.</summary>
    /// <exception cref="InvalidInputException">The voice made no sound of a script with words (written in letters it does not read).</exception>
    public async Task<Narration> SynthesizeAsync(SpeechScript script, Voice voice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(voice);
        var narration = await SynthesizerFor(voice).SynthesizeAsync(script, voice, cancellationToken).ConfigureAwait(false);

        // An engine given letters its language does not use (English festival and Cyrillic) says nothing and
        // reports no error: the video would be silent and still.
        var peak = 0f;
        foreach (var sample in narration.Audio.Samples)
        {
            peak = Math.Max(peak, Math.Abs(sample));
        }

        if (script.HasSpeech && peak < 0.01f)
        {
            narration.Dispose();
            var writing = ScriptText.WritingSystem(string.Join(' ', script.Items.OfType<SpeechRun>().Select(r => r.Spoken)));
            throw new InvalidInputException(
                $"voice {voice.Id} ({voice.LanguageName}) made no sound of this script{(writing is null ? string.Empty : $", written in {writing}, which it does not read")}; give the script's language (--lang, or \"language\" in the API) or a voice that speaks it (`talkie voices`)");
        }

        return narration;
    }

    private string Suggest(string wanted)
    {
        var needle = NormalizeLanguage(wanted);

        // Ids that hold every part of the wanted one in order, a region left out (espeak-en-m → espeak-en-gb-m,
        // espeak-en-us-m), come first, shortest first; then ids a few letters away.
        var parts = needle.Split('-');
        var widened = Voices.Where(v => Contains(v.Id.Split('-'), parts)).OrderBy(v => v.Id.Length).ThenBy(v => v.Id, StringComparer.Ordinal).Select(v => v.Id);
        var close = widened.Concat(Voices
            .Select(v => (Voice: v, Distance: Distance(v.Id, needle)))
            .Where(x => x.Distance <= Math.Max(2, needle.Length / 3))
            .OrderBy(x => x.Distance)
            .Select(x => x.Voice.Id))
            .Distinct()
            .Take(3)
            .ToList();
        return close.Count == 0 ? string.Empty : $" (did you mean {string.Join(" or ", close)}?)";
    }

    // Whether every one of parts appears in whole, in order.
    private static bool Contains(string[] whole, string[] parts)
    {
        var at = 0;
        foreach (var part in whole)
        {
            at += at < parts.Length && part == parts[at] ? 1 : 0;
        }

        return at == parts.Length;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
