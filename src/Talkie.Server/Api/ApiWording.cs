using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;

namespace Talkie.Server.Api;

/// <summary>
/// Rewrites the messages of the shared components (written for the command line) for an API client:
/// the server's own files are named by what they are, never by their paths or blob hashes, and the
/// command line's advice (`talkie voices`, --voice) becomes the API's (GET /v1/voices, "voice").
/// </summary>
public static partial class ApiWording
{
    // Ordered: the more specific advice first.
    private static readonly (Regex Pattern, string Replacement)[] Advice =
    [
        (VoicesOfLanguage(), "see GET /v1/voices?lang=$1"),
        (new Regex("run `talkie voices`", RegexOptions.CultureInvariant), "see GET /v1/voices"),
        (new Regex("`?talkie voices`?", RegexOptions.CultureInvariant), "GET /v1/voices"),
        (new Regex("`talkie avatar train [^`]*`", RegexOptions.CultureInvariant), "POST /v1/avatars/trained"),
        (new Regex("`talkie avatar photo [^`]*`", RegexOptions.CultureInvariant), "POST /v1/avatars/photo"),
        (new Regex("run `talkie avatars`", RegexOptions.CultureInvariant), "see GET /v1/avatars"),
        (new Regex("`talkie avatars`", RegexOptions.CultureInvariant), "GET /v1/avatars"),
        (new Regex("\\(?talkie languages lists them\\)?", RegexOptions.CultureInvariant), "(GET /v1/localizations/languages lists the dubs' languages)"),
        (new Regex("leave out --voice or --lang", RegexOptions.CultureInvariant), "leave out \"voice\" or \"language\""),
        (new Regex("with --text \"\\.\\.\\.\" or --script FILE", RegexOptions.CultureInvariant), "in \"script\""),
        (new Regex("\\(if there is speech, give its words with --transcript FILE\\.srt\\)", RegexOptions.CultureInvariant), "(the API dubs speech it can hear)"),
        (new Regex("--voice\\b", RegexOptions.CultureInvariant), "\"voice\""),
        (new Regex("--lang\\b", RegexOptions.CultureInvariant), "\"language\""),
        (new Regex("--audio\\b", RegexOptions.CultureInvariant), "\"narration\""),
        (new Regex("--avatar\\b", RegexOptions.CultureInvariant), "\"avatar\""),
        (new Regex("--name\\b", RegexOptions.CultureInvariant), "\"name\""),
    ];

    // The API's advice as the studio gives it (its pages and forms in place of routes). Ordered as Advice is.
    private static readonly (Regex Pattern, string Replacement)[] StudioAdvice =
    [
        (new Regex("\\(?GET /v1/avatars/\\S+ shows its progress\\)?", RegexOptions.CultureInvariant), "(its card on the Avatars page shows its progress)"),
        (new Regex("POST /v1/avatars/photo", RegexOptions.CultureInvariant), "\"Create from a photo\" on the Avatars page"),
        (new Regex("POST /v1/avatars/trained", RegexOptions.CultureInvariant), "\"Train from a video\" on the Avatars page"),
        (new Regex("(see )?GET /v1/avatars\\b", RegexOptions.CultureInvariant), "see the Avatars page"),
        (new Regex("(see )?GET /v1/voices(\\?lang=[\\w-]+)?", RegexOptions.CultureInvariant), "see the Voice list"),
    ];

    /// <summary>Returns a message written for an API client (<see cref="ForApi"/>) as a studio user should read it.</summary>
    public static string ForStudio(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var (pattern, replacement) in StudioAdvice)
        {
            message = pattern.Replace(message, replacement);
        }

        return message;
    }

    /// <summary>Returns <paramref name="message"/> as an API client should read it.</summary>
    /// <param name="message">A message from a component.</param>
    /// <param name="dataDirectory">The server's data folder, whose paths are not shown.</param>
    public static string ForApi(string message, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        var text = new Regex(Regex.Escape(folder) + "/(?<path>[^\\s:;,'\"()]+)", RegexOptions.CultureInvariant).Replace(message, m => Describe(m.Groups["path"].Value));
        text = BlobName().Replace(text, "the uploaded file");
        foreach (var (pattern, replacement) in Advice)
        {
            text = pattern.Replace(text, replacement);
        }

        return text;
    }

    /// <summary>The problem of a JSON body that could not be read: a field of the wrong type named with what it takes, or the syntax error's place.</summary>
    public static (int Status, string Title, string Detail) ForJson(System.Text.Json.JsonException json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        if (Unmapped().Match(json.Message) is { Success: true } unknown)
        {
            var fields = typeof(ApiWording).Assembly.GetType(unknown.Groups["type"].Value)?.GetProperties()
                .Select(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList() ?? [];
            var known = fields.Count == 0 ? "see /docs" : $"the fields are {string.Join(", ", fields)}";
            return (StatusCodes.Status400BadRequest, "Unknown field", $"\"{unknown.Groups["name"].Value}\" is not a field of this request (misspelt?); {known}");
        }

        var converted = ConvertedTo().Match(json.Message);
        if (!converted.Success)
        {
            // A syntax error: System.Text.Json's own sentence, without its type names, and where it is.
            var sentence = json.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.', ' ');
            var where = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : string.Empty;
            return (StatusCodes.Status400BadRequest, "Malformed JSON", $"the body is not valid JSON: {sentence}{where}");
        }

        if (field is null)
        {
            return (StatusCodes.Status400BadRequest, "Malformed JSON", "the body must be a JSON object, e.g. {\"script\": \"Hello!\"}");
        }

        // System.Text.Json names the field's type, or, for a record's constructor parameter, the record's: then the
        // field's own type is looked up on the record.
        var type = converted.Groups["type"].Value;
        if (typeof(ApiWording).Assembly.GetType(type) is { } request
            && request.GetProperty(field.Split('.')[^1].Split('[')[0], System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase) is { } property)
        {
            type = property.PropertyType.ToString();
        }

        var wanted = type switch
        {
            _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) => "a number",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ when type.Contains("DateTime", StringComparison.Ordinal) => "a date and time such as \"2027-01-31T12:00:00Z\"",
            _ when type.StartsWith("System.String", StringComparison.Ordinal) => "text (a JSON string)",
            _ when type.Contains("List", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "a list (a JSON array)",
            _ => "a JSON object (see /docs)",
        };
        return (StatusCodes.Status400BadRequest, "Invalid field", $"\"{field}\" must be {wanted}");
    }

    /// <summary>The message of a request the framework could not bind (a query value of the wrong type, a missing body).</summary>
    public static string ForBinding(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parameter = FailedToBind().Match(message);
        if (parameter.Success)
        {
            var wanted = parameter.Groups["type"].Value.Contains("int", StringComparison.OrdinalIgnoreCase) ? "a whole number" : "a value of its kind";
            return $"\"{parameter.Groups["name"].Value}\" must be {wanted}, not '{parameter.Groups["value"].Value}'";
        }

        return message.Contains("no body was provided", StringComparison.Ordinal)
            ? "this request needs a JSON object body (Content-Type: application/json); see /docs"
            : message;
    }

    /// <summary>What to say of an answer the framework gave without a message (a wrong content type, method or route).</summary>
    public static string? ForStatus(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        return context.Response.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType when TakesFiles(context)
                => $"send the file as multipart/form-data (Content-Type: multipart/form-data; it came as '{(string.IsNullOrEmpty(request.ContentType) ? "no type" : request.ContentType)}'), with its fields as form fields; see /docs",
            StatusCodes.Status415UnsupportedMediaType => $"send the body as JSON with Content-Type: application/json (it came as '{(string.IsNullOrEmpty(request.ContentType) ? "no type" : request.ContentType)}'); files go to the upload routes as multipart/form-data",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not one of the methods of {request.Path}{(context.Response.Headers.Allow is { Count: > 0 } allow ? $" ({allow})" : string.Empty)}; see /docs",
            StatusCodes.Status404NotFound when request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) => $"there is no route {request.Method} {request.Path}; the API's routes are listed at /docs",
            _ => null,
        };
    }

    /// <summary>
    /// The reference for statuses ASP.NET Core's problem details leave without a <c>type</c> (it fills in the
    /// common ones), so every problem the API answers links to what its status means.
    /// </summary>
    public static string? TypeFor(int? status) => status switch
    {
        StatusCodes.Status402PaymentRequired => "https://tools.ietf.org/html/rfc9110#section-15.5.3",
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        _ => null,
    };

    // Whether the request's route takes files (multipart/form-data). The route matcher answers a wrong content type with
    // an endpoint of its own, so the routes are looked up by path (the upload routes have no parameters).
    private static bool TakesFiles(HttpContext context)
    {
        var path = context.Request.Path.Value?.TrimEnd('/');
        return context.RequestServices.GetService<EndpointDataSource>()?.Endpoints.OfType<RouteEndpoint>().Any(e =>
            string.Equals("/" + e.RoutePattern.RawText?.Trim('/'), path, StringComparison.OrdinalIgnoreCase)
            && e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Contains("multipart/form-data", StringComparer.OrdinalIgnoreCase) == true) == true;
    }

    // A path inside the data folder, by what it holds (see README, "Storage").
    private static string Describe(string path)
    {
        var parts = path.Split('/');
        return parts[0] switch
        {
            "localizations" when parts[^1].EndsWith(".json", StringComparison.Ordinal) => "the dub's project",
            "localizations" => "the uploaded video",
            "blobs" or "work" or "tmp" => "the uploaded file",
            "avatars" => "the trained avatar",
            _ => "a file of the server's",
        };
    }

    [GeneratedRegex("The JSON property '(?<name>.*?)' could not be mapped to any \\.NET member contained in type '(?<type>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex Unmapped();

    [GeneratedRegex("could not be converted to (?<type>[^ ]+?)\\.? Path", RegexOptions.CultureInvariant)]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("Failed to bind parameter \"(?<type>.+) (?<name>\\w+)\" from \"(?<value>.*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("run `talkie voices --lang ([A-Za-z-]+)`", RegexOptions.CultureInvariant)]
    private static partial Regex VoicesOfLanguage();

    // Uploads are stored under their SHA-256; a component names a file by its name, which is then the hash.
    [GeneratedRegex("\\b[0-9a-f]{64}(\\.[a-z0-9]+)?\\b", RegexOptions.CultureInvariant)]
    private static partial Regex BlobName();
}
