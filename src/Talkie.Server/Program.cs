using Talkie.Server;

if (args.Any(a => a is "--help" or "-h" or "-?"))
{
    Console.WriteLine("""
        Usage: talkie serve [--urls URL[;URL...]] [--Talkie:Server:SETTING VALUE ...]

        Starts the Talkie server: the web studio, API v1 (reference at /docs) and the job queue, in the
        foreground until Ctrl+C. It listens on http://127.0.0.1:5000 unless --urls or ASPNETCORE_URLS says
        otherwise (http://0.0.0.0:8080 to be reached from other machines).

        Settings come from appsettings.json beside the server, environment variables (Talkie__Server__Workers=2)
        or the command line (--Talkie:Server:Workers 2): DataDirectory, MaxUploadBytes, MaxScriptCharacters,
        Workers, plans, webhook retries, WebhookPrivateAddresses and more (README: Configuration and logs).
        The first start on a new data folder prints the first administrator's API key.
        """);
    return;
}

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5000");
}

builder.WebHost.UseStaticWebAssets();
ServerHost.Configure(builder);
var app = builder.Build();
ServerHost.Map(app);
await app.StartAsync();
var firstKey = app.Services.GetRequiredService<ServerInitializer>().FirstKey;
foreach (var url in app.Urls)
{
    Console.WriteLine($"Talkie studio: {url}/   API reference: {url}/docs   jobs: {url}/jobs");
}

if (firstKey is not null)
{
    Console.WriteLine($"First administrator API key (shown once; sign in to the studio with it): {firstKey}");
}

Console.WriteLine("Press Ctrl+C to stop.");
await app.WaitForShutdownAsync();

/// <summary>The server's entry point (named for the test host).</summary>
public partial class Program;
