using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Talkie.Server.Data;

namespace Talkie.Server.Accounts;

/// <summary>The claims a request carries once its key is accepted.</summary>
public static class TalkieClaims
{
    /// <summary>The workspace's id.</summary>
    public const string Workspace = "talkie:workspace";

    /// <summary>The key's id.</summary>
    public const string Key = "talkie:key";

    /// <summary>The workspace's plan.</summary>
    public const string Plan = "talkie:plan";

    /// <summary>The role of a key that administers the server.</summary>
    public const string AdminRole = "admin";

    /// <summary>Gets the workspace of an authenticated request.</summary>
    public static string WorkspaceId(this ClaimsPrincipal user)
        => user?.FindFirstValue(Workspace) ?? throw new InvalidOperationException("the request is not authenticated");

    /// <summary>Gets the key of an authenticated request.</summary>
    public static string KeyId(this ClaimsPrincipal user)
        => user?.FindFirstValue(Key) ?? throw new InvalidOperationException("the request is not authenticated");

    /// <summary>Builds the claims of a key.</summary>
    public static ClaimsIdentity Identity(ApiKey key, string plan, string scheme)
    {
        ArgumentNullException.ThrowIfNull(key);
        var claims = new List<Claim>
        {
            new(Workspace, key.WorkspaceId),
            new(Key, key.Id),
            new(Plan, plan),
            new(ClaimTypes.Name, key.Name),
        };
        if (key.IsAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, AdminRole));
        }

        return new ClaimsIdentity(claims, scheme);
    }
}

/// <summary>Authenticates API requests by key: <c>Authorization: Bearer tk_…</c> (or <c>X-Api-Key</c>).</summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    private const string ProblemItem = "talkie:key-problem";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? presented = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = header["Bearer ".Length..].Trim();
        }
        else if (Request.Headers.TryGetValue("X-Api-Key", out var apiKey))
        {
            presented = apiKey.ToString();
        }

        if (string.IsNullOrEmpty(presented))
        {
            return AuthenticateResult.NoResult();
        }

        var (key, plan, problem) = await keys.CheckAsync(presented, Context.RequestAborted).ConfigureAwait(false);
        if (key is null || plan is null || problem != KeyProblem.None)
        {
            Context.Items[ProblemItem] = problem;
            return AuthenticateResult.Fail(problem.ToString());
        }

        var identity = TalkieClaims.Identity(key, plan, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = Context.Items[ProblemItem] switch
        {
            KeyProblem.Revoked => "this API key was revoked; make a new one in the studio's settings or with POST /v1/keys",
            KeyProblem.Expired => "this API key has expired; make a new one in the studio's settings or with POST /v1/keys",
            KeyProblem.Invalid => "this API key is not valid; check it was copied whole (tk_…)",
            _ => "an API key is needed: send it as 'Authorization: Bearer tk_…' (./talkie serve printed the first one)",
        };
        return Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(Context);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => Results.Problem("this needs an administrator's key", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(Context);
}
