using System.Text;

namespace Talkie.Cli;

/// <summary>Reads the script from <c>--text</c> or <c>--script FILE</c>.</summary>
internal static class ScriptInput
{
    private const long MaxFileBytes = 4 * 1024 * 1024;

    /// <exception cref="InvalidInputException">Neither or both were given, or the file cannot be used.</exception>
    public static string Read(string? text, FileInfo? script)
    {
        if (text is not null && script is not null)
        {
            throw new InvalidInputException("give either --text or --script, not both");
        }

        if (text is not null)
        {
            return text;
        }

        if (script is null)
        {
            throw new InvalidInputException("there is no script: give --text \"what to say\" or --script FILE.txt|.ssml");
        }

        if (!script.Exists)
        {
            throw MissingInput.For(script.FullName, "script file");
        }

        if (script.Length == 0)
        {
            throw new InvalidInputException($"the script file {script.FullName} is empty (0 bytes)");
        }

        if (script.Length > MaxFileBytes)
        {
            throw new InvalidInputException($"the script file {script.FullName} is {script.Length / 1024 / 1024} MB; scripts are at most 4 MB of text");
        }

        var bytes = File.ReadAllBytes(script.FullName);
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            throw new InvalidInputException($"the script file {script.FullName} is not a text file; save the script as UTF-8 text (.txt) or SSML (.ssml)");
        }

        var content = new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(bytes).TrimStart('\uFEFF');
        if (script.Extension.Equals(".ssml", StringComparison.OrdinalIgnoreCase) && !Speech.ScriptParser.IsSsml(content))
        {
            throw new InvalidInputException($"{script.Name} is named .ssml but does not start with <speak>");
        }

        return content;
    }
}
