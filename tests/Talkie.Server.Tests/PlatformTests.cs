using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Testing;

namespace Talkie.Server.Tests;

public sealed class PlatformTests(TalkieServer server) : IClassFixture<TalkieServer>
{
    [Fact]
    public async Task A_workspace_can_neither_read_nor_change_anything_of_another()
    {
        var (_, keyA) = await server.NewWorkspaceAsync();
        var (_, keyB) = await server.NewWorkspaceAsync();
        using var a = server.ClientWith(keyA);
        using var b = server.ClientWith(keyB);

        // A owns one of everything.
        var video = await Json(await a.PostAsJsonAsync("/v1/videos", new { script = "Only for workspace A.", size = "640x360", test = true }));
        var videoId = video.GetProperty("id").GetString()!;
        var jobId = video.GetProperty("jobId").GetString()!;
        var avatar = await Json(await a.PostAsync("/v1/avatars/photo", TalkieServer.Form(await File.ReadAllBytesAsync(TestMedia.Portraits[0]), "upload.bin", ("name", "A's face"), ("allowSmallFace", "true"))));
        var avatarId = avatar.GetProperty("id").GetString()!;
        var upload = await Json(await a.PostAsync("/v1/uploads", TalkieServer.Form(await File.ReadAllBytesAsync(TestMedia.Speech(TestMedia.Transcripts()[0].File)), "upload.bin")));
        var uploadId = upload.GetProperty("id").GetString()!;
        var hook = await Json(await a.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hook" }));
        var hookId = hook.GetProperty("id").GetString()!;
        var key = await Json(await a.PostAsJsonAsync("/v1/keys", new { name = "A's second key" }));
        var keyId = key.GetProperty("id").GetString()!;
        var dub = await Json(await a.PostAsync("/v1/localizations", TalkieServer.Form(await File.ReadAllBytesAsync(TestMedia.TalkingHead("obama_weekly_address_clip_a.mp4")), "upload.bin", ("to", "es"))));
        var dubId = dub.GetProperty("id").GetString()!;
        await TalkieServer.WaitForVideoAsync(a, videoId);

        // B gets 404 on every route that names one of A's things, and 404 or 409 where a state check would come first.
        (HttpMethod Method, string Path, HttpContent? Body)[] attempts =
        [
            (HttpMethod.Get, $"/v1/videos/{videoId}", null),
            (HttpMethod.Get, $"/v1/videos/{videoId}/download", null),
            (HttpMethod.Get, $"/v1/videos/{videoId}/captions.vtt", null),
            (HttpMethod.Get, $"/v1/videos/{videoId}/captions.srt", null),
            (HttpMethod.Delete, $"/v1/videos/{videoId}", null),
            (HttpMethod.Post, "/v1/videos", JsonContent.Create(new { narration = uploadId })),
            (HttpMethod.Post, "/v1/videos", JsonContent.Create(new { script = "Steal the face.", avatar = avatarId })),
            (HttpMethod.Get, $"/v1/avatars/{avatarId}", null),
            (HttpMethod.Delete, $"/v1/avatars/{avatarId}", null),
            (HttpMethod.Get, $"/v1/jobs/{jobId}", null),
            (HttpMethod.Post, $"/v1/jobs/{jobId}/cancel", null),
            (HttpMethod.Delete, $"/v1/keys/{keyId}", null),
            (HttpMethod.Delete, $"/v1/webhooks/{hookId}", null),
            (HttpMethod.Get, $"/v1/localizations/{dubId}", null),
            (HttpMethod.Get, $"/v1/localizations/{dubId}/project", null),
            (HttpMethod.Put, $"/v1/localizations/{dubId}/project", JsonContent.Create(new { segments = new[] { new { id = 1, target = "pwned" } } })),
            (HttpMethod.Post, $"/v1/localizations/{dubId}/render", null),
            (HttpMethod.Get, $"/v1/localizations/{dubId}/download", null),
            (HttpMethod.Delete, $"/v1/localizations/{dubId}", null),
        ];
        foreach (var (method, path, body) in attempts)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body };
            var response = await b.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} as workspace B answered {(int)response.StatusCode}");
            await TalkieServer.ProblemAsync(response);
        }

        // B's lists show none of A's things.
        foreach (var list in new[] { "/v1/videos", "/v1/avatars", "/v1/jobs", "/v1/keys", "/v1/webhooks", "/v1/webhooks/deliveries", "/v1/localizations" })
        {
            var text = await b.GetStringAsync(list);
            foreach (var id in new[] { videoId, avatarId, jobId, keyId, hookId, dubId })
            {
                Assert.DoesNotContain(id, text, StringComparison.Ordinal);
            }
        }

        // And A's things are all still there, unchanged.
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/v1/videos/{videoId}/download")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/v1/avatars/{avatarId}")).StatusCode);
        Assert.Contains(hookId, await a.GetStringAsync("/v1/webhooks"), StringComparison.Ordinal);
        Assert.DoesNotContain("\"revokedAt\":\"", (await a.GetStringAsync("/v1/keys")).Split(keyId)[1].Split('}')[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/v1/localizations/{dubId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/v1/localizations/{dubId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/v1/localizations/{dubId}")).StatusCode);
    }

    [Fact]
    public async Task Missing_wrong_revoked_and_expired_keys_get_401()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var anonymous = server.CreateClient();
        var none = await anonymous.GetAsync("/v1/videos");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("API key", (await TalkieServer.ProblemAsync(none)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var wrong = server.ClientWith(key[..^4] + "aaaa");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/v1/videos")).StatusCode);

        using var owner = server.ClientWith(key);
        var second = await Json(await owner.PostAsJsonAsync("/v1/keys", new { name = "to revoke" }));
        using var revoked = server.ClientWith(second.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await revoked.GetAsync("/v1/videos")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/keys/{second.GetProperty("id").GetString()}")).StatusCode);
        var afterRevoke = await revoked.GetAsync("/v1/videos");
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Contains("revoked", (await TalkieServer.ProblemAsync(afterRevoke)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Eight seconds of life: time for the first request even when the machine is busy.
        var expiresAt = DateTime.UtcNow.AddSeconds(8);
        var shortLived = await Json(await owner.PostAsJsonAsync("/v1/keys", new { name = "short", expiresAt }));
        using var expiring = server.ClientWith(shortLived.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await expiring.GetAsync("/v1/usage")).StatusCode);
        var left = expiresAt.AddSeconds(0.5) - DateTime.UtcNow;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }

        var expired = await expiring.GetAsync("/v1/usage");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", (await TalkieServer.ProblemAsync(expired)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Keys are stored hashed: the database never holds the key itself.
        var database = await File.ReadAllBytesAsync(Path.Combine(server.DataDirectory, "talkie.db"));
        Assert.Equal(-1, System.Text.Encoding.ASCII.GetString(database).IndexOf(key.Split('_')[2], StringComparison.Ordinal));

        // Only administrators make workspaces or review consent.
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostAsJsonAsync("/v1/workspaces", new { name = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync("/v1/consent/queue")).StatusCode);

        // An administrator's key is revoked only by an administrator, and the last one never: administrator keys
        // are made only on the first start, so without one nobody could make workspaces or review consent again.
        using var admin = server.ClientWith(server.AdminKey);
        var adminKeyId = (await admin.GetFromJsonAsync<JsonElement>("/v1/keys", TalkieServer.Json)).EnumerateArray().Single(k => k.GetProperty("admin").GetBoolean()).GetProperty("id").GetString();
        var memberKeyInAdminsWorkspace = await Json(await admin.PostAsJsonAsync("/v1/keys", new { name = "member" }));
        using var member = server.ClientWith(memberKeyInAdminsWorkspace.GetProperty("key").GetString()!);
        var byMember = await member.DeleteAsync($"/v1/keys/{adminKeyId}");
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Contains("only with an administrator's key", (await TalkieServer.ProblemAsync(byMember)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var last = await admin.DeleteAsync($"/v1/keys/{adminKeyId}");
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Contains("last working administrator key", (await TalkieServer.ProblemAsync(last)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/consent/queue")).StatusCode);
    }

    [Fact]
    public async Task Quotas_answer_402_and_429()
    {
        var (_, key) = await server.NewWorkspaceAsync("tiny");
        using var client = server.ClientWith(key);

        var tooTall = await client.PostAsJsonAsync("/v1/videos", new { script = "Big.", size = "1080p" });
        Assert.Equal(HttpStatusCode.PaymentRequired, tooTall.StatusCode);
        var limit = (await TalkieServer.ProblemAsync(tooTall)).GetProperty("detail").GetString();
        Assert.Contains("720p", limit, StringComparison.Ordinal);
        Assert.Contains("a shorter side of at most 720 px", limit, StringComparison.Ordinal);

        var first = await Json(await client.PostAsJsonAsync("/v1/videos", new { script = "This one uses the whole month.", size = "640x360" }));
        var queued = await client.PostAsJsonAsync("/v1/videos", new { script = "One too many at once.", size = "640x360", test = true });
        Assert.Equal(HttpStatusCode.TooManyRequests, queued.StatusCode);
        await TalkieServer.ProblemAsync(queued);
        await TalkieServer.WaitForVideoAsync(client, first.GetProperty("id").GetString()!);

        var exhausted = await client.PostAsJsonAsync("/v1/videos", new { script = "Over the quota.", size = "640x360" });
        Assert.Equal(HttpStatusCode.PaymentRequired, exhausted.StatusCode);
        Assert.Contains("test", (await TalkieServer.ProblemAsync(exhausted)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A test render still goes through (watermarked, not counted).
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v1/videos", new { script = "Test.", size = "640x360", test = true })).StatusCode);

        var (_, chattyKey) = await server.NewWorkspaceAsync("chatty");
        using var chatty = server.ClientWith(chattyKey);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            answers.Add((await chatty.GetAsync("/v1/usage")).StatusCode);
        }

        Assert.Equal(5, answers.Count(s => s == HttpStatusCode.OK));
        var limited = await chatty.GetAsync("/v1/usage");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        await TalkieServer.ProblemAsync(limited);
    }

    [Fact]
    public async Task A_photo_avatar_kept_with_a_voice_speaks_with_it_and_in_another_language_with_one_of_its_gender()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        var portrait = await File.ReadAllBytesAsync(TestMedia.Portraits.Single(p => Path.GetFileName(p).StartsWith("obama", StringComparison.Ordinal)));
        var unknown = await client.PostAsync("/v1/avatars/photo", TalkieServer.Form(portrait, "me.jpg", ("name", "Nobody's voice"), ("voice", "festival-en-us-nobody")));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("\"voice\" 'festival-en-us-nobody' is not a voice here; GET /v1/voices lists them", (await TalkieServer.ProblemAsync(unknown)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var avatar = await Json(await client.PostAsync("/v1/avatars/photo", TalkieServer.Form(portrait, "me.jpg", ("name", "Barack"), ("voice", "Festival-EN-US-kal"))));
        Assert.Equal("festival-en-us-kal", avatar.GetProperty("voice").GetString());

        // The voice heard, measured on each video's sound: a man's (median pitch under 160 Hz) in English and in Spanish.
        foreach (var (script, language) in new[] { ("Good morning, and welcome to the weekly update from the team.", "en"), ("Buenos días, y bienvenidos a las noticias de la semana del equipo.", "es") })
        {
            var video = await Json(await client.PostAsJsonAsync("/v1/videos", new { script, language, avatar = avatar.GetProperty("id").GetString(), size = "320x180", test = true }));
            var done = await TalkieServer.WaitForVideoAsync(client, video.GetProperty("id").GetString()!);
            Assert.Equal("succeeded", done.GetProperty("status").GetString());
            using var temp = new TempDirectory();
            await File.WriteAllBytesAsync(temp.File("v.mp4"), await client.GetByteArrayAsync($"/v1/videos/{video.GetProperty("id").GetString()}/download"));
            var audio = await TestServices.Get<Media.MediaDecoder>().ReadAudioAsync(temp.File("v.mp4"), Speech.Features.VoiceAnalysis.SampleRate, CancellationToken.None);
            var pitch = Speech.Features.VoiceAnalysis.Measure(audio).MedianPitch;
            Assert.True(pitch is > 60 and < 160, $"{language}: the voice sounds at {pitch:0} Hz");
        }
    }

    [Fact]
    public async Task Avatar_names_are_told_apart_as_people_read_them_even_when_two_requests_race()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        var portrait = await File.ReadAllBytesAsync(TestMedia.Portraits.Single(p => Path.GetFileName(p).StartsWith("obama", StringComparison.Ordinal)));
        async Task<(HttpStatusCode Status, string? Detail)> PhotoAsync(string name)
        {
            var response = await client.PostAsync("/v1/avatars/photo", TalkieServer.Form(portrait, "me.jpg", ("name", name)));
            return (response.StatusCode, response.IsSuccessStatusCode ? null : (await TalkieServer.ProblemAsync(response)).GetProperty("detail").GetString());
        }

        // Three requests for one name at once: one is stored, the others refused as taken (before, two got 500 from
        // the database's unique index).
        var raced = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PhotoAsync("Race")));
        Assert.Single(raced, r => r.Status == HttpStatusCode.Created || r.Status == HttpStatusCode.OK);
        Assert.All(raced.Where(r => r.Detail is not null), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Contains("already has an avatar named 'Race'", r.Detail, StringComparison.Ordinal);
        });

        // Lookalikes: another case, a stock presenter's name; a name with a tab in it.
        var (status, detail) = await PhotoAsync("race");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("already has an avatar named 'race'", detail, StringComparison.Ordinal);
        (status, detail) = await PhotoAsync("AVA");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("is the name of one of Talkie's stock presenters", detail, StringComparison.Ordinal);
        (status, detail) = await PhotoAsync("tab\tname");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("control character", detail, StringComparison.Ordinal);

        // An upload route sent JSON is told to send multipart, not JSON; a file over the limit hears the limit.
        var json = await client.PostAsJsonAsync("/v1/avatars/trained", new { name = "x" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.StartsWith("send the file as multipart/form-data", (await TalkieServer.ProblemAsync(json)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var large = await client.PostAsync("/v1/avatars/trained", TalkieServer.Form(new byte[TalkieServer.MaxUpload + 1], "big.mp4", ("name", "Big")));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("larger than the limit of 8 MiB; send a shorter or smaller file", (await TalkieServer.ProblemAsync(large)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_persons_avatar_renders_previews_only_until_a_reviewer_approves()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        using var admin = server.ClientWith(server.AdminKey);
        var avatar = await Json(await client.PostAsync("/v1/avatars/photo", TalkieServer.Form(await File.ReadAllBytesAsync(TestMedia.Portraits[^1]), "upload.bin", ("name", "Me"))));
        var id = avatar.GetProperty("id").GetString()!;
        Assert.Equal("pending", avatar.GetProperty("consent").GetString());
        Assert.False(avatar.GetProperty("canRender").GetBoolean());

        var preview = await Json(await client.PostAsJsonAsync("/v1/videos", new { script = "A preview.", avatar = id, size = "640x360" }));
        Assert.True(preview.GetProperty("preview").GetBoolean());

        Assert.Contains(id, await admin.GetStringAsync("/v1/consent/queue"), StringComparison.Ordinal);
        var skip = await admin.PostAsJsonAsync($"/v1/consent/{id}", new { state = "approved" });
        Assert.Equal(HttpStatusCode.Conflict, skip.StatusCode);
        Assert.Contains("pending → verified → approved", (await TalkieServer.ProblemAsync(skip)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/v1/consent/{id}", new { state = "verified" })).StatusCode);
        var approved = await Json(await admin.PostAsJsonAsync($"/v1/consent/{id}", new { state = "approved", note = "passcode matched" }));
        Assert.True(approved.GetProperty("canRender").GetBoolean());
        Assert.DoesNotContain(id, await admin.GetStringAsync("/v1/consent/queue"), StringComparison.Ordinal);

        var real = await Json(await client.PostAsJsonAsync("/v1/videos", new { script = "Now for real.", avatar = id, size = "640x360", test = true }));
        Assert.False(real.GetProperty("preview").GetBoolean());
        var done = await TalkieServer.WaitForVideoAsync(client, preview.GetProperty("id").GetString()!);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());

        // A rejected avatar makes no videos, not even previews.
        var other = (await Json(await client.PostAsync("/v1/avatars/photo", TalkieServer.Form(await File.ReadAllBytesAsync(TestMedia.Portraits[^1]), "upload.bin", ("name", "Someone else"))))).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/v1/consent/{other}", new { state = "rejected", note = "no consent on file" })).StatusCode);
        var refused = await client.PostAsJsonAsync("/v1/videos", new { script = "Again.", avatar = other, size = "640x360" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("rejected in the consent review (\"no consent on file\")", (await TalkieServer.ProblemAsync(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhooks_are_signed_retried_and_logged()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        var hook = await Json(await client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "video.succeeded", "video.failed" } }));
        var secret = hook.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var bad = await client.PostAsJsonAsync("/v1/webhooks", new { url = "ftp://example.com" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/v1/webhooks", new { url = "http://example.com", events = new[] { "video.exploded" } })).StatusCode);

        var video = await Json(await client.PostAsJsonAsync("/v1/videos", new { script = "Tell my webhook.", size = "640x360", test = true }));
        await TalkieServer.WaitForVideoAsync(client, video.GetProperty("id").GetString()!);
        var delivery = await receiver.NextAsync(TimeSpan.FromSeconds(30));

        // The documented algorithm: HMAC-SHA256 with the secret over "TIMESTAMP.BODY", hex, in t=…,v1=….
        var header = delivery.Headers["Talkie-Signature"];
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes($"{parts["t"]}.{delivery.Body}")));
        Assert.Equal(expected, parts["v1"]);
        Assert.True(Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(parts["t"], System.Globalization.CultureInfo.InvariantCulture)) < 120);
        Assert.True(Webhooks.WebhookSignature.Verify(secret, header, delivery.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(Webhooks.WebhookSignature.Verify(secret, header, delivery.Body.Replace("succeeded", "failed", StringComparison.Ordinal), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        var body = JsonDocument.Parse(delivery.Body).RootElement;
        Assert.Equal("video.succeeded", body.GetProperty("type").GetString());
        Assert.Equal(video.GetProperty("id").GetString(), body.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal(2, receiver.Attempts);

        // The log records the answer just after the receiver has seen the request.
        JsonElement entry;
        var until = DateTime.UtcNow.AddSeconds(10);
        do
        {
            await Task.Delay(100);
            entry = (await client.GetFromJsonAsync<JsonElement>("/v1/webhooks/deliveries", TalkieServer.Json)).EnumerateArray().Single();
        }
        while (entry.GetProperty("status").GetString() == "pending" && DateTime.UtcNow < until);
        Assert.Equal("delivered", entry.GetProperty("status").GetString());
        Assert.Equal(2, entry.GetProperty("attempts").GetInt32());
        Assert.Equal(200, entry.GetProperty("lastStatusCode").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/webhooks/{hook.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/v1/webhooks", TalkieServer.Json)).GetArrayLength());
    }

    [Fact]
    public async Task The_API_is_described_by_OpenAPI_with_a_Scalar_reference()
    {
        using var anonymous = server.CreateClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/v1/videos", "/v1/videos/{id}/download", "/v1/avatars/photo", "/v1/avatars/trained", "/v1/voices", "/v1/jobs/{id}/cancel", "/v1/localizations/{id}/project", "/v1/usage", "/v1/webhooks/deliveries", "/v1/keys" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"the OpenAPI document lacks {path}");
        }

        // The upload routes describe their forms, and every route its problems.
        var photo = paths.GetProperty("/v1/avatars/photo").GetProperty("post");
        var form = photo.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        if (form.TryGetProperty("$ref", out var reference))
        {
            form = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        var fields = form.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["file", "name", "allowSmallFace", "voice"], fields);

        // Only what the server needs is marked required (a generated client would force the rest).
        Assert.Equal(["file", "name"], form.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));
        Assert.True(photo.GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(paths.GetProperty("/v1/videos").GetProperty("post").GetProperty("responses").TryGetProperty("402", out _));

        var docs = await anonymous.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("openapi/v1.json", await docs.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var client = server.ClientWith(server.AdminKey);
        var voices = await client.GetFromJsonAsync<JsonElement>("/v1/voices?lang=es", TalkieServer.Json);
        Assert.All(voices.EnumerateArray(), v => Assert.StartsWith("es", v.GetProperty("language").GetString(), StringComparison.Ordinal));
        var sample = await client.GetAsync($"/v1/voices/{voices[0].GetProperty("id").GetString()}/preview");
        Assert.Equal("audio/wav", sample.Content.Headers.ContentType?.MediaType);
        Assert.True((await sample.Content.ReadAsByteArrayAsync()).Length > 10_000);
    }

    [Fact]
    public async Task The_cache_is_cut_to_its_bound_least_recently_used_first_and_ended_work_is_removed()
    {
        var cache = Path.Combine(server.DataDirectory, "cache", "trim-test");
        Directory.CreateDirectory(cache);
        var now = DateTime.UtcNow;
        var files = new[] { "newest", "middle", "oldest" }.Select((name, i) =>
        {
            var path = Path.Combine(cache, name);
            File.WriteAllBytes(path, new byte[400 * 1024]);
            File.SetLastWriteTimeUtc(path, now.AddHours(-i));
            File.SetLastAccessTimeUtc(path, now.AddHours(-i));
            return path;
        }).ToList();
        var orphan = Path.Combine(server.DataDirectory, "work", "job_aaaaaaaaaaaaaaaa");
        Directory.CreateDirectory(orphan);
        await File.WriteAllBytesAsync(Path.Combine(orphan, "partial.mp4"), new byte[1000]);

        // Two uploads refused after they were stored (portraits without a face): nothing refers to them. The one
        // stored over ten minutes ago is removed; the fresh one is kept (its request may be about to save its record).
        var (_, key) = await server.NewWorkspaceAsync();
        using var client = server.ClientWith(key);
        var stored = new List<string>();
        foreach (var width in new[] { 320, 330 })
        {
            var png = Ffmpeg.BlankPng(width, 240);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/v1/avatars/photo", TalkieServer.Form(png, "blank.png", ("name", $"blank {width}")))).StatusCode);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png));
            stored.Add(Directory.GetFiles(Path.Combine(server.DataDirectory, "blobs"), hash, SearchOption.AllDirectories).Single());
        }

        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.TalkieDb>();
        var staleHash = Path.GetFileName(stored[0]);
        await db.Blobs.Where(b => b.Hash == staleHash).ExecuteUpdateAsync(b => b.SetProperty(x => x.CreatedAt, DateTime.UtcNow - Storage.BlobStore.FreshFor - TimeSpan.FromMinutes(1)));
        var freed = await scope.ServiceProvider.GetRequiredService<Storage.CacheTrimmer>().TrimAsync(CancellationToken.None);
        Assert.False(File.Exists(stored[0]), "a stale file nothing refers to is removed");
        Assert.True(File.Exists(stored[1]), "a fresh one is kept");

        // The bound is 1 MiB (set by the test server): two of the 400 KiB files fit, counting from the newest.
        Assert.True(File.Exists(files[0]));
        Assert.False(File.Exists(files[2]));
        Assert.False(Directory.Exists(orphan));
        Assert.True(freed >= (400 * 1024) + 1000);
    }

    [Fact]
    public void The_database_schema_is_the_model_s_every_change_comes_with_a_migration()
    {
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.TalkieDb>();
        Assert.Empty(db.Database.GetPendingMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration: dotnet dotnet-ef migrations add NAME --project src/Talkie.Server --output-dir Data/Migrations");
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json);
    }

}
