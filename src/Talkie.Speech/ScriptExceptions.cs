using System.Globalization;

namespace Talkie.Speech;

/// <summary>Thrown when SSML is malformed or uses something outside the supported subset.</summary>
public sealed class SsmlException : InvalidInputException
{
    /// <summary>Creates the exception.</summary>
    public SsmlException(string problem, int line, int column, Exception? innerException = null)
        : base(string.Create(CultureInfo.InvariantCulture, $"invalid SSML at line {line}, column {column}: {problem}"), innerException)
    {
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>Gets the 1-based line.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column.</summary>
    public int Column { get; }

    /// <summary>Gets the problem without the position.</summary>
    public string Problem { get; }

    /// <inheritdoc />
    public override string Code => "invalid-ssml";
}

/// <summary>Thrown when the script is empty or too long.</summary>
public sealed class ScriptException : InvalidInputException
{
    /// <summary>Creates the exception.</summary>
    public ScriptException(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public override string Code => "invalid-script";
}

/// <summary>Thrown when no voice matches what was asked for.</summary>
public sealed class UnknownVoiceException : InvalidInputException
{
    /// <summary>Creates the exception.</summary>
    public UnknownVoiceException(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public override string Code => "unknown-voice";
}
