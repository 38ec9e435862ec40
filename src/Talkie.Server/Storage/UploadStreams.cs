using Talkie.Server.Data;

using Talkie.Media;

namespace Talkie.Server.Storage;

/// <summary>
/// A recording or video must have the streams its use needs, checked when it arrives (ffprobe, a fraction of a
/// second) rather than failing later as a job: a sound track, and for footage and dubs pictures too. The API's
/// uploads and the studio's use the same check.
/// </summary>
public static class UploadStreams
{
    /// <summary>Checks a stored upload's streams.</summary>
    /// <param name="probe">The prober.</param>
    /// <param name="blobs">The store that holds the file.</param>
    /// <param name="file">The stored file.</param>
    /// <param name="what">What the file is called in the refusal ("recording", "footage", "video").</param>
    /// <param name="video">Whether pictures are needed as well as sound.</param>
    /// <param name="ct">Cancels the probe.</param>
    /// <exception cref="UploadRejectedException">The file cannot be read, or lacks a stream it needs.</exception>
    public static async Task CheckAsync(MediaProbe probe, BlobStore blobs, BlobRecord file, string what, bool video, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(file);
        MediaInfo info;
        try
        {
            info = await probe.ProbeAsync(blobs.PathOf(file.Hash), ct).ConfigureAwait(false);
        }
        catch (InvalidInputException)
        {
            throw new UploadRejectedException($"the {what} cannot be read as audio or video (damaged or cut short); send the whole file", StatusCodes.Status415UnsupportedMediaType);
        }

        if (video && info.Video is null)
        {
            throw new UploadRejectedException($"the {what} has no pictures; send a video", StatusCodes.Status415UnsupportedMediaType);
        }

        if (info.Audio is null)
        {
            throw new UploadRejectedException($"the {what} has no sound track; send one {(video ? "filmed with its sound" : "with the speech in it")}", StatusCodes.Status400BadRequest);
        }
    }
}
