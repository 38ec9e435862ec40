using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Talkie.Testing;
using Xunit.Abstractions;

namespace Talkie.Server.Tests;

/// <summary>The server on a real port, for a browser.</summary>
public sealed class StudioServer : TalkieServer
{
    public StudioServer()
    {
        UseKestrel(0);
        StartServer();
    }

    public string Url => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}

/// <summary>
/// A new user's first video, in Debian's Chromium driven by Playwright: sign in, write a script,
/// render, watch the progress reach 100%, play the video and download it. Screenshots of each step
/// go to <c>.build/screenshots/studio</c> (or <c>TALKIE_SCREENSHOTS</c>).
/// </summary>
public sealed class StudioBrowserTests(StudioServer server, ITestOutputHelper output) : IClassFixture<StudioServer>
{
    // How long a step may take. Generous on purpose: this checks what a user sees, not how fast. On the
    // two cores, with the other test assemblies rendering and dubbing beside this one, a step took over
    // 30 s in two of this machine's three full runs of the suite.
    private const int PatienceMs = 120_000;

    private static readonly string[] ChromiumArguments = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

    [Fact]
    public async Task A_new_user_makes_watches_and_downloads_a_video_in_the_studio()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        var shots = Screenshots();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArguments,
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(PatienceMs);
        await ExplainingFailureAsync(page, shots, "failed-make-watch-download", () => MakeWatchAndDownloadAsync(page, browser, key, shots));
    }

    private async Task MakeWatchAndDownloadAsync(IPage page, IBrowser browser, string key, string shots)
    {
        // Signing in: the studio sends a stranger to the sign-in form.
        await page.GotoAsync(server.Url + "/");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("API key").FillAsync(key);
        await Shot(page, shots, "1-sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Writing the script with a stock presenter.
        await page.GetByLabel("What the presenter says").FillAsync("Welcome to Talkie Studio. This video was made in a browser test.");
        await page.GetByLabel("Presenter", new() { Exact = true }).SelectOptionAsync("stock:marcus");
        await page.GetByLabel("Title (for your library)").FillAsync("Browser test");
        await Shot(page, shots, "2-script");
        await page.GetByRole(AriaRole.Button, new() { Name = "Render video" }).ClickAsync();

        // Progress, live, up to 100%.
        await ArriveAtAsync(page, "/videos/vid_");
        var seen = new List<double>();
        var until = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < until)
        {
            var text = await page.Locator("[data-testid=percent]").First.TextContentAsync(new() { Timeout = 60_000 });
            var percent = double.Parse(text!, System.Globalization.CultureInfo.InvariantCulture);
            if (seen.Count == 0 || seen[^1] != percent)
            {
                seen.Add(percent);
                if (seen.Count == 2)
                {
                    await Shot(page, shots, "3-progress");
                }
            }

            if (percent >= 100)
            {
                break;
            }

            await Task.Delay(200);
        }

        output.WriteLine($"progress seen: {string.Join(", ", seen)}");
        Assert.Equal(100, seen[^1]);
        Assert.Equal(seen.Order().ToList(), seen);

        // Playing: the video element knows its length and moves when played.
        var player = page.Locator("video#player");
        await player.WaitForAsync();
        var duration = await player.EvaluateAsync<double>("v => v.readyState >= 1 ? v.duration : new Promise(r => v.addEventListener('loadedmetadata', () => r(v.duration), { once: true }))");
        output.WriteLine($"<video> duration: {duration:0.00} s");
        Assert.True(duration > 1, $"the video element reports {duration} s");
        var played = await player.EvaluateAsync<double>("async v => { v.muted = true; await v.play(); await new Promise(r => setTimeout(r, 1200)); v.pause(); return v.currentTime; }");
        Assert.True(played > 0.3, $"playback reached only {played} s");
        await Shot(page, shots, "4-ready-and-played");

        // Downloading: a whole MP4 of that length.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download MP4" }).ClickAsync());
        var saved = Path.Combine(server.DataDirectory, "downloaded.mp4");
        await download.SaveAsAsync(saved);
        Assert.Equal(duration, await TalkieServer.DurationAsync(saved), 0.2);
        Assert.Equal((1280, 720), await TalkieServer.VideoSizeAsync(saved));

        // The library lists it as ready.
        await page.GetByRole(AriaRole.Link, new() { Name = "Videos" }).ClickAsync();
        await page.GetByText("Browser test").WaitForAsync();
        await Shot(page, shots, "5-library");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(server.Url + "/");
        await page.GetByLabel("What the presenter says").WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the create page scrolls sideways on a phone");
        await Shot(page, shots, "5-create-on-a-phone");
        await page.SetViewportSizeAsync(1280, 900);
        foreach (var path in new[] { "/avatars", "/localize", "/usage", "/settings" })
        {
            await page.GotoAsync(server.Url + path);
            await page.Locator("h1").WaitForAsync();
            await Shot(page, shots, "6" + path.Replace('/', '-'));
        }

        // Signing out ends the session: the studio asks for a key again.
        await page.GotoAsync(server.Url + "/usage");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await ArriveAtAsync(page, "/signin");
        await page.GotoAsync(server.Url + "/videos");
        await ArriveAtAsync(page, "/signin");

        // The job dashboard is for administrators only.
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator("h1").WaitForAsync();
        var denied = await page.GotoAsync(server.Url + "/jobs");
        Assert.Equal(403, denied!.Status);
        var admin = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } })).NewPageAsync();
        admin.SetDefaultTimeout(PatienceMs);
        await admin.GotoAsync(server.Url + "/signin");
        await admin.GetByLabel("API key").FillAsync(server.AdminKey);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await admin.Locator("h1").WaitForAsync();
        // The consent review: a member's portrait, verified and then approved by the administrator.
        using var member = server.ClientWith(key);
        var portrait = await member.PostAsync("/v1/avatars/photo", TalkieServer.Form(await File.ReadAllBytesAsync(TestMedia.Portraits[^1]), "me.jpg", ("name", "Review me")));
        var avatarId = (await portrait.Content.ReadFromJsonAsync<JsonElement>(TalkieServer.Json)).GetProperty("id").GetString();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Review" }).ClickAsync();
        var card = admin.Locator(".card", new() { HasText = "Review me" });
        await card.GetByRole(AriaRole.Button, new() { Name = "Mark verified" }).ClickAsync();
        await card.GetByText("consent verified").WaitForAsync();
        await Shot(admin, shots, "7-consent-review");
        await card.GetByLabel("Note").FillAsync("passcode read on camera");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await card.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var approved = await member.GetFromJsonAsync<JsonElement>($"/v1/avatars/{avatarId}", TalkieServer.Json);
        Assert.Equal("approved", approved.GetProperty("consent").GetString());
        Assert.True(approved.GetProperty("canRender").GetBoolean());

        var dashboard = await admin.GotoAsync(server.Url + "/jobs");
        Assert.Equal(200, dashboard!.Status);
        Assert.Contains("Talkie jobs", await admin.TitleAsync(), StringComparison.Ordinal);
        await Shot(admin, shots, "7-jobs-dashboard");

        // A member sees no review link, and the page itself says it is for administrators.
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Review" }).CountAsync());
        await page.GotoAsync(server.Url + "/review");
        await page.GetByText("This page is for administrators.").WaitForAsync();

        output.WriteLine($"screenshots: {shots}");
    }

    [Fact]
    public async Task A_user_uploads_a_portrait_and_reviews_and_renders_a_dub_in_the_studio()
    {
        var (_, key) = await server.NewWorkspaceAsync();
        var shots = Screenshots();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArguments });
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } })).NewPageAsync();
        page.SetDefaultTimeout(PatienceMs);
        await ExplainingFailureAsync(page, shots, "failed-portrait-dub", () => UploadReviewAndDubAsync(page, key, shots));
    }

    private async Task UploadReviewAndDubAsync(IPage page, string key, string shots)
    {
        await page.GotoAsync(server.Url + "/signin?returnUrl=%2Favatars");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // A photo avatar: uploaded through the page, analysed, listed with its consent pending. This
        // portrait's eyes are under 80 px apart: refused, naming the minimum and the way out, until the
        // user allows a small face.
        await page.GetByLabel("Name", new() { Exact = true }).First.FillAsync("My portrait");
        await ChooseFileAsync(page, "#photo-file", TestMedia.Portraits[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create photo avatar" }).ClickAsync();
        var refused = await page.GetByRole(AriaRole.Alert).TextContentAsync();
        Assert.Contains("at least 80 px", refused, StringComparison.Ordinal);
        Assert.Contains("allow a small face", refused, StringComparison.Ordinal);
        await page.GetByLabel("Allow a small face").CheckAsync();

        // Its voice is picked from one language's voices (the list of all of them is hundreds long).
        await page.GetByLabel("Voice language").SelectOptionAsync("es");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#photo-voice option')].slice(1).every(o => o.textContent.startsWith('Spanish'))");
        var spanish = await page.Locator("#photo-voice option").AllTextContentsAsync();
        Assert.InRange(spanish.Count, 3, 12);
        Assert.All(spanish.Skip(1), o => Assert.Matches(@"^Spanish \(.+\) \((fe)?male\) \(espeak-ng\)$", o));
        await page.Locator("#photo-voice").SelectOptionAsync("espeak-es-m");
        await ChooseFileAsync(page, "#photo-file", TestMedia.Portraits[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create photo avatar" }).ClickAsync();
        await page.GetByText("My portrait").WaitForAsync();
        var card = await page.Locator(".card", new() { HasText = "My portrait" }).TextContentAsync();
        Assert.Contains("consent pending", card, StringComparison.Ordinal);
        Assert.Contains("voice espeak-es-m", card, StringComparison.Ordinal);
        // The gallery shows each presenter: stock ones drawn at rest, the portrait as uploaded.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.card.avatar img')].every(i => i.complete && i.naturalWidth > 0)");
        Assert.Equal(6, await page.Locator(".card.avatar img").CountAsync());
        await Shot(page, shots, "8-avatar-uploaded");

        // Deleted from its card, after a second click to confirm; its name is free again (the form was cleared).
        Assert.Equal(string.Empty, await page.GetByLabel("Name", new() { Exact = true }).First.InputValueAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete My portrait" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete My portrait" }).ClickAsync();
        await page.Locator(".card", new() { HasText = "My portrait" }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(5, await page.Locator(".card.avatar").CountAsync());

        // A trained avatar: its card shows the training's progress (a bar and the stage) until it is ready, then its notes.
        await page.Locator("#train-name").FillAsync("My footage");
        await ChooseFileAsync(page, "#train-file", TestMedia.TalkingHead("wda_alexandria_ocasio_cortez_000.mp4"));
        await page.GetByLabel("Language spoken in the footage").SelectOptionAsync("en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and train" }).ClickAsync();
        var training = page.Locator(".card", new() { HasText = "My footage" });
        await training.Locator("progress").WaitForAsync();
        Assert.Matches(@"\d+% · \w+", await training.Locator("small[aria-live]").TextContentAsync());
        await training.Locator(".notes").WaitForAsync(new() { Timeout = 180_000 });
        Assert.Contains("30 s or more is recommended", await training.Locator(".notes").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await training.Locator("progress").CountAsync());
        Assert.Contains("trained from footage in English", await training.TextContentAsync(), StringComparison.Ordinal);

        // A video without sound is refused when it arrives, as the API refuses it, not later as a failed job.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dubbing" }).ClickAsync();
        var silent = Path.Combine(Path.GetTempPath(), $"talkie-silent-{Guid.NewGuid():N}.mp4");
        await Ffmpeg.RunAsync("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "1", "-pix_fmt", "yuv420p", silent);
        try
        {
            await ChooseFileAsync(page, "#dub-file", silent);
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload and translate" }).ClickAsync();
            Assert.Contains("has no sound track", await page.GetByRole(AriaRole.Alert).TextContentAsync(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(silent);
        }

        // A dub: uploaded, translated, reviewed in the table (one translation changed), rendered.
        await ChooseFileAsync(page, "#dub-file", TestMedia.TalkingHead("obama_weekly_address_clip_a.mp4"));
        await page.GetByLabel("Into").SelectOptionAsync("es");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and translate" }).ClickAsync();
        await ArriveAtAsync(page, "/localize/loc_");
        var translation = page.GetByLabel("Segment 1 translation");
        await translation.WaitForAsync(new() { Timeout = 180_000 });
        await translation.FillAsync("Hola a todos, bienvenidos de nuevo.");
        await Shot(page, shots, "9-dub-review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Render the dub" }).ClickAsync();
        var dubbed = page.Locator("video");
        await dubbed.WaitForAsync(new() { Timeout = 240_000 });
        var duration = await dubbed.EvaluateAsync<double>("v => v.readyState >= 1 ? v.duration : new Promise(r => v.addEventListener('loadedmetadata', () => r(v.duration), { once: true }))");
        Assert.Equal(await TalkieServer.DurationAsync(TestMedia.TalkingHead("obama_weekly_address_clip_a.mp4")), duration, 0.15);
        await Shot(page, shots, "10-dub-done");
    }

    // Runs a test's steps, listening to what the browser says (console messages and uncaught errors, with
    // the time they came); a failed step is explained before the failure goes on.
    private async Task ExplainingFailureAsync(IPage page, string shots, string name, Func<Task> steps)
    {
        var console = new List<string>();
        page.Console += (_, m) => { lock (console) { console.Add($"{DateTime.UtcNow:HH:mm:ss.fff} console {m.Type}: {m.Text}"); } };
        page.PageError += (_, e) => { lock (console) { console.Add($"{DateTime.UtcNow:HH:mm:ss.fff} page error: {e}"); } };
        try
        {
            await steps();
        }
        catch (Exception)
        {
            await ExplainAsync(page, shots, name, console);
            throw;
        }
    }

    // A failed step leaves what is needed to see why: a screenshot, the page's address and alerts, the
    // browser's console, and the server's warnings and errors (the test output of a failed test).
    private async Task ExplainAsync(IPage page, string shots, string name, List<string> console)
    {
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} failed at {page.Url}");
        try
        {
            await Shot(page, shots, name);
            output.WriteLine($"screenshot: {Path.Combine(shots, name + ".png")}");
            var shown = await page.Locator("[role=alert], #blazor-error-ui, #components-reconnect-modal, .components-reconnect-show")
                .EvaluateAllAsync<string[]>("all => all.filter(e => e.checkVisibility()).map(e => e.innerText)");
            foreach (var text in shown)
            {
                output.WriteLine($"on the page: {text.Trim()}");
            }
        }
        catch (PlaywrightException ex)
        {
            output.WriteLine($"the page could not be read: {ex.Message}");
        }

        lock (console)
        {
            console.ForEach(output.WriteLine);
        }

        var logs = Path.Combine(server.DataDirectory, "logs");
        foreach (var log in Directory.Exists(logs) ? Directory.EnumerateFiles(logs) : [])
        {
            using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            var lines = (await reader.ReadToEndAsync()).Split('\n');
            output.WriteLine($"server log {Path.GetFileName(log)}, its warnings and errors (an error's lines after its first too):");
            foreach (var line in lines.Where(l => l.Contains("[WRN]", StringComparison.Ordinal) || l.Contains("[ERR]", StringComparison.Ordinal) || l.Contains("[FTL]", StringComparison.Ordinal) || (l.Length > 0 && !char.IsAsciiDigit(l[0]))).TakeLast(80))
            {
                output.WriteLine(line);
            }
        }
    }

    // Blazor's InputFile listens for a chosen file only once its script has set the element up (after the
    // render reaches the browser); a file chosen before that is shown but never reaches the page. CI failed
    // on it once: the dub's file was chosen, and "Upload and translate" stayed disabled for 120 s.
    private static async Task ChooseFileAsync(IPage page, string selector, string path)
    {
        await page.WaitForFunctionAsync($"() => document.querySelector('{selector}')?._blazorInputFileNextFileId !== undefined");
        await page.Locator(selector).SetInputFilesAsync(path);
    }

    // Waits until the page's address holds a path. Not WaitForURLAsync: it reads the address, then
    // listens for the next navigation, and a navigation that lands between the two is lost (it then
    // waits out its timeout on a page already there; microsoft/playwright-dotnet#3364, met here once
    // in about four full runs of the suite). The assertion asks the browser, again until it holds.
    private static Task ArriveAtAsync(IPage page, string path)
        => Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path), RegexOptions.None, TimeSpan.FromSeconds(1)), new() { Timeout = PatienceMs });

    private static async Task Shot(IPage page, string folder, string name)
        => await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });

    private static string Screenshots()
    {
        var folder = Environment.GetEnvironmentVariable("TALKIE_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder))
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Talkie.slnx")))
            {
                root = root.Parent;
            }

            folder = Path.Combine(root?.FullName ?? Path.GetTempPath(), ".build", "screenshots", "studio");
        }

        Directory.CreateDirectory(folder);
        return folder;
    }
}
