using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Server.Data;

namespace Talkie.Server.Tests;

/// <summary>A server with its default webhook setting: no deliveries to this machine or private networks.</summary>
public sealed class PublicWebhooksServer : TalkieServer
{
    protected override void Configure(IWebHostBuilder builder)
        => builder.UseSetting("Talkie:Server:WebhookPrivateAddresses", "false");
}

public sealed class WebhookAddressTests(PublicWebhooksServer server) : IClassFixture<PublicWebhooksServer>
{
    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "127.0.0.1")]
    [InlineData("http://localhost:8080/hook", "localhost")]
    [InlineData("http://[::1]/hook", "::1")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254")]
    [InlineData("http://10.1.2.3/hook", "10.1.2.3")]
    [InlineData("http://172.20.0.1/hook", "172.20.0.1")]
    [InlineData("https://192.168.1.10/hook", "192.168.1.10")]
    [InlineData("http://[::ffff:192.168.1.10]/hook", "::ffff:192.168.1.10")]
    [InlineData("http://[fd00::1]/hook", "fd00::1")]
    [InlineData("http://0.0.0.0/hook", "0.0.0.0")]
    [InlineData("http://LOCALHOST./hook", "localhost")]
    [InlineData("http://[64:ff9b::7f00:1]/hook", "64:ff9b::7f00:1")]
    [InlineData("http://[2002:7f00:1::]/hook", "2002:7f00:1::")]
    [InlineData("http://192.0.2.2/hook", "192.0.2.2")]
    public async Task An_endpoint_on_this_machine_or_a_private_network_is_refused_with_the_setting_that_allows_it(string url, string host)
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        var refused = await client.PostAsJsonAsync("/v1/webhooks", new { url });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var detail = (await TalkieServer.ProblemAsync(refused)).GetProperty("detail").GetString()!;
        Assert.Contains($"host {host} is on this server or a private network", detail, StringComparison.Ordinal);
        Assert.Contains("Talkie:Server:WebhookPrivateAddresses", detail, StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/v1/webhooks", TalkieServer.Json)).GetArrayLength());

        // A public address and a name are taken (a name is checked where it leads when delivering).
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v1/webhooks", new { url = "https://93.184.215.14/hook" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/talkie" })).StatusCode);
    }

    [Fact]
    public async Task An_address_of_this_machine_is_refused_even_where_it_is_not_a_private_one()
    {
        // A service listening on all interfaces is reached through the machine's own addresses, public ones too.
        var own = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.NotNull(own);
        Assert.True(Webhooks.WebhookAddresses.IsPrivate(own), $"{own} is this machine's");
        Assert.False(Webhooks.WebhookAddresses.IsPrivate(IPAddress.Parse("93.184.215.14")));

        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        var refused = await client.PostAsJsonAsync("/v1/webhooks", new { url = $"http://{own}:8098/hook" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task A_name_that_leads_to_this_machine_gets_no_delivery_and_the_log_says_why()
    {
        // An endpoint stored while the setting allowed it (written to the database as that server wrote it), whose
        // name now resolves to this machine, where a receiver listens.
        var (workspace, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 0);
        using (var scope = server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TalkieDb>();
            db.WebhookEndpoints.Add(new WebhookEndpoint { Id = "wh_local", WorkspaceId = workspace, Url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal), Secret = "whsec_test", Events = "*", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var created = await client.PostAsJsonAsync("/v1/videos", new { script = "Tell nobody.", size = "640x360", test = true });
        var video = await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json);
        await TalkieServer.WaitForVideoAsync(client, video.GetProperty("id").GetString()!);

        // Refused at once, not tried again: the address stays private while the setting stands.
        JsonElement entry;
        var until = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(200);
            entry = (await client.GetFromJsonAsync<JsonElement>("/v1/webhooks/deliveries", TalkieServer.Json)).EnumerateArray().Single();
        }
        while (entry.GetProperty("status").GetString() == "pending" && DateTime.UtcNow < until);
        Assert.Equal("failed", entry.GetProperty("status").GetString());
        Assert.Equal(1, entry.GetProperty("attempts").GetInt32());
        Assert.Contains("on this server or a private network", entry.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, receiver.Attempts);
    }
}
