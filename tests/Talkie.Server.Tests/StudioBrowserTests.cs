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
        page.SetDefaultTimeout(30_000);

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
        await page.WaitForURLAsync("**/videos/vid_*");
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
        Assert.Equal(duration, Ffmpeg.Duration(saved), 0.2);
        Assert.Equal((1280, 720), Ffmpeg.VideoSize(saved));

        // The library lists it as ready.
        await page.GetByRole(AriaRole.Link, new() { Name = "Videos" }).ClickAsync();
        await page.GetByText("Browser test").WaitForAsync();
        await Shot(page, shots, "5-library");
        foreach (var path in new[] { "/avatars", "/localize", "/usage", "/settings" })
        {
            await page.GotoAsync(server.Url + path);
            await page.Locator("h1").WaitForAsync();
            await Shot(page, shots, "6" + path.Replace('/', '-'));
        }

        // The job dashboard is for administrators only.
        var denied = await page.GotoAsync(server.Url + "/jobs");
        Assert.Equal(403, denied!.Status);
        var admin = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } })).NewPageAsync();
        await admin.GotoAsync(server.Url + "/signin");
        await admin.GetByLabel("API key").FillAsync(server.AdminKey);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await admin.Locator("h1").WaitForAsync();
        var dashboard = await admin.GotoAsync(server.Url + "/jobs");
        Assert.Equal(200, dashboard!.Status);
        Assert.Contains("Talkie jobs", await admin.TitleAsync(), StringComparison.Ordinal);
        await Shot(admin, shots, "7-jobs-dashboard");

        output.WriteLine($"screenshots: {shots}");
    }

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
