using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Talkie.Testing;

namespace Talkie.Server.Tests;

/// <summary>The long jobs through the API: dubbing with its review step, and training an avatar from footage.</summary>
public sealed class MediaJobTests(TalkieServer server) : IClassFixture<TalkieServer>
{
    [Fact]
    public async Task A_dub_is_translated_reviewed_edited_and_rendered()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        var languages = await client.GetStringAsync("/v1/localizations/languages");
        Assert.Contains("\"to\":\"es\"", languages, StringComparison.Ordinal);

        var source = TestMedia.TalkingHead("obama_weekly_address_clip_a.mp4");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/v1/localizations", TalkieServer.Form(await File.ReadAllBytesAsync(source), "upload.bin", ("to", "tlh")))).StatusCode);
        var started = await client.PostAsync("/v1/localizations", TalkieServer.Form(await File.ReadAllBytesAsync(source), "upload.bin", ("to", "es")));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/v1/localizations/{id}/render", null)).StatusCode);

        var dub = await WaitAsync(client, $"/v1/localizations/{id}", "review");
        var project = await client.GetFromJsonAsync<JsonElement>($"/v1/localizations/{id}/project", TalkieServer.Json);
        var segments = project.GetProperty("segments");
        Assert.True(segments.GetArrayLength() >= 1);
        Assert.Equal("es", project.GetProperty("to").GetString());
        Assert.False(project.TryGetProperty("video", out _));

        var wrong = await client.PutAsJsonAsync($"/v1/localizations/{id}/project", new { segments = new[] { new { id = 99, target = "x" } } });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("segment 99", (await TalkieServer.ProblemAsync(wrong)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var nullSegment = new StringContent("{\"segments\":[null]}", System.Text.Encoding.UTF8, "application/json");
        var nothing = await client.PutAsync($"/v1/localizations/{id}/project", nullSegment);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Contains("\"segments\"[0] is null", (await TalkieServer.ProblemAsync(nothing)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (var (voice, says) in new[] { ("nope", "there is no voice 'nope'"), ("festival-en-us-slt", "not this dub's language ('es')") })
        {
            var refused = await client.PutAsJsonAsync($"/v1/localizations/{id}/project", new { voice });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var detail = (await TalkieServer.ProblemAsync(refused)).GetProperty("detail").GetString()!;
            Assert.Contains(says, detail, StringComparison.Ordinal);
            Assert.Contains("GET /v1/voices?lang=es", detail, StringComparison.Ordinal);
        }

        var edited = await client.PutAsJsonAsync($"/v1/localizations/{id}/project", new { segments = new[] { new { id = 1, target = "Hola a todos, bienvenidos." } }, voice = "espeak-es-f" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Contains("Hola a todos, bienvenidos.", await client.GetStringAsync($"/v1/localizations/{id}/project"), StringComparison.Ordinal);
        Assert.Equal("espeak-es-f", (await edited.Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json)).GetProperty("voice").GetString());

        // A render that fails keeps the review: here the project on disk names a voice this machine lacks (as if
        // it had been removed since the review); the dub fails, the edit that fixes it puts it back in review,
        // and the render is tried again. "" is the default voice again.
        var projectFile = Path.Combine(server.DataDirectory, "localizations", id, "dub.project.json");
        await File.WriteAllTextAsync(projectFile, (await File.ReadAllTextAsync(projectFile)).Replace("\"espeak-es-f\"", "\"espeak-gone-f\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/v1/localizations/{id}/render", null)).StatusCode);
        var failed = await WaitAsync(client, $"/v1/localizations/{id}", "failed");
        Assert.Contains("espeak-gone-f", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.DataDirectory, failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        var fixedVoice = await client.PutAsJsonAsync($"/v1/localizations/{id}/project", new { voice = "" });
        Assert.Equal(HttpStatusCode.OK, fixedVoice.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await fixedVoice.Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json)).GetProperty("voice").ValueKind);
        dub = await client.GetFromJsonAsync<JsonElement>($"/v1/localizations/{id}", TalkieServer.Json);
        Assert.Equal("review", dub.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, dub.GetProperty("error").ValueKind);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/v1/localizations/{id}/render", null)).StatusCode);
        dub = await WaitAsync(client, $"/v1/localizations/{id}", "succeeded");
        var finished = await client.GetFromJsonAsync<JsonElement>($"/v1/jobs/{dub.GetProperty("jobId").GetString()}", TalkieServer.Json);
        Assert.Equal(("done", 100.0), (finished.GetProperty("stage").GetString(), finished.GetProperty("percent").GetDouble()));

        // The render kept the reviewed project: its first segment is still the edited line (the CLI's test finds such edits in the dub's subtitles).
        var spoken = await client.GetFromJsonAsync<JsonElement>($"/v1/localizations/{id}/project", TalkieServer.Json);
        Assert.Equal("Hola a todos, bienvenidos.", spoken.GetProperty("segments")[0].GetProperty("target").GetString());
        var mp4 = Path.Combine(server.DataDirectory, $"{id}.mp4");
        await File.WriteAllBytesAsync(mp4, await client.GetByteArrayAsync($"/v1/localizations/{id}/download"));
        Assert.Equal(await TalkieServer.DurationAsync(source), await TalkieServer.DurationAsync(mp4), 0.1);
        Assert.Equal(await TalkieServer.VideoSizeAsync(source), await TalkieServer.VideoSizeAsync(mp4));
    }

    [Fact]
    public async Task An_avatar_trained_from_uploaded_footage_renders_previews_until_approved()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        var footage = TestMedia.TalkingHead("obama_weekly_address_clip_b.mp4");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsync("/v1/avatars/trained", TalkieServer.Form(await File.ReadAllBytesAsync(TestMedia.Portraits[0]), "upload.bin", ("name", "still")))).StatusCode);
        var unknownLanguage = await client.PostAsync("/v1/avatars/trained", TalkieServer.Form(await File.ReadAllBytesAsync(footage), "upload.bin", ("name", "Speaker"), ("language", "xx")));
        Assert.Equal(HttpStatusCode.BadRequest, unknownLanguage.StatusCode);
        Assert.Contains("'xx' is not a language", (await TalkieServer.ProblemAsync(unknownLanguage)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var response = await client.PostAsync("/v1/avatars/trained", TalkieServer.Form(await File.ReadAllBytesAsync(footage), "upload.bin", ("name", "Speaker"), ("language", "en")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var avatar = await response.Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json);
        var id = avatar.GetProperty("id").GetString()!;
        Assert.Equal("training", avatar.GetProperty("status").GetString());
        Assert.Equal("trained from footage in English", avatar.GetProperty("description").GetString());
        var early = await client.PostAsJsonAsync("/v1/videos", new { script = "Too early.", avatar = id });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains($"'Speaker' is still being trained; use it once it is ready (GET /v1/avatars/{id} shows its progress)", (await TalkieServer.ProblemAsync(early)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync("/v1/avatars/trained", TalkieServer.Form(await File.ReadAllBytesAsync(footage), "upload.bin", ("name", "Speaker")))).StatusCode);

        var job = await WaitAsync(client, $"/v1/jobs/{avatar.GetProperty("jobId").GetString()}", "succeeded");
        Assert.Equal(100, job.GetProperty("percent").GetDouble());
        avatar = await client.GetFromJsonAsync<JsonElement>($"/v1/avatars/{id}", TalkieServer.Json);
        Assert.Equal("ready", avatar.GetProperty("status").GetString());
        Assert.Equal("pending", avatar.GetProperty("consent").GetString());

        // 4.5 s of footage: the training's note says so, as a note, not as an error.
        Assert.Equal(JsonValueKind.Null, avatar.GetProperty("error").ValueKind);
        Assert.Contains("30 s", avatar.GetProperty("notes").GetString(), StringComparison.Ordinal);

        var video = await (await client.PostAsJsonAsync("/v1/videos", new { script = "Hello, this is my trained avatar.", avatar = id, test = true })).Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json);
        Assert.True(video.GetProperty("preview").GetBoolean());
        var done = await TalkieServer.WaitForVideoAsync(client, video.GetProperty("id").GetString()!);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var mp4 = Path.Combine(server.DataDirectory, "trained.mp4");
        await File.WriteAllBytesAsync(mp4, await client.GetByteArrayAsync($"/v1/videos/{done.GetProperty("id").GetString()}/download"));
        Assert.Equal(await TalkieServer.VideoSizeAsync(footage), await TalkieServer.VideoSizeAsync(mp4));
        Assert.InRange(await TalkieServer.DurationAsync(mp4), 1.5, 6);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/avatars/{id}")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "avatars", "av-" + id["av_".Length..])));
    }

    [Fact]
    public async Task An_avatar_whose_training_failed_says_why_when_a_video_asks_for_it()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);

        // Footage with sound and pictures, but no one in it.
        var empty = Path.Combine(server.DataDirectory, "nobody.mp4");
        await Ffmpeg.RunAsync("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=4", "-f", "lavfi", "-i", "sine=frequency=220:duration=4", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", empty);
        var response = await client.PostAsync("/v1/avatars/trained", TalkieServer.Form(await File.ReadAllBytesAsync(empty), "upload.bin", ("name", "Nobody")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var avatar = await response.Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json);
        var id = avatar.GetProperty("id").GetString()!;
        await WaitAsync(client, $"/v1/jobs/{avatar.GetProperty("jobId").GetString()}", "failed");
        avatar = await client.GetFromJsonAsync<JsonElement>($"/v1/avatars/{id}", TalkieServer.Json);
        Assert.Equal("failed", avatar.GetProperty("status").GetString());
        var reason = avatar.GetProperty("error").GetString()!;
        Assert.DoesNotContain("/work", reason, StringComparison.Ordinal);

        var video = await client.PostAsJsonAsync("/v1/videos", new { script = "Hello.", avatar = id, test = true });
        Assert.Equal(HttpStatusCode.Conflict, video.StatusCode);
        var detail = (await TalkieServer.ProblemAsync(video)).GetProperty("detail").GetString()!;
        Assert.StartsWith($"the avatar 'Nobody' could not be made: {reason}", detail, StringComparison.Ordinal);
        Assert.EndsWith("; delete it and make it again", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/avatars/{id}")).StatusCode);
    }

    private static async Task<JsonElement> WaitAsync(HttpClient client, string path, string status)
    {
        var until = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            var item = await client.GetFromJsonAsync<JsonElement>(path, TalkieServer.Json);
            var now = item.GetProperty("status").GetString();
            if (now == status)
            {
                return item;
            }

            Assert.True(now is not ("failed" or "cancelled") || status == now, $"{path} {now}: {item}");
            Assert.True(DateTime.UtcNow < until, $"{path} is still {now}");
            await Task.Delay(300);
        }
    }

}
