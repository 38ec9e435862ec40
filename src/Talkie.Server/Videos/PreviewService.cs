using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Talkie.Media;
using Talkie.Speech;

namespace Talkie.Server.Videos;

/// <summary>Short samples of each voice for the studio's voice picker, made once and kept in the cache folder.</summary>
public sealed class PreviewService(VoiceCatalog voices, IOptions<ServerOptions> options)
{
    private static readonly Dictionary<string, string> Greetings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "Hello! This is how I sound when I present your script.",
        ["es"] = "¡Hola! Así sueno cuando presento tu guion.",
        ["fr"] = "Bonjour ! Voici ma voix quand je présente votre texte.",
        ["de"] = "Hallo! So klinge ich, wenn ich Ihr Skript vortrage.",
        ["it"] = "Ciao! Ecco come suono quando presento il tuo testo.",
        ["pt"] = "Olá! É assim que eu soo ao apresentar o seu roteiro.",
        ["ca"] = "Hola! Així sono quan presento el teu guió.",
        ["nl"] = "Hallo! Zo klink ik als ik je tekst presenteer.",
        ["ru"] = "Здравствуйте! Так звучит мой голос.",
    };

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>Returns the path of a WAV sample of the voice (made on first use).</summary>
    public async Task<string> SampleAsync(Voice voice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(voice);
        var folder = Path.Combine(options.Value.DataDirectory, "cache", "voices");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, string.Concat(voice.Id.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_')) + ".wav");
        var gate = _locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(path))
            {
                // Numbers read well in every language espeak-ng speaks.
                var text = Greetings.GetValueOrDefault(voice.PrimaryLanguage, "1, 2, 3, 4, 5.");
                var script = ScriptParser.ParsePlainText(text);
                using var narration = await voices.SynthesizeAsync(script, voice, cancellationToken).ConfigureAwait(false);
                var temp = path + ".tmp";
                WavFile.Write(temp, narration.Audio);
                File.Move(temp, path, overwrite: true);
            }
        }
        finally
        {
            gate.Release();
        }

        return path;
    }
}
