using System.Diagnostics;

namespace Talkie.Server.Tests;

public sealed class ServerHelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_is_printed_and_no_server_starts(string option)
    {
        using var temp = new Testing.TempDirectory();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Talkie.Server.dll"));
        start.ArgumentList.Add(option);
        start.Environment["Talkie__Server__DataDirectory"] = temp.File("data");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("Usage: talkie serve", (await output).Trim(), StringComparison.Ordinal);
        Assert.Contains("WebhookPrivateAddresses", await output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("data")), "the server made its data folder");
    }
}
