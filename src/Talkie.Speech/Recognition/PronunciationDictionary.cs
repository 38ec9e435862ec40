using System.Text;
using Talkie.Speech.Espeak;

namespace Talkie.Speech.Recognition;

/// <summary>
/// How English words are pronounced, in ARPAbet: the CMU dictionary that comes with pocketsphinx,
/// and for words it lacks (names, numbers, new words) espeak-ng's own letter-to-sound rules, mapped
/// from IPA.
/// </summary>
internal sealed class PronunciationDictionary
{
    private readonly Dictionary<string, List<string[]>> _entries;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string[]>> _guessed = new(StringComparer.Ordinal);

    private PronunciationDictionary(Dictionary<string, List<string[]>> entries) => _entries = entries;

    /// <summary>Loads the CMU dictionary file (<c>word PH PH ...</c>, variants as <c>word(2)</c>).</summary>
    public static PronunciationDictionary Load(string path)
    {
        var entries = new Dictionary<string, List<string[]>>(140_000, StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                continue;
            }

            var word = line[..space];
            var paren = word.IndexOf('(', StringComparison.Ordinal);
            if (paren > 0)
            {
                word = word[..paren];
            }

            var phones = line[(space + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!entries.TryGetValue(word, out var list))
            {
                entries[word] = list = [];
            }

            list.Add(phones);
        }

        return new PronunciationDictionary(entries);
    }

    /// <summary>Normalizes a written word for lookup: lower case, without surrounding punctuation; null when nothing is left.</summary>
    public static string? Normalize(string token)
    {
        var builder = new StringBuilder(token.Length);
        foreach (var c in token.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '’' && builder.Length > 0)
            {
                builder.Append('\'');
            }
        }

        var word = builder.ToString().Trim('\'');
        return word.Length == 0 ? null : word;
    }

    /// <summary>Returns the pronunciations of a normalized word (several for words such as "the" or "read").</summary>
    public IReadOnlyList<string[]> Pronounce(string word)
    {
        if (_entries.TryGetValue(word, out var known))
        {
            return known.Count > 3 ? known.Take(3).ToList() : known;
        }

        // Not in the dictionary (a name, a number, a new word): espeak-ng's rules, IPA mapped to ARPAbet.
        return _guessed.GetOrAdd(word, static w =>
        {
            var phones = ArpabetPhones.FromEspeakIpa(EspeakLibrary.TextToIpa(w, "gmw/en-US"));
            return phones.Count == 0 ? [] : [phones.ToArray()];
        });
    }

    /// <summary>Returns whether the dictionary knows the word.</summary>
    public bool Contains(string word) => _entries.ContainsKey(word);

    /// <summary>Gets the number of words.</summary>
    public int Count => _entries.Count;
}
