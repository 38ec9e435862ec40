namespace Talkie.Speech.Recognition;

/// <summary>A recognized word.</summary>
/// <param name="Start">When it starts.</param>
/// <param name="End">When it ends.</param>
/// <param name="Word">The word (lower case, as the recognizer's dictionary spells it).</param>
/// <param name="Confidence">The recognizer's posterior probability, 0..1.</param>
public readonly record struct RecognizedWord(TimeSpan Start, TimeSpan End, string Word, double Confidence);

/// <summary>A stretch of recognized speech (a sentence or phrase between pauses).</summary>
/// <param name="Start">When it starts.</param>
/// <param name="End">When it ends.</param>
/// <param name="Text">The words, space separated.</param>
/// <param name="Words">The words with times and confidences.</param>
public sealed record TranscriptSegment(TimeSpan Start, TimeSpan End, string Text, IReadOnlyList<RecognizedWord> Words);

/// <summary>What was said in a recording, and when.</summary>
/// <param name="Language">The language recognized (<c>en</c>).</param>
/// <param name="Duration">The recording's length.</param>
/// <param name="Segments">The speech, in order; empty when the recording holds no speech.</param>
/// <param name="Phones">Every phone of the recognized words, timed by forced alignment.</param>
public sealed record Transcript(string Language, TimeSpan Duration, IReadOnlyList<TranscriptSegment> Segments, IReadOnlyList<PhoneEvent> Phones)
{
    /// <summary>Gets the whole text.</summary>
    public string Text => string.Join(' ', Segments.Select(s => s.Text));

    /// <summary>Gets all words in order.</summary>
    public IEnumerable<RecognizedWord> Words => Segments.SelectMany(s => s.Words);
}

/// <summary>Settings of a transcription.</summary>
public sealed record TranscriptionOptions
{
    /// <summary>Gets the language of the speech; only English (<c>en</c>) has a recognition model.</summary>
    public string Language { get; init; } = "en";
}

/// <summary>Speech recognition with word times and confidences.</summary>
public interface ISpeechRecognizer
{
    /// <summary>Gets the languages it recognizes.</summary>
    IReadOnlyList<string> Languages { get; }

    /// <summary>Transcribes any file ffmpeg reads (audio, or the audio of a video).</summary>
    /// <exception cref="InvalidInputException">The file is missing, empty, corrupt or has no audio, or the language is not supported.</exception>
    Task<Transcript> TranscribeAsync(string audioPath, TranscriptionOptions options, IProgress<double>? progress, CancellationToken cancellationToken);
}

/// <summary>Timed speech from forced alignment of a known transcript.</summary>
/// <param name="Duration">The recording's length.</param>
/// <param name="Words">The transcript's words as written, with times.</param>
/// <param name="Phones">Every phone, timed.</param>
/// <param name="Fit">
/// How well the transcript fits the audio: acoustic score per frame against a free phone loop
/// (natural log; 0 is as good as the loop; a transcript that does not match scores below
/// <see cref="SpeechAnalyzer.MismatchFit"/>). Null when the alignment was plainly good and the
/// comparison was not needed.
/// </param>
public sealed record Alignment(TimeSpan Duration, IReadOnlyList<WordEvent> Words, IReadOnlyList<PhoneEvent> Phones, double? Fit);

/// <summary>Aligns a known transcript to a recording.</summary>
public interface IForcedAligner
{
    /// <summary>Times every word and phone of <paramref name="transcript"/> in the recording.</summary>
    /// <exception cref="TranscriptMismatchException">The transcript does not match the speech.</exception>
    Task<Alignment> AlignAsync(string audioPath, string transcript, IProgress<double>? progress, CancellationToken cancellationToken);
}

/// <summary>Thrown when a transcript does not fit the audio it was given with.</summary>
public sealed class TranscriptMismatchException : InvalidInputException
{
    /// <summary>Creates the exception.</summary>
    public TranscriptMismatchException(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public override string Code => "transcript-mismatch";
}
