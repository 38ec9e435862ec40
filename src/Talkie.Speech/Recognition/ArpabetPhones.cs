namespace Talkie.Speech.Recognition;

/// <summary>The 39 ARPAbet phones of pocketsphinx's US English model, and English IPA (as espeak-ng writes it) mapped onto them.</summary>
internal static class ArpabetPhones
{
    public static readonly string[] All =
    [
        "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH", "IY", "JH", "K",
        "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH",
    ];

    // Longest first: diphthongs and r-coloured vowels before their parts.
    private static readonly (string Ipa, string[] Arpabet)[] FromIpa =
    [
        ("aɪə", ["AY", "ER"]), ("aʊə", ["AW", "ER"]),
        ("eɪ", ["EY"]), ("aɪ", ["AY"]), ("ɔɪ", ["OY"]), ("oʊ", ["OW"]), ("əʊ", ["OW"]), ("aʊ", ["AW"]),
        ("ɪɹ", ["IH", "R"]), ("ɛɹ", ["EH", "R"]), ("ʊɹ", ["UH", "R"]), ("ɑːɹ", ["AA", "R"]), ("ɔːɹ", ["AO", "R"]), ("oːɹ", ["AO", "R"]),
        ("tʃ", ["CH"]), ("dʒ", ["JH"]), ("iː", ["IY"]), ("uː", ["UW"]), ("ɑː", ["AA"]), ("ɔː", ["AO"]), ("ɜː", ["ER"]),
        ("ə", ["AH"]), ("ɐ", ["AH"]), ("ʌ", ["AH"]), ("ɚ", ["ER"]), ("ɪ", ["IH"]), ("ᵻ", ["IH"]), ("i", ["IY"]), ("ɛ", ["EH"]), ("e", ["EY"]),
        ("æ", ["AE"]), ("a", ["AE"]), ("ɑ", ["AA"]), ("ɒ", ["AA"]), ("ɔ", ["AO"]), ("o", ["OW"]), ("ʊ", ["UH"]), ("u", ["UW"]),
        ("p", ["P"]), ("b", ["B"]), ("t", ["T"]), ("d", ["D"]), ("k", ["K"]), ("ɡ", ["G"]), ("g", ["G"]), ("f", ["F"]), ("v", ["V"]),
        ("θ", ["TH"]), ("ð", ["DH"]), ("s", ["S"]), ("z", ["Z"]), ("ʃ", ["SH"]), ("ʒ", ["ZH"]), ("h", ["HH"]), ("m", ["M"]),
        ("n", ["N"]), ("ŋ", ["NG"]), ("l", ["L"]), ("ɫ", ["L"]), ("ɹ", ["R"]), ("r", ["R"]), ("w", ["W"]), ("j", ["Y"]),
        ("ɾ", ["T"]), ("ʔ", ["T"]), ("x", ["K"]),
    ];

    /// <summary>Converts espeak-ng English IPA (phonemes separated by <c>_</c>, words by spaces) to ARPAbet.</summary>
    public static List<string> FromEspeakIpa(string ipa)
    {
        var phones = new List<string>();
        foreach (var token in ipa.Split([' ', '_', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = new string(token.Where(c => c is not ('ˈ' or 'ˌ' or '\'' or ',' or '-')).ToArray());
            while (rest.Length > 0)
            {
                var match = FromIpa.FirstOrDefault(m => rest.StartsWith(m.Ipa, StringComparison.Ordinal));
                if (match.Ipa is null)
                {
                    // Length marks and anything unknown carry no phone of their own.
                    rest = rest[1..];
                    continue;
                }

                phones.AddRange(match.Arpabet);
                rest = rest[match.Ipa.Length..];
            }
        }

        return phones;
    }
}
