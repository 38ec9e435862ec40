namespace Talkie;

/// <summary>
/// Base of every error the user can act on. The message is one sentence that names the problem
/// and the fix; front ends print it as is (CLI) or map it to ProblemDetails (API), never a stack trace.
/// </summary>
public abstract class TalkieException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    protected TalkieException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and the underlying cause.</summary>
    protected TalkieException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets a short machine-readable code for the kind of problem, e.g. <c>tool-missing</c>.</summary>
    public abstract string Code { get; }
}

/// <summary>Thrown when user input (a script, a size, a path, an option) is not acceptable.</summary>
public class InvalidInputException : TalkieException
{
    /// <summary>Creates the exception.</summary>
    public InvalidInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public InvalidInputException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string Code => "invalid-input";
}
