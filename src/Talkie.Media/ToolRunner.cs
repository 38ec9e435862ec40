using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Talkie.Media;

/// <summary>
/// The one way Talkie runs an external tool: arguments as a list (never a shell string), stdout and
/// stderr read concurrently, a time limit, a clean stop then a kill on cancel, a typed error with the
/// tail of stderr, and a cap on how many tools run at once.
/// </summary>
public sealed partial class ToolRunner : IDisposable
{
    private const int StderrTailLines = 40;
    private static readonly TimeSpan GracefulStopWait = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _gate;
    private readonly MediaOptions _options;
    private readonly ILogger<ToolRunner> _logger;

    /// <summary>Creates the runner.</summary>
    public ToolRunner(IOptions<MediaOptions> options, ILogger<ToolRunner> logger)
    {
        _options = options.Value;
        _logger = logger;
        _gate = new SemaphoreSlim(_options.MaxConcurrentTools, _options.MaxConcurrentTools);
    }

    /// <summary>Runs the tool to completion.</summary>
    /// <exception cref="ToolNotFoundException">The executable does not exist.</exception>
    /// <exception cref="ToolFailedException">It exited with an error, timed out, or made no output file.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled; the tool was stopped.</exception>
    public async Task<ToolResult> RunAsync(ToolCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var executable = ToolLocator.Require(command.Tool, command.Executable, command.OptionName);

        if (command.Streaming)
        {
            return await RunCoreAsync(command, executable, cancellationToken).ConfigureAwait(false);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunCoreAsync(command, executable, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task<ToolResult> RunCoreAsync(ToolCommand command, string executable, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (command.WorkingDirectory is not null)
        {
            startInfo.WorkingDirectory = command.WorkingDirectory;
        }

        if (command.Environment is not null)
        {
            foreach (var (key, value) in command.Environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        var timeout = command.Timeout ?? _options.ToolTimeout;
        using var timeoutCts = new CancellationTokenSource();
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            timeoutCts.CancelAfter(timeout);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var token = linked.Token;

        LogStarting(_logger, command.Tool, FormatCommandLine(executable, command.Arguments));
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ToolFailedException(command.Tool, -1, command.Arguments, ex.Message, $"{command.Tool} could not be started");
        }

        var stderrTail = new Queue<string>(StderrTailLines);
        var stderrTask = ReadStandardErrorAsync(process, stderrTail, command.OnStandardErrorLine);
        var stdoutText = new StringBuilder();
        var stdoutTask = command.ReadStandardOutput is { } reader
            ? RunGuardedAsync(() => reader(process.StandardOutput.BaseStream, token))
            : ReadTextAsync(process.StandardOutput, stdoutText);

        var keepStdinForQuit = command.WriteStandardInput is null && command.QuitCommand is not null;
        var stdinTask = command.WriteStandardInput is { } writer
            ? WriteStandardInputAsync(process, writer, token)
            : Task.FromResult<Exception?>(null);
        if (!keepStdinForQuit && command.WriteStandardInput is null)
        {
            process.StandardInput.Close();
        }

        Exception? pipeError = null;
        try
        {
            pipeError = await stdinTask.ConfigureAwait(false);
            await process.WaitForExitAsync(token).ConfigureAwait(false);
            var stdoutError = await stdoutTask.ConfigureAwait(false);
            pipeError ??= stdoutError;
            await stderrTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process, command, keepStdinForQuit).ConfigureAwait(false);
            await Task.WhenAll(stdoutTask, stderrTask).WaitAsync(GracefulStopWait, CancellationToken.None)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                LogCancelled(_logger, command.Tool);
                throw;
            }

            throw new ToolFailedException(
                command.Tool,
                -1,
                command.Arguments,
                Tail(stderrTail),
                string.Create(CultureInfo.InvariantCulture, $"{command.Tool} did not finish within {timeout.TotalSeconds:0} s"));
        }

        stopwatch.Stop();
        var exitCode = process.ExitCode;
        var tail = Tail(stderrTail);
        LogFinished(_logger, command.Tool, exitCode, stopwatch.Elapsed.TotalMilliseconds);

        if (exitCode != 0 && command.ThrowOnNonZeroExit)
        {
            throw new ToolFailedException(command.Tool, exitCode, command.Arguments, tail);
        }

        if (pipeError is not null && pipeError is not IOException)
        {
            // A failure in our own reader or writer (not a broken pipe from the tool exiting).
            throw pipeError;
        }

        if (pipeError is not null && exitCode == 0)
        {
            throw new ToolFailedException(command.Tool, exitCode, command.Arguments, tail, $"{command.Tool} stopped reading its input");
        }

        if (command.ExpectedOutputFile is { } output)
        {
            var info = new FileInfo(output);
            if (!info.Exists || info.Length == 0)
            {
                throw new ToolFailedException(command.Tool, exitCode, command.Arguments, tail, $"{command.Tool} made no output file");
            }
        }

        return new ToolResult(exitCode, stdoutText.ToString(), tail, stopwatch.Elapsed);
    }

    private static async Task<Exception?> WriteStandardInputAsync(Process process, Func<Stream, CancellationToken, Task> writer, CancellationToken token)
    {
        try
        {
            await writer(process.StandardInput.BaseStream, token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            return ex;
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The tool already closed its end; its exit code tells the story.
            }
        }
    }

    private static async Task<Exception?> RunGuardedAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static async Task<Exception?> ReadTextAsync(StreamReader reader, StringBuilder into)
    {
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        into.Append(text);
        return null;
    }

    private static async Task ReadStandardErrorAsync(Process process, Queue<string> tail, Action<string>? onLine)
    {
        while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine?.Invoke(line);
            lock (tail)
            {
                if (tail.Count == StderrTailLines)
                {
                    tail.Dequeue();
                }

                tail.Enqueue(line);
            }
        }
    }

    private async Task StopAsync(Process process, ToolCommand command, bool stdinOpen)
    {
        if (process.HasExited)
        {
            return;
        }

        try
        {
            if (stdinOpen && command.QuitCommand is { } quit)
            {
                await process.StandardInput.WriteAsync(quit).ConfigureAwait(false);
                await process.StandardInput.FlushAsync().ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // Already gone or stdin already closed.
        }

        // A tool whose output nobody reads any more has nothing to finish: it is stopped at once.
        using var wait = new CancellationTokenSource(command.ReadStandardOutput is not null && command.QuitCommand is null ? TimeSpan.Zero : GracefulStopWait);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogKilling(_logger, command.Tool);
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }
        }
    }

    private static string Tail(Queue<string> tail)
    {
        lock (tail)
        {
            return string.Join('\n', tail);
        }
    }

    internal static string FormatCommandLine(string executable, IEnumerable<string> arguments)
    {
        var builder = new StringBuilder(executable);
        foreach (var argument in arguments)
        {
            builder.Append(' ');
            var needsQuotes = argument.Length == 0 || argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or '$' or ';' or '&' or '|');
            builder.Append(needsQuotes ? "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : argument);
        }

        return builder.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Running {Tool}: {CommandLine}")]
    private static partial void LogStarting(ILogger logger, string tool, string commandLine);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Tool} exited with {ExitCode} after {ElapsedMs:0} ms")]
    private static partial void LogFinished(ILogger logger, string tool, int exitCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool} was cancelled")]
    private static partial void LogCancelled(ILogger logger, string tool);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Tool} did not stop when asked; killing it")]
    private static partial void LogKilling(ILogger logger, string tool);
}
