using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Talkie.Benchmarks;

/// <summary>
/// The platform under load: the server started as its own process (SQLite, Hangfire, one worker) with
/// a few finished videos and one rendering, then 200 concurrent clients polling job status and listing
/// videos for a fixed time. Prints p50/p99 latency and errors (target: p99 &lt; 100 ms, no errors).
/// </summary>
internal static class ServeBenchmark
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var pauses = args.Length > 2 ? args[2].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray() : [0, 1000];
        var rendering = !args.Contains("--idle");
        using var work = new RenderBenchmark.TempFolder();
        var port = Testing.Ports.Free();
        var url = $"http://127.0.0.1:{port}";
        await using var server = Testing.ServerProcess.Start(url, work.Path, new Dictionary<string, string>
        {
            ["Talkie__Server__Plans__free__RequestsPerMinute"] = "100000000",
            ["Talkie__Server__Plans__free__MaxQueuedJobs"] = "100",
        });
        var apiKey = await server.FirstKeyAsync(TimeSpan.FromSeconds(60));
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);

        // Some finished videos to list, and one long render running during the load.
        var jobs = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var video = await (await http.PostAsJsonAsync("/v1/videos", new { script = $"Video number {i + 1} of the load test.", size = "640x360", test = true })).Content.ReadFromJsonAsync<JsonElement>(Json);
            jobs.Add(video.GetProperty("jobId").GetString()!);
        }

        while ((await http.GetFromJsonAsync<JsonElement>($"/v1/jobs/{jobs[^1]}", Json)).GetProperty("status").GetString() is "queued" or "running")
        {
            await Task.Delay(200);
        }

        if (rendering)
        {
            var running = await (await http.PostAsJsonAsync("/v1/videos", new { script = string.Join(' ', Enumerable.Repeat("A long render keeps the worker busy while the clients poll.", 60)), test = true })).Content.ReadFromJsonAsync<JsonElement>(Json);
            jobs.Add(running.GetProperty("jobId").GetString()!);
        }

        foreach (var pause in pauses)
        {
            var latencies = new List<double>[clients];
            var errors = 0;
            var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            var tasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var mine = latencies[c] = [];
                await Task.Delay(pause * c / clients);
                for (var n = 0; Stopwatch.GetTimestamp() < until; n++)
                {
                    var path = n % 2 == 0 ? $"/v1/jobs/{jobs[(c + n) % jobs.Count]}" : "/v1/videos?limit=20";
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.GetAsync(path);
                        await response.Content.ReadAsByteArrayAsync();
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref errors);
                    }

                    mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    if (pause > 0)
                    {
                        await Task.Delay(pause);
                    }
                }
            })).ToList();
            await Task.WhenAll(tasks);
            var all = latencies.SelectMany(l => l).Order().ToArray();
            double P(double q) => all[Math.Min(all.Length - 1, (int)(q * all.Length))];
            var status = (await http.GetFromJsonAsync<JsonElement>($"/v1/jobs/{jobs[^1]}", Json)).GetProperty("status").GetString();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{clients} clients {(pause == 0 ? "back to back (no pause)" : $"each polling every {pause} ms")}, job status and video lists, {seconds:0} s, {(rendering ? $"a 720p render running ({status} at the end)" : "no render running")}: {all.Length} requests, {all.Length / seconds:0} per second; latency p50 {P(0.50):0.0} ms, p99 {P(0.99):0.0} ms, max {all[^1]:0.0} ms; errors {errors} (target: p99 < 100 ms, 0 errors)"));
        }

        return 0;
    }
}
