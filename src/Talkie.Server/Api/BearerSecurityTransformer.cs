using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Talkie.Server.Api;

/// <summary>Describes the API's key in the OpenAPI document (<c>Authorization: Bearer tk_…</c>), so Scalar offers it.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Talkie API",
            Version = "v1",
            Description = "Make presenter videos, train avatars and dub videos, as jobs with progress. Send your key as 'Authorization: Bearer tk_…'. Errors are RFC 9457 problem details.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "tk_…",
            Description = "An API key of the workspace (./talkie serve prints the first one; make more in the studio's settings).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] });
        return Task.CompletedTask;
    }
}
