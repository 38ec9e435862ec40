namespace Talkie.Vision;

/// <summary>Thrown when a model file or native library the face engines need is missing.</summary>
public sealed class VisionSetupException : TalkieException
{
    /// <summary>Creates the exception.</summary>
    public VisionSetupException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string Code => "vision-setup";
}

/// <summary>Thrown when an image or video cannot be read for face analysis.</summary>
public sealed class UnreadableImageException : InvalidInputException
{
    /// <summary>Creates the exception.</summary>
    public UnreadableImageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string Code => "unreadable-image";
}
