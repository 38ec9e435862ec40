using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Media;
using Talkie.Testing;

namespace Talkie.Server.Tests;

/// <summary>
/// The real server in the test host: SQLite and the blob store in a temporary folder, Hangfire with
/// its SQLite storage and one worker, the real core rendering. Small limits and extra plans make
/// quotas reachable in a test.
/// </summary>
public class TalkieServer : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public TalkieServer()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "talkie-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; }

    public const long MaxUpload = 8L * 1024 * 1024;

    /// <summary>Gets the first administrator key of this server.</summary>
    public string AdminKey
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<ServerInitializer>().FirstKey ?? throw new InvalidOperationException("the server made no first key");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Talkie:Server:DataDirectory", DataDirectory);
        builder.UseSetting("Talkie:Server:MaxUploadBytes", MaxUpload.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Talkie:Server:MaxScriptCharacters", "2000");
        builder.UseSetting("Talkie:Server:QueuePollInterval", "00:00:00.500");
        builder.UseSetting("Talkie:Server:CacheBytes", (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Talkie:Server:WebhookFirstRetry", "00:00:01");
        builder.UseSetting("Talkie:Server:WebhookAttempts", "3");

        // The tests' webhook receivers listen on 127.0.0.1.
        builder.UseSetting("Talkie:Server:WebhookPrivateAddresses", "true");
        builder.UseSetting("Talkie:Server:Plans:tiny:Name", "Tiny");
        builder.UseSetting("Talkie:Server:Plans:tiny:MonthlyRenderSeconds", "2");
        builder.UseSetting("Talkie:Server:Plans:tiny:MaxQueuedJobs", "1");
        builder.UseSetting("Talkie:Server:Plans:tiny:MaxHeight", "720");
        builder.UseSetting("Talkie:Server:Plans:tiny:RequestsPerMinute", "1000");
        builder.UseSetting("Talkie:Server:Plans:chatty:Name", "Chatty");
        builder.UseSetting("Talkie:Server:Plans:chatty:RequestsPerMinute", "5");
        builder.UseSetting("Talkie:Server:Plans:free:RequestsPerMinute", "100000");
        builder.UseSetting("Talkie:Server:Plans:free:MaxQueuedJobs", "10");
        Configure(builder);
    }

    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    public HttpClient ClientWith(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Makes a workspace on a plan and returns its first key.</summary>
    public async Task<(string Id, string Key)> NewWorkspaceAsync(string plan = "free")
    {
        using var admin = ClientWith(AdminKey);
        var response = await admin.PostAsJsonAsync("/v1/workspaces", new { name = "Team " + plan, plan });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    /// <summary>Waits until a video's status is final and returns it.</summary>
    public static async Task<JsonElement> WaitForVideoAsync(HttpClient client, string id, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var video = await client.GetFromJsonAsync<JsonElement>($"/v1/videos/{id}", Json);
            var status = video.GetProperty("status").GetString();
            if (status is "succeeded" or "failed" or "cancelled")
            {
                return video;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"video {id} is still {status} at {video.GetProperty("percent").GetDouble()}%");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>A multipart form with one file part (named as a client might name it) and text fields.</summary>
    public static MultipartFormDataContent Form(byte[] bytes, string fileName, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    /// <summary>Returns a media file's duration in seconds, as the project's probe reads it.</summary>
    public static async Task<double> DurationAsync(string path)
        => (await TestServices.Get<MediaProbe>().ProbeAsync(path, CancellationToken.None)).Duration!.Value.TotalSeconds;

    /// <summary>Returns the size of a file's video stream.</summary>
    public static async Task<(int Width, int Height)> VideoSizeAsync(string path)
    {
        var video = (await TestServices.Get<MediaProbe>().ProbeAsync(path, CancellationToken.None)).Video!;
        return (video.Width, video.Height);
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.StartsWith("https://", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        return problem;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
