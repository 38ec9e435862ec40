using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Talkie.Testing;

namespace Talkie.Server.Tests;

public sealed class VideoApiTests(TalkieServer server) : IClassFixture<TalkieServer>
{
    [Fact]
    public async Task A_video_is_made_from_a_script_and_downloaded_whole_or_by_range()
    {
        var (workspace, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        var current = await client.GetFromJsonAsync<JsonElement>("/v1/workspaces/current", TalkieServer.Json);
        Assert.Equal(workspace, current.GetProperty("id").GetString());
        Assert.Equal("free", current.GetProperty("plan").GetString());
        var response = await client.PostAsJsonAsync("/v1/videos", new { script = "Hello from the platform. This is a short test.", avatar = "stock:marcus", captions = "file", size = "640x360" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/videos/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("queued", created.GetProperty("status").GetString());

        // Nothing can be downloaded before the render has finished (a short render may have finished by now: then the video says so).
        var early = await client.GetAsync($"/v1/videos/{id}/download");
        if (early.StatusCode == HttpStatusCode.OK)
        {
            var now = await client.GetFromJsonAsync<JsonElement>($"/v1/videos/{id}", TalkieServer.Json);
            Assert.Equal("succeeded", now.GetProperty("status").GetString());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            await TalkieServer.ProblemAsync(early);
        }

        var video = await TalkieServer.WaitForVideoAsync(client, id);
        Assert.Equal("succeeded", video.GetProperty("status").GetString());
        Assert.Equal(100, video.GetProperty("percent").GetDouble());

        var mp4 = await client.GetByteArrayAsync($"/v1/videos/{id}/download");
        var path = Path.Combine(server.DataDirectory, $"{id}.mp4");
        await File.WriteAllBytesAsync(path, mp4);
        var duration = await TalkieServer.DurationAsync(path);
        Assert.InRange(duration, 2.0, 10.0);
        Assert.Equal(video.GetProperty("duration").GetDouble(), duration, 0.15);
        Assert.Equal((640, 360), await TalkieServer.VideoSizeAsync(path));

        using var range = new HttpRequestMessage(HttpMethod.Get, $"/v1/videos/{id}/download");
        range.Headers.Range = new RangeHeaderValue(100, 1123);
        var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(mp4.AsSpan(100, 1024).ToArray(), await partial.Content.ReadAsByteArrayAsync());

        var vtt = await client.GetStringAsync($"/v1/videos/{id}/captions.vtt");
        Assert.StartsWith("WEBVTT", vtt, StringComparison.Ordinal);
        Assert.Contains("platform", await client.GetStringAsync($"/v1/videos/{id}/captions.srt"), StringComparison.Ordinal);

        var job = await client.GetFromJsonAsync<JsonElement>($"/v1/jobs/{video.GetProperty("jobId").GetString()}", TalkieServer.Json);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.True(job.GetProperty("computeSeconds").GetDouble() > 0);

        var usage = await client.GetFromJsonAsync<JsonElement>("/v1/usage", TalkieServer.Json);
        Assert.Equal(duration, usage.GetProperty("renderSecondsUsed").GetDouble(), 0.15);

        var list = await client.GetFromJsonAsync<JsonElement>("/v1/videos", TalkieServer.Json);
        var listed = list.EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);
        Assert.EndsWith("Z", listed.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", listed.GetProperty("completedAt").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/videos/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/videos/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_cancelled_render_ends_cancelled_with_nothing_to_download()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        var script = string.Join(' ', Enumerable.Repeat("This long script will be cancelled before the render is done.", 10));
        var video = await (await client.PostAsJsonAsync("/v1/videos", new { script, test = true })).Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json);
        var jobId = video.GetProperty("jobId").GetString();
        var cancel = await client.PostAsync($"/v1/jobs/{jobId}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        var done = await TalkieServer.WaitForVideoAsync(client, video.GetProperty("id").GetString()!);
        Assert.Equal("cancelled", done.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/v1/videos/{done.GetProperty("id").GetString()}/download")).StatusCode);
        var job = await client.GetFromJsonAsync<JsonElement>($"/v1/jobs/{jobId}", TalkieServer.Json);
        Assert.Equal("cancelled", job.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/v1/jobs/{jobId}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task A_narration_upload_drives_the_presenter()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        var clip = TestMedia.Transcripts().First(t => t.Language.StartsWith("en", StringComparison.Ordinal));
        using var form = TalkieServer.Form(await File.ReadAllBytesAsync(TestMedia.Speech(clip.File)), "narration");
        var uploaded = await client.PostAsync("/v1/uploads", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var upload = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json)).GetProperty("id").GetString();

        // The recording is the voice: a voice given with it, or a language that is none, is refused up front.
        var voiced = await client.PostAsJsonAsync("/v1/videos", new { narration = upload, voice = "espeak-en-m", size = "640x360", test = true });
        Assert.Equal(HttpStatusCode.BadRequest, voiced.StatusCode);
        Assert.Contains("leave \"voice\" out", (await TalkieServer.ProblemAsync(voiced)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var unknown = await client.PostAsJsonAsync("/v1/videos", new { narration = upload, language = "xx", size = "640x360", test = true });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'xx' is not a language code", (await TalkieServer.ProblemAsync(unknown)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var response = await client.PostAsJsonAsync("/v1/videos", new { narration = upload, transcript = clip.Transcript, size = "640x360", test = true });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var video = await TalkieServer.WaitForVideoAsync(client, (await response.Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json)).GetProperty("id").GetString()!);
        Assert.Equal("succeeded", video.GetProperty("status").GetString());
        Assert.True(video.GetProperty("test").GetBoolean());

        // A test render is not counted against the plan.
        var usage = await client.GetFromJsonAsync<JsonElement>("/v1/usage", TalkieServer.Json);
        Assert.Equal(0, usage.GetProperty("renderSecondsUsed").GetDouble());
        Assert.True(usage.GetProperty("testRenderSeconds").GetDouble() > 1);
    }

    [Fact]
    public async Task Bad_requests_get_a_problem_naming_it_and_nothing_is_queued()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        static Task<string> Refused(HttpResponseMessage response, HttpStatusCode status) => DetailAsync(response, status);

        using var malformed = new StringContent("{\"script\": \"unterminated", Encoding.UTF8, "application/json");
        Assert.Contains("JSON", await Refused(await client.PostAsync("/v1/videos", malformed), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("either", await Refused(await client.PostAsJsonAsync("/v1/videos", new { }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("unknown avatar", await Refused(await client.PostAsJsonAsync("/v1/videos", new { script = "Hi.", avatar = "stock:nobody" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("nobody", await Refused(await client.PostAsJsonAsync("/v1/videos", new { script = "Hi.", voice = "espeak-nobody" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("limit", await Refused(await client.PostAsJsonAsync("/v1/videos", new { script = new string('a', 2001) }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("SSML", await Refused(await client.PostAsJsonAsync("/v1/videos", new { script = "<speak><audio/></speak>" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("background", await Refused(await client.PostAsJsonAsync("/v1/videos", new { script = "Hi.", background = "/etc/passwd" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await Refused(await client.PostAsJsonAsync("/v1/videos", new { script = "Hi.", size = "641x360" }), HttpStatusCode.BadRequest);
        await Refused(await client.PostAsJsonAsync("/v1/videos", new { narration = "upl_aaaaaaaaaaaaaaaa" }), HttpStatusCode.NotFound);
        await Refused(await client.GetAsync("/v1/videos/vid_aaaaaaaaaaaaaaaa"), HttpStatusCode.NotFound);

        // Uploads: empty, too large, not media (whatever the name or type claims), not multipart.
        Assert.Contains("empty", await Refused(await client.PostAsync("/v1/uploads", TalkieServer.Form([], "a.wav")), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("limit", await Refused(await client.PostAsync("/v1/uploads", TalkieServer.Form(new byte[TalkieServer.MaxUpload + 1], "big.wav")), HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
        Assert.Contains("not", await Refused(await client.PostAsync("/v1/uploads", TalkieServer.Form(Encoding.UTF8.GetBytes("#!/bin/sh\necho hi\n"), "voice.mp3")), HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
        Assert.Contains("multipart", await Refused(await client.PostAsync("/v1/avatars/photo", new StringContent("x")), HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
        var portrait = await File.ReadAllBytesAsync(TestMedia.Portraits.First(p => p.EndsWith(".jpg", StringComparison.Ordinal)));
        Assert.Contains("picture", await Refused(await client.PostAsync("/v1/avatars/photo", TalkieServer.Form(Encoding.UTF8.GetBytes("not a picture"), "face.jpg", ("name", "x"))), HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
        Assert.Contains("name", await Refused(await client.PostAsync("/v1/avatars/photo", TalkieServer.Form(portrait, "face.jpg")), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("no face", await Refused(await client.PostAsync("/v1/avatars/photo", TalkieServer.Form(Ffmpeg.BlankPng(320, 240), "blank.png", ("name", "blank"))), HttpStatusCode.BadRequest), StringComparison.OrdinalIgnoreCase);

        // A hostile file name is never a path: the upload is stored by its content, nothing lands outside.
        var sneaky = await client.PostAsync("/v1/avatars/photo", TalkieServer.Form(portrait, "../../../../tmp/talkie-evil.jpg", ("name", "Sneaky")));
        Assert.Equal(HttpStatusCode.Created, sneaky.StatusCode);
        Assert.False(File.Exists("/tmp/talkie-evil.jpg"));
        Assert.Empty(Directory.GetFiles(server.DataDirectory, "*evil*", SearchOption.AllDirectories));

        // Malformed JSON on every route that takes a JSON body.
        using var admin = server.ClientWith(server.AdminKey);
        foreach (var (method, path, who) in new[]
        {
            (HttpMethod.Post, "/v1/keys", client), (HttpMethod.Post, "/v1/webhooks", client), (HttpMethod.Put, "/v1/localizations/loc_aaaaaaaaaaaaaaaa/project", client),
            (HttpMethod.Post, "/v1/workspaces", admin), (HttpMethod.Post, "/v1/consent/av_aaaaaaaaaaaaaaaa", admin),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent("{\"name", Encoding.UTF8, "application/json") };
            var detail = await Refused(await who.SendAsync(request), HttpStatusCode.BadRequest);
            Assert.Contains("JSON", detail, StringComparison.Ordinal);
        }

        var jobs = await client.GetFromJsonAsync<JsonElement>("/v1/jobs", TalkieServer.Json);
        Assert.Equal(0, jobs.GetArrayLength());
    }

    [Fact]
    public async Task Problems_speak_the_APIs_language_never_the_frameworks_or_the_command_lines()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        async Task<string> Refused(HttpResponseMessage response, HttpStatusCode status)
        {
            var detail = await DetailAsync(response, status);
            Assert.DoesNotContain("System.", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("talkie ", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("--", detail, StringComparison.Ordinal);
            Assert.DoesNotContain(server.DataDirectory, detail, StringComparison.Ordinal);
            return detail;
        }

        HttpContent Body(string json, string type = "application/json") => new StringContent(json, Encoding.UTF8, type);

        // Fields of the wrong type, a body that is no object, a missing body, a query value of the wrong type, a wrong content type.
        Assert.Equal("\"fps\" must be a whole number", await Refused(await client.PostAsync("/v1/videos", Body("{\"script\":\"Hi.\",\"fps\":\"fast\"}")), HttpStatusCode.BadRequest));
        Assert.Equal("\"events\" must be a list (a JSON array)", await Refused(await client.PostAsync("/v1/webhooks", Body("{\"url\":\"https://example.com/x\",\"events\":\"x\"}")), HttpStatusCode.BadRequest));
        Assert.Contains("JSON object", await Refused(await client.PostAsync("/v1/videos", Body("[1,2]")), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("needs a JSON object body", await Refused(await client.PostAsync("/v1/keys", Body(string.Empty)), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal("\"limit\" must be a whole number, not 'abc'", await Refused(await client.GetAsync("/v1/videos?limit=abc"), HttpStatusCode.BadRequest));
        var misspelt = await Refused(await client.PostAsync("/v1/videos", Body("{\"script\":\"Hi.\",\"fsp\":30}")), HttpStatusCode.BadRequest);
        Assert.StartsWith("\"fsp\" is not a field of this request (misspelt?); the fields are ", misspelt, StringComparison.Ordinal);
        Assert.Contains("fps", misspelt, StringComparison.Ordinal);
        Assert.Contains("\"transcript\" gives the words of a \"narration\"", await Refused(await client.PostAsJsonAsync("/v1/videos", new { script = "Hi.", transcript = "Hi." }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("as the form field 'file', not 'audio'", await Refused(await client.PostAsync("/v1/uploads", FormWithFileAs("audio")), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/json", await Refused(await client.PostAsync("/v1/videos", Body("{\"script\":\"Hi.\"}", "text/plain")), HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
        Assert.Contains("/docs", await Refused(await client.PutAsync("/v1/videos", Body("{}")), HttpStatusCode.MethodNotAllowed), StringComparison.Ordinal);
        Assert.Contains("no route GET /v1/nothing", await Refused(await client.GetAsync("/v1/nothing"), HttpStatusCode.NotFound), StringComparison.Ordinal);

        // The shared components' advice, as the API gives it.
        Assert.Contains("GET /v1/avatars", await Refused(await client.PostAsJsonAsync("/v1/videos", new { script = "Hi.", avatar = "stock:bob" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("GET /v1/voices", await Refused(await client.PostAsJsonAsync("/v1/videos", new { script = "Hi.", voice = "espeak-xx-m" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("leave out \"voice\" or \"language\"", await Refused(await client.PostAsJsonAsync("/v1/videos", new { script = "Hola.", voice = "festival-en-us-slt", language = "es" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("in \"script\"", await Refused(await client.PostAsJsonAsync("/v1/videos", new { script = "...!?" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);

        // A NUL ends the speech engines' text: refused, where it is, rather than a video that says half the script.
        Assert.Contains("control character (U+0000) at line 1, column 6", await Refused(await client.PostAsJsonAsync("/v1/videos", new { script = "hello\u0000world" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);

        // Stored files are never named by their paths or hashes: a picture that is no picture.
        var broken = (byte[])[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Encoding.ASCII.GetBytes(new string('x', 400))];
        var picture = await Refused(await client.PostAsync("/v1/avatars/photo", TalkieServer.Form(broken, "face.png", ("name", "broken"))), HttpStatusCode.BadRequest);
        Assert.StartsWith("the uploaded file is not an image", picture, StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9a-f]{64}", picture);

        // Recordings that cannot drive a video are refused when they arrive: a WAV header without sound, a video without a sound track.
        var header = (byte[])[.. Encoding.ASCII.GetBytes("RIFF"), 18, 0, 0, 0, .. Encoding.ASCII.GetBytes("WAVEfmt "), 0, 0, 0, 0, 0, 0];
        Assert.Contains("cannot be read", await Refused(await client.PostAsync("/v1/uploads", TalkieServer.Form(header, "voice.wav")), HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
        var silent = Path.Combine(server.DataDirectory, "pictures-only.mp4");
        await Ffmpeg.RunAsync("-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", silent);
        Assert.Contains("no sound track", await Refused(await client.PostAsync("/v1/uploads", TalkieServer.Form(await File.ReadAllBytesAsync(silent), "narration.mp4")), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("no sound track", await Refused(await client.PostAsync("/v1/localizations", TalkieServer.Form(await File.ReadAllBytesAsync(silent), "talk.mp4", ("to", "es"))), HttpStatusCode.BadRequest), StringComparison.Ordinal);

        // Webhooks: an empty event, an overlong URL (not echoed back).
        using var nullEvent = Body("{\"url\":\"https://example.com/hook\",\"events\":[null]}");
        Assert.Contains("\"events\"[0] is empty", await Refused(await client.PostAsync("/v1/webhooks", nullEvent), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        var longUrl = "https://example.com/" + new string('a', 2100);
        var tooLong = await Refused(await client.PostAsJsonAsync("/v1/webhooks", new { url = longUrl }), HttpStatusCode.BadRequest);
        Assert.Contains("at most 2000", tooLong, StringComparison.Ordinal);
        Assert.True(tooLong.Length < 200, tooLong);

        // Stock avatars by the ids the list gives: shown, never deleted.
        var ava = await client.GetFromJsonAsync<JsonElement>("/v1/avatars/stock:ava", TalkieServer.Json);
        Assert.Equal(("stock:ava", "stock"), (ava.GetProperty("id").GetString(), ava.GetProperty("kind").GetString()));
        Assert.Contains("cannot be deleted", await Refused(await client.DeleteAsync("/v1/avatars/stock:ava"), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(5, (await client.GetFromJsonAsync<JsonElement>("/v1/avatars", TalkieServer.Json)).GetArrayLength());

        var jobs = await client.GetFromJsonAsync<JsonElement>("/v1/jobs", TalkieServer.Json);
        Assert.Equal(0, jobs.GetArrayLength());
    }

    [Fact]
    public async Task The_free_plan_badges_its_videos_and_test_renders_carry_a_watermark()
    {
        // The same words, size and seed each time: only the marks differ.
        async Task<byte[]> RenderAsync(string plan, bool test)
        {
            var (_, key) = await server.NewWorkspaceAsync(plan);
            using var client = server.ClientWith(key);
            var created = await client.PostAsJsonAsync("/v1/videos", new { script = "Hello there, and welcome.", avatar = "stock:marcus", size = "320x180", seed = 5, captions = "none", test });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json)).GetProperty("id").GetString()!;
            Assert.Equal("succeeded", (await TalkieServer.WaitForVideoAsync(client, id)).GetProperty("status").GetString());
            var path = Path.Combine(server.DataDirectory, $"{id}.mp4");
            await File.WriteAllBytesAsync(path, await client.GetByteArrayAsync($"/v1/videos/{id}/download"));
            return (await RgbaFrames.ReadAsync(path)).Pixels;
        }

        var pro = await RenderAsync("pro", test: false);
        var proTest = await RenderAsync("pro", test: true);
        var free = await RenderAsync("free", test: false);

        // Pixels changed (any channel by more than 8) in the top-left corner and in the bottom-right corner.
        static (int TopLeft, int BottomRight) Changed(byte[] a, byte[] b)
        {
            var (topLeft, bottomRight) = (0, 0);
            for (var y = 0; y < 180; y++)
            {
                for (var x = 0; x < 320; x++)
                {
                    if (RgbaFrames.Changed(a, b, 320, x, y, 8))
                    {
                        (topLeft, bottomRight) = (topLeft + (x < 100 && y < 60 ? 1 : 0), bottomRight + (x > 220 && y > 150 ? 1 : 0));
                    }
                }
            }

            return (topLeft, bottomRight);
        }

        var watermark = Changed(pro, proTest);
        var badge = Changed(pro, free);
        Assert.True(watermark.TopLeft > 100, $"the test render's corner shows no watermark ({watermark.TopLeft} pixels changed)");
        Assert.True(badge.BottomRight > 300, $"the free plan's video shows no badge ({badge.BottomRight} pixels changed)");
        Assert.True(badge.TopLeft < 10, $"the free plan's video is marked beyond its badge ({badge.TopLeft} pixels changed in the top-left corner)");
    }

    // The refusal's status and its problem's detail.
    private static async Task<string> DetailAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return (await TalkieServer.ProblemAsync(response)).GetProperty("detail").GetString()!;
    }

    private static MultipartFormDataContent FormWithFileAs(string field)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(File.ReadAllBytes(TestMedia.Speech("en_ljspeech_LJ001-0001.wav"))), field, "voice.wav");
        return form;
    }
}
