using Talkie.Server;

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
