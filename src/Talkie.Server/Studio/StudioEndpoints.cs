using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Talkie.Server.Accounts;
using Talkie.Server.Components;
using Talkie.Server.Data;
using Talkie.Server.Jobs;
using Talkie.Server.Storage;
using Talkie.Server.Videos;
using Talkie.Speech;

namespace Talkie.Server.Studio;

/// <summary>The studio: its pages, sign-in with a key, and its files (by cookie; the API's need a key).</summary>
public static class StudioEndpoints
{
    /// <summary>Maps the studio.</summary>
    public static void MapStudio(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        app.MapPost("/signin", async ([FromForm] string? key, [FromForm] string? returnUrl, HttpContext http, ApiKeyService keys) =>
        {
            var (found, plan, problem) = string.IsNullOrWhiteSpace(key) ? (null, null, KeyProblem.Invalid) : await keys.CheckAsync(key, http.RequestAborted);
            if (found is null || plan is null || problem != KeyProblem.None)
            {
                var why = problem switch { KeyProblem.Revoked => "revoked", KeyProblem.Expired => "expired", _ => "invalid" };
                return Results.Redirect($"/signin?error={why}");
            }

            await http.SignInAsync(ServerHost.StudioScheme, new ClaimsPrincipal(TalkieClaims.Identity(found, plan, ServerHost.StudioScheme)));
            return Results.LocalRedirect(returnUrl is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) ? r : "/");
        }).AllowAnonymous();
        app.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(ServerHost.StudioScheme);
            return Results.Redirect("/signin");
        });

        var files = app.MapGroup("/studio").RequireAuthorization(ServerHost.StudioPolicy);
        files.MapGet("/videos/{id}/{file}", async (string id, string file, ClaimsPrincipal user, TalkieDb db, BlobStore blobs, CancellationToken ct) =>
        {
            var workspace = user.WorkspaceId();
            var video = await db.Videos.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.WorkspaceId == workspace, ct);
            if (video is null || video.Status != JobStatus.Succeeded)
            {
                return Results.NotFound();
            }

            var (hash, type) = file switch
            {
                "video.mp4" => (video.VideoBlob, "video/mp4"),
                "captions.vtt" => (video.VttBlob, "text/vtt"),
                "captions.srt" => (video.SrtBlob, "application/x-subrip"),
                _ => (null, string.Empty),
            };
            return hash is null ? Results.NotFound() : Results.File(blobs.PathOf(hash), type, $"{Slug(video.Title)}{Path.GetExtension(file)}", enableRangeProcessing: true);
        });
        files.MapGet("/localizations/{id}/dub.mp4", async (string id, ClaimsPrincipal user, TalkieDb db, BlobStore blobs, CancellationToken ct) =>
        {
            var workspace = user.WorkspaceId();
            var dub = await db.Localizations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id && l.WorkspaceId == workspace, ct);
            return dub?.VideoBlob is null || dub.Status != JobStatus.Succeeded ? Results.NotFound() : Results.File(blobs.PathOf(dub.VideoBlob), "video/mp4", $"{dub.Id}.{dub.To}.mp4", enableRangeProcessing: true);
        });
        files.MapGet("/avatars/{id}/thumbnail", async (string id, ClaimsPrincipal user, TalkieDb db, Avatars.ThumbnailService thumbnails, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "private, max-age=3600";
            if (thumbnails.Stock(id) is { } png)
            {
                return Results.File(png, "image/png");
            }

            // Reviewers see the avatars of every workspace; everyone else only their own.
            var workspace = user.WorkspaceId();
            var admin = user.IsInRole(TalkieClaims.AdminRole);
            var own = await db.Avatars.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && (admin || a.WorkspaceId == workspace), ct);
            return own is not null && await thumbnails.OwnAsync(own, ct) is { } picture ? Results.File(picture.Path, picture.ContentType) : Results.NotFound();
        });
        files.MapGet("/voices/{id}/preview.wav", async (string id, VoiceCatalog voices, PreviewService previews, CancellationToken ct)
            => voices.Find(id) is { } voice ? Results.File(await previews.SampleAsync(voice, ct), "audio/wav", enableRangeProcessing: true) : Results.NotFound());
    }

    private static string Slug(string title)
    {
        var slug = new string(title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return slug.Length == 0 ? "talkie-video" : slug[..Math.Min(slug.Length, 50)].Trim('-');
    }
}
