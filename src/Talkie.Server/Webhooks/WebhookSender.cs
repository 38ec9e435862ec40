using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Talkie.Server.Accounts;
using Talkie.Server.Data;

namespace Talkie.Server.Webhooks;

/// <summary>Records events for a workspace's endpoints (in the caller's unit of work).</summary>
public static class WebhookPublisher
{
    /// <summary>The events an endpoint can ask for.</summary>
    public static readonly IReadOnlyList<string> Events =
    [
        "video.succeeded", "video.failed", "video.cancelled",
        "avatar.succeeded", "avatar.failed", "avatar.cancelled", "avatar.consent",
        "localization.review", "localization.succeeded", "localization.failed", "localization.cancelled",
    ];

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds one delivery per endpoint that wants the event; returns their ids, to send once saved.</summary>
    public static IReadOnlyList<string> Record(TalkieDb db, string workspaceId, string eventName, object data)
    {
        ArgumentNullException.ThrowIfNull(db);
        var endpoints = db.WebhookEndpoints.AsNoTracking().Where(e => e.WorkspaceId == workspaceId).ToList()
            .Where(e => e.Events == "*" || e.Events.Split(',').Contains(eventName, StringComparer.Ordinal));
        var ids = new List<string>();
        var created = DateTime.UtcNow;
        foreach (var endpoint in endpoints)
        {
            var id = Ids.New("evt");
            var body = JsonSerializer.Serialize(new { id, type = eventName, created = new DateTimeOffset(created).ToUnixTimeSeconds(), workspace = workspaceId, data }, Json);
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = id,
                EndpointId = endpoint.Id,
                WorkspaceId = workspaceId,
                Event = eventName,
                Body = body,
                Status = "pending",
                CreatedAt = created,
            });
            ids.Add(id);
        }

        return ids;
    }
}

/// <summary>Sends one delivery, signed; on failure schedules the next try after a doubling wait.</summary>
public sealed class WebhookSender(TalkieDb db, IHttpClientFactory http, IBackgroundJobClient hangfire, IOptions<ServerOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
{
    /// <summary>The named HTTP client used for deliveries.</summary>
    public const string ClientName = "webhooks";

    /// <summary>The queue deliveries go through.</summary>
    public const string Queue = "webhooks";

    /// <summary>Makes one attempt.</summary>
    [AutomaticRetry(Attempts = 0)]
    [Queue(Queue)]
    public async Task DeliverAsync(string deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken).ConfigureAwait(false);
        if (delivery is null || delivery.Status != "pending")
        {
            return;
        }

        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == delivery.EndpointId, cancellationToken).ConfigureAwait(false);
        if (endpoint is null)
        {
            delivery.Status = "failed";
            delivery.LastError = "the endpoint was deleted";
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        delivery.Attempts++;
        delivery.LastAttemptAt = time.GetUtcNow().UtcDateTime;

        // An address refused is not tried again: it stays refused while the setting stands.
        var refusedAddress = false;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
            {
                Content = new StringContent(delivery.Body, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(endpoint.Secret, time.GetUtcNow().ToUnixTimeSeconds(), delivery.Body));
            request.Headers.Add("Talkie-Event", delivery.Event);
            request.Headers.Add("Talkie-Delivery", delivery.Id);
            using var response = await http.CreateClient(ClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            delivery.LastStatusCode = (int)response.StatusCode;
            delivery.LastError = response.IsSuccessStatusCode ? null : $"the endpoint answered {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            delivery.LastStatusCode = null;
            delivery.LastError = ex is TaskCanceledException ? "the endpoint did not answer in time"
                : ex.InnerException is WebhookAddressException refused ? refused.Message
                : $"could not reach the endpoint: {ex.Message}";
            refusedAddress = ex.InnerException is WebhookAddressException;
        }

        var settings = options.Value;
        if (delivery.LastError is null)
        {
            delivery.Status = "delivered";
        }
        else if (delivery.Attempts >= settings.WebhookAttempts || refusedAddress)
        {
            delivery.Status = "failed";
        }

        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        if (delivery.Status == "pending")
        {
            var wait = settings.WebhookFirstRetry * Math.Pow(2, delivery.Attempts - 1);
            logger.LogInformation("Webhook {Delivery} to {Url} failed ({Error}); next try in {Wait}", delivery.Id, endpoint.Url, delivery.LastError, wait);
            hangfire.Schedule<WebhookSender>(s => s.DeliverAsync(delivery.Id, CancellationToken.None), wait);
        }
    }
}
