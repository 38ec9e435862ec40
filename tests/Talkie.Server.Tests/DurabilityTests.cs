using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Talkie.Testing;
using Xunit.Abstractions;

namespace Talkie.Server.Tests;

/// <summary>The server as its own process, killed with SIGKILL in the middle of a render and started again.</summary>
public sealed class DurabilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "talkie-durability", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_render_killed_midway_completes_exactly_once_after_a_restart_and_nothing_partial_is_served()
    {
        Directory.CreateDirectory(_data);
        var port = Ports.Free();
        var url = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string>
        {
            ["Talkie__Server__InvisibilityTimeout"] = "00:00:05",
            ["Talkie__Server__JobLease"] = "00:00:03",
            ["Talkie__Server__QueuePollInterval"] = "00:00:00.500",
            ["Talkie__Server__WebhookPrivateAddresses"] = "true",
        };
        await using var first = ServerProcess.Start(url, _data, settings);
        var key = await first.FirstKeyAsync(TimeSpan.FromSeconds(60));

        using var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 0);
        (await client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url })).EnsureSuccessStatusCode();

        var script = string.Join(' ', Enumerable.Repeat("This sentence keeps the renderer busy for a while, so that the server can be killed in the middle of the work.", 8));
        var created = await (await client.PostAsJsonAsync("/v1/videos", new { script, test = true })).Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json);
        var id = created.GetProperty("id").GetString()!;
        var jobId = created.GetProperty("jobId").GetString()!;

        // Kill it hard once the frames are being encoded. Two requests a look, four looks a second: under
        // the plan's 600 requests a minute (polling every 100 ms, a fast server once answered 429 here).
        var until = DateTime.UtcNow.AddMinutes(3);
        JsonElement job;
        do
        {
            await Task.Delay(250);
            job = await client.GetFromJsonAsync<JsonElement>($"/v1/jobs/{jobId}", TalkieServer.Json);
            Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/v1/videos/{id}/download")).StatusCode);
        }
        while (!(job.GetProperty("stage").GetString() == "rendering" && job.GetProperty("percent").GetDouble() >= 40) && DateTime.UtcNow < until);
        var killedAt = job.GetProperty("percent").GetDouble();
        await first.KillAsync();
        output.WriteLine($"killed at {killedAt}% ({job.GetProperty("stage").GetString()})");
        Assert.InRange(killedAt, 40, 95);

        await using var second = ServerProcess.Start(url, _data, settings);
        try
        {
            await WaitForListeningAsync(client);

            // Still nothing to download while the job waits to be taken again and runs.
            var video = await PollAsync(client, id, async () =>
            {
                // A download answers only once the video has succeeded (it may have, since the poll).
                using var download = await client.GetAsync($"/v1/videos/{id}/download", HttpCompletionOption.ResponseHeadersRead);
                if (download.StatusCode != HttpStatusCode.Conflict)
                {
                    Assert.Equal(HttpStatusCode.OK, download.StatusCode);
                    var now = await client.GetFromJsonAsync<JsonElement>($"/v1/videos/{id}", TalkieServer.Json);
                    Assert.Equal("succeeded", now.GetProperty("status").GetString());
                }
            });
            Assert.Equal("succeeded", video.GetProperty("status").GetString());

            job = await client.GetFromJsonAsync<JsonElement>($"/v1/jobs/{jobId}", TalkieServer.Json);
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
            Assert.Equal(2, job.GetProperty("attempts").GetInt32());

            var mp4 = Path.Combine(_data, "downloaded.mp4");
            await File.WriteAllBytesAsync(mp4, await client.GetByteArrayAsync($"/v1/videos/{id}/download"));
            Assert.Equal(video.GetProperty("duration").GetDouble(), await TalkieServer.DurationAsync(mp4), 0.15);
            await Ffmpeg.RunAsync("-v", "error", "-i", mp4, "-f", "null", "-");

            // Exactly once: one completion event, one usage record, one stored MP4.
            var delivery = await receiver.NextAsync(TimeSpan.FromSeconds(30));
            Assert.Contains(id, delivery.Body, StringComparison.Ordinal);
            await Task.Delay(3000);
            Assert.Equal(1, receiver.Attempts);
            var usage = await client.GetFromJsonAsync<JsonElement>("/v1/usage", TalkieServer.Json);
            Assert.Equal(1, usage.GetProperty("jobs").GetInt32());
            Assert.Single(Directory.GetFiles(Path.Combine(_data, "blobs"), "*", SearchOption.AllDirectories), f => new FileInfo(f).Length > 100_000);
            Assert.False(Directory.Exists(Path.Combine(_data, "work", jobId)));
        }
        finally
        {
            await second.KillAsync();
            output.WriteLine(string.Join('\n', first.Lines.Concat(second.Lines).TakeLast(30)));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }



    private static async Task WaitForListeningAsync(HttpClient client)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                (await client.GetAsync("/v1/usage")).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string id, Func<Task> whileRunning)
    {
        var until = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            var video = await client.GetFromJsonAsync<JsonElement>($"/v1/videos/{id}", TalkieServer.Json);
            if (video.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled")
            {
                return video;
            }

            await whileRunning();
            Assert.True(DateTime.UtcNow < until, $"the video is still {video.GetProperty("status").GetString()}");
            await Task.Delay(300);
        }
    }
}
