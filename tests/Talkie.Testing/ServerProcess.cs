using System.Diagnostics;

namespace Talkie.Testing;

/// <summary>
/// The Talkie server (<c>Talkie.Server.dll</c> beside the caller) run as a process of its own on a
/// loopback port, with settings given as environment variables: for tests that kill it and for
/// benchmarks that load it from outside.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private ServerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>Gets the server's address.</summary>
    public string Url { get; }

    /// <summary>Gets what the server has printed so far (stdout and stderr).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts the server on <paramref name="url"/> with a data folder and more settings (<c>Talkie__Server__…</c> names).</summary>
    public static ServerProcess Start(string url, string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Talkie.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Talkie__Server__DataDirectory"] = dataDirectory;
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var server = new ServerProcess(Process.Start(start)!, url);
        server._process.OutputDataReceived += (_, e) => server.Add(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Add(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits for the first administrator key a new data folder's first start prints.</summary>
    public async Task<string> FirstKeyAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            var line = Lines.FirstOrDefault(l => l.Contains("tk_", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[line.IndexOf("tk_", StringComparison.Ordinal)..].Trim();
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException("the server printed no first key: " + string.Join('\n', Lines));
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would, and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }
}
