using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Talkie.Server.Tests;

/// <summary>A real HTTP endpoint on loopback that records what it receives (answering 500 to the first few).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<(IReadOnlyDictionary<string, string> Headers, string Body)> _received = Channel.CreateUnbounded<(IReadOnlyDictionary<string, string>, string)>();
    private int _attempts;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url => _app.Urls.First() + "/hook";

    public int Attempts => _attempts;

    public static async Task<WebhookReceiver> StartAsync(int failFirst)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            var attempt = Interlocked.Increment(ref receiver._attempts);
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            if (attempt <= failFirst)
            {
                return Results.StatusCode(500);
            }

            await receiver._received.Writer.WriteAsync((request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async Task<(IReadOnlyDictionary<string, string> Headers, string Body)> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(cancel.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
