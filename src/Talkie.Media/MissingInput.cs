namespace Talkie;

/// <summary>The error for an input file that is not there: a folder given where a file belongs says so.</summary>
public static class MissingInput
{
    /// <summary>Makes the error for <paramref name="path"/>, which is not a file; <paramref name="what"/> names it (e.g. "audio file").</summary>
    public static InvalidInputException For(string path, string what)
        => Directory.Exists(path)
            ? new InvalidInputException($"the {what} {path} is a folder; give a file in it")
            : new InvalidInputException($"{what} not found: {path}; check the path");
}
