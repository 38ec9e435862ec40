namespace Talkie.Cli;

/// <summary>Checks a recording named on the command line before any work starts.</summary>
internal static class AudioInput
{
    /// <exception cref="InvalidInputException">The file is missing or empty.</exception>
    public static void Check(FileInfo file)
    {
        if (!file.Exists)
        {
            throw MissingInput.For(file.FullName, "audio file");
        }

        if (file.Length == 0)
        {
            throw new InvalidInputException($"the audio file {file.FullName} is empty (0 bytes)");
        }
    }
}
