namespace Talkie.Speech.Visemes;

/// <summary>How a phone moves the lips, beyond its shape.</summary>
internal enum PhoneClass
{
    /// <summary>Silence.</summary>
    Silence,

    /// <summary>A vowel.</summary>
    Vowel,

    /// <summary>A consonant whose lips are free to anticipate the next vowel (t, s, k, n, r, ...).</summary>
    Lingual,

    /// <summary>h and glottal sounds: the mouth already takes the next vowel's shape.</summary>
    Glottal,

    /// <summary>A consonant that fixes the lips (p b m, f v, w).</summary>
    Labial,

    /// <summary>An l: tongue up, lips free.</summary>
    Lateral,
}

/// <summary>One mouth target inside a phone (a diphthong has two).</summary>
internal readonly record struct PhoneShape(Viseme Shape, PhoneClass Class, double Share);

/// <summary>
/// Maps phone names to mouth shapes, across languages: IPA as espeak-ng reports it (any language it
/// speaks, including its few non-IPA mnemonics) and ARPAbet as festival and pocketsphinx report it.
/// The mapping follows articulation: lip closure, lip-teeth contact, rounding and jaw opening.
/// </summary>
internal static class PhoneVisemes
{
    private static readonly Dictionary<string, PhoneShape[]> Arpabet = BuildArpabet();

    /// <summary>Returns the mouth targets of a phone; an empty array means "a modifier of the previous phone".</summary>
    public static PhoneShape[] Map(string phone, Speech.PhoneAlphabet alphabet)
        => alphabet == Speech.PhoneAlphabet.Arpabet ? MapArpabet(phone) : MapIpa(phone);

    private static PhoneShape[] MapArpabet(string phone)
    {
        var key = phone.Trim().ToLowerInvariant().TrimEnd('0', '1', '2');
        if (key.Length == 0 || key is "pau" or "sil" or "h#" or "sp" or "_" or "+breath+" or "+noise+")
        {
            return [new PhoneShape(Viseme.X, PhoneClass.Silence, 1)];
        }

        return Arpabet.TryGetValue(key, out var shapes) ? shapes : [new PhoneShape(Viseme.B, PhoneClass.Lingual, 1)];
    }

    private static PhoneShape[] MapIpa(string phone)
    {
        if (phone.Length == 0 || phone is "_" or "_:" or "_!" or "_|" or "||" or "|" or "%")
        {
            return [new PhoneShape(Viseme.X, PhoneClass.Silence, 1)];
        }

        var vowels = new List<Viseme>(2);
        PhoneShape? consonant = null;
        var labialized = false;
        foreach (var rune in phone.EnumerateRunes())
        {
            var c = rune.Value;
            if (c == 'ʷ')
            {
                labialized = true;
                continue;
            }

            if (IpaVowel(c) is { } vowel)
            {
                // The second element of a falling diphthong closes further: aʊ ends puckered.
                vowels.Add(vowels.Count > 0 && c == 'ʊ' ? Viseme.F : vowel);
                continue;
            }

            if (consonant is null && vowels.Count == 0 && IpaConsonant(c) is { } shape)
            {
                consonant = shape;
            }
        }

        if (vowels.Count > 0 && consonant is null)
        {
            if (vowels.Count >= 2 && vowels[0] != vowels[^1])
            {
                return [new PhoneShape(vowels[0], PhoneClass.Vowel, 0.55), new PhoneShape(vowels[^1], PhoneClass.Vowel, 0.45)];
            }

            return [new PhoneShape(vowels[0], PhoneClass.Vowel, 1)];
        }

        if (consonant is { } found)
        {
            return labialized && found.Class is PhoneClass.Lingual or PhoneClass.Glottal
                ? [new PhoneShape(Viseme.F, PhoneClass.Labial, 1)]
                : [found];
        }

        // Only modifiers (ʲ, ː, stress, tone digits): part of the phone before it.
        return [];
    }

    private static Viseme? IpaVowel(int c) => c switch
    {
        'a' or 'ɑ' or 'ä' or 'ɶ' or 'A' => Viseme.D,
        'æ' or 'ɛ' or 'e' or 'ɐ' or 'ʌ' or 'ə' or 'ɘ' or 'ɤ' or 'E' or 'V' or '@' => Viseme.C,
        'o' or 'ɔ' or 'ɒ' or 'ø' or 'œ' or 'ɵ' or 'ɞ' or 'ɜ' or 'ɝ' or 'ɚ' or 'ʊ' or 'O' or '3' => Viseme.E,
        'u' or 'y' or 'ʉ' or 'ʏ' or 'U' => Viseme.F,
        'i' or 'ɪ' or 'ɨ' or 'ɯ' or 'I' => Viseme.B,
        _ => null,
    };

    private static PhoneShape? IpaConsonant(int c) => c switch
    {
        'p' or 'b' or 'm' or 'ɓ' or 'ʙ' or 'ɸ' or 'β' => new PhoneShape(Viseme.A, PhoneClass.Labial, 1),
        'f' or 'v' or 'ɱ' or 'ʋ' => new PhoneShape(Viseme.G, PhoneClass.Labial, 1),
        'w' or 'ʍ' or 'ɥ' => new PhoneShape(Viseme.F, PhoneClass.Labial, 1),
        'l' or 'ɫ' or 'ɭ' or 'ʎ' or 'ɬ' or 'ɮ' or 'ʟ' or 'ɺ' or 'L' => new PhoneShape(Viseme.H, PhoneClass.Lateral, 1),
        'h' or 'ɦ' or 'ʔ' or 'ħ' or 'ʕ' or 'ʜ' or 'ʢ' => new PhoneShape(Viseme.B, PhoneClass.Glottal, 1),
        _ when c < 0x10000 && char.IsLetter((char)c) && char.GetUnicodeCategory((char)c) != System.Globalization.UnicodeCategory.ModifierLetter
            => new PhoneShape(Viseme.B, PhoneClass.Lingual, 1),
        _ => null,
    };

    private static Dictionary<string, PhoneShape[]> BuildArpabet()
    {
        static PhoneShape[] V(Viseme v) => [new(v, PhoneClass.Vowel, 1)];
        static PhoneShape[] D(Viseme a, Viseme b) => [new(a, PhoneClass.Vowel, 0.55), new(b, PhoneClass.Vowel, 0.45)];
        static PhoneShape[] L(Viseme v) => [new(v, PhoneClass.Labial, 1)];
        PhoneShape[] lingual = [new(Viseme.B, PhoneClass.Lingual, 1)];
        PhoneShape[] glottal = [new(Viseme.B, PhoneClass.Glottal, 1)];
        PhoneShape[] lateral = [new(Viseme.H, PhoneClass.Lateral, 1)];

        var map = new Dictionary<string, PhoneShape[]>(StringComparer.Ordinal)
        {
            ["aa"] = V(Viseme.D), ["ae"] = V(Viseme.C), ["ah"] = V(Viseme.C), ["ao"] = V(Viseme.E),
            ["aw"] = D(Viseme.D, Viseme.F), ["ax"] = V(Viseme.C), ["axr"] = V(Viseme.E), ["ay"] = D(Viseme.D, Viseme.B),
            ["eh"] = V(Viseme.C), ["er"] = V(Viseme.E), ["ey"] = D(Viseme.C, Viseme.B), ["ih"] = V(Viseme.B),
            ["ix"] = V(Viseme.B), ["iy"] = V(Viseme.B), ["ow"] = D(Viseme.E, Viseme.F), ["oy"] = D(Viseme.E, Viseme.B),
            ["uh"] = V(Viseme.E), ["uw"] = V(Viseme.F), ["ux"] = V(Viseme.F),
            ["b"] = L(Viseme.A), ["p"] = L(Viseme.A), ["m"] = L(Viseme.A), ["em"] = L(Viseme.A),
            ["f"] = L(Viseme.G), ["v"] = L(Viseme.G), ["w"] = L(Viseme.F), ["wh"] = L(Viseme.F),
            ["l"] = lateral, ["el"] = lateral, ["hh"] = glottal, ["h"] = glottal, ["q"] = glottal,
        };
        foreach (var c in new[] { "ch", "d", "dh", "dx", "en", "g", "jh", "k", "n", "ng", "nx", "r", "s", "sh", "t", "th", "y", "z", "zh" })
        {
            map[c] = lingual;
        }

        return map;
    }
}
