namespace Talkie.Server.Api;

/// <summary>A request the API refuses: becomes a ProblemDetails with this status.</summary>
public sealed class ApiProblemException(int statusCode, string title, string detail) : Exception(detail)
{
    /// <summary>Gets the HTTP status.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>Gets the short title.</summary>
    public string Title { get; } = title;

    /// <summary>A 404 for something the workspace does not have (the same answer whether it exists elsewhere or not).</summary>
    public static ApiProblemException NotFound(string what, string id)
        => new(StatusCodes.Status404NotFound, "Not found", $"this workspace has no {what} '{id}'");

    /// <summary>A 400 naming the problem and the fix.</summary>
    public static ApiProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad request", detail);

    /// <summary>A 403: the key may not do this.</summary>
    public static ApiProblemException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail);

    /// <summary>A 409: the thing is not in a state that allows this.</summary>
    public static ApiProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);
}
