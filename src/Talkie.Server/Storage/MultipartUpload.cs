using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Talkie.Server.Data;

namespace Talkie.Server.Storage;

/// <summary>A multipart upload read as it arrives: the one file streamed into the store, small fields kept.</summary>
/// <param name="File">The stored file.</param>
/// <param name="Fields">The form's text fields.</param>
public sealed record UploadedForm(BlobRecord File, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Reads <c>multipart/form-data</c> without buffering it: the file part goes straight to the blob
/// store (size-limited, its type judged by content); the client's file name is never used.
/// </summary>
public static class MultipartUpload
{
    private const int MaxFieldLength = 4096;

    /// <summary>Reads the form.</summary>
    /// <exception cref="UploadRejectedException">Not multipart, no file, too large, empty, or of another kind.</exception>
    public static async Task<UploadedForm> ReadAsync(HttpRequest request, BlobStore blobs, TalkieDb db, long maxBytes, IReadOnlyCollection<MediaKind> accepted, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(blobs);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + (1 << 20);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new UploadRejectedException($"send the {what} as multipart/form-data with a 'file' part (curl -F file=@PATH)", StatusCodes.Status415UnsupportedMediaType);
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new UploadRejectedException("the multipart body has no boundary", StatusCodes.Status400BadRequest);
        }

        var reader = new MultipartReader(boundary, request.Body);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        BlobRecord? file = null;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                if (disposition.IsFileDisposition())
                {
                    if (!name.Equals("file", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new UploadRejectedException($"send the {what} as the form field 'file', not '{name}' (curl -F file=@PATH)", StatusCodes.Status400BadRequest);
                    }

                    if (file is not null)
                    {
                        throw new UploadRejectedException($"send one file; this upload has several", StatusCodes.Status400BadRequest);
                    }

                    file = await blobs.PutAsync(section.Body, maxBytes, accepted, what, db, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    using var text = new StreamReader(section.Body);
                    var buffer = new char[MaxFieldLength + 1];
                    var read = await text.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
                    if (read > MaxFieldLength)
                    {
                        throw new UploadRejectedException($"the form field '{name}' is longer than {MaxFieldLength} characters", StatusCodes.Status400BadRequest);
                    }

                    fields[name] = new string(buffer, 0, read);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new UploadRejectedException($"the {what} is larger than the limit of {BlobStore.Describe(maxBytes)}; send a shorter or smaller file", StatusCodes.Status413PayloadTooLarge);
        }
        catch (InvalidDataException ex)
        {
            throw new UploadRejectedException($"the upload is not well-formed multipart ({ex.Message})", StatusCodes.Status400BadRequest);
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            throw new UploadRejectedException($"the upload broke off or is not well-formed multipart ({ex.Message})", StatusCodes.Status400BadRequest);
        }

        return file is null
            ? throw new UploadRejectedException($"the form has no file part; send the {what} as a 'file' part (curl -F file=@PATH)", StatusCodes.Status400BadRequest)
            : new UploadedForm(file, fields);
    }
}
