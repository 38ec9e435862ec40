using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Talkie.Composition;
using Talkie.Localization;
using Talkie.Vision;

namespace Talkie.Cli;

/// <summary>The <c>talkie</c> command: parsing, services, and the one place errors become messages and exit codes.</summary>
internal static class TalkieCommand
{
    /// <summary>Exit code for a problem with the input or the environment the user can fix.</summary>
    public const int UserError = 1;

    /// <summary>Exit code for an unexpected failure.</summary>
    public const int InternalError = 70;

    /// <summary>Exit code after Ctrl+C.</summary>
    public const int Cancelled = 130;

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log every external command and step to stderr",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Talkie: type a script, get a video of a presenter speaking it. Runs offline, on the CPU.")
        {
            Verbose,
        };
        root.Subcommands.Add(ProduceCommands.Demo());
        root.Subcommands.Add(ProduceCommands.Create());
        root.Subcommands.Add(CatalogCommands.Voices());
        root.Subcommands.Add(CatalogCommands.Avatars());
        root.Subcommands.Add(AvatarCommands.Avatar());
        root.Subcommands.Add(VisemesCommand.Create());
        root.Subcommands.Add(TranscribeCommand.Create());
        root.Subcommands.Add(FacesCommand.Create());
        root.Subcommands.Add(LocalizeCommands.Localize());
        root.Subcommands.Add(LocalizeCommands.Languages());

        if (args.Length == 0)
        {
            // Bare `talkie`: what it can do, and a non-zero exit (nothing was done).
            await root.Parse(["--help"]).InvokeAsync().ConfigureAwait(false);
            return UserError;
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, as every other mistake gets, instead of the parser's message and the whole help. A word
            // the parser did not know explains the rest ("talkie frobnicate" also lacks a command).
            var command = string.Join(' ', CommandPath(parse.CommandResult));
            var first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            WriteError($"{ParseProblem(first.Message)}; see '{command} --help'");
            return UserError;
        }

        // Ctrl+C cancels the command's token; the process is ended only if the command has not finished 20 s later.
        // The parser's default, 2 s, ended a training still stopping its ffmpeg and pocketsphinx processes, before
        // it had removed its half-written package or said "cancelled".
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(20) }).ConfigureAwait(false);
    }

    /// <summary>Words a parse error for a user: the value types as words, not .NET type names.</summary>
    private static string ParseProblem(string message)
    {
        var value = System.Text.RegularExpressions.Regex.Match(message, "^Cannot parse argument '(?<value>.*)' for (option|argument) '(?<option>[^']*)' as expected type '(?<type>[^']*)'");
        if (value.Success)
        {
            var type = value.Groups["type"].Value;
            var kind = type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) ? "a whole number"
                : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) ? "a number"
                : type.Contains("FileInfo", StringComparison.Ordinal) || type.Contains("DirectoryInfo", StringComparison.Ordinal) ? "a file path"
                : "another kind of value";
            return $"{value.Groups["option"].Value} takes {kind}, not '{value.Groups["value"].Value}'";
        }

        var unknown = System.Text.RegularExpressions.Regex.Match(message, "^Unrecognized command or argument '(?<what>.*)'");
        if (unknown.Success)
        {
            return $"unknown command, option or argument '{unknown.Groups["what"].Value}'";
        }

        var missing = System.Text.RegularExpressions.Regex.Match(message, "^Required argument missing for option: '(?<option>.*)'");
        if (missing.Success)
        {
            return $"{missing.Groups["option"].Value} needs a value";
        }

        var trimmed = message.Trim().TrimEnd('.');
        return trimmed.Length == 0 ? "the command line could not be read" : char.ToLowerInvariant(trimmed[0]) + trimmed[1..];
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new Stack<string>();
        for (var at = result; at is not null; at = at.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(at.Parent is null ? "talkie" : at.Command.Name);
        }

        return names.Count == 0 ? ["talkie"] : names;
    }

    /// <summary>Gets the job log of this run, if one was opened.</summary>
    public static string? JobLog { get; private set; }

    /// <summary>Builds the services for one command run.</summary>
    /// <param name="verbose">Whether to log to stderr too.</param>
    /// <param name="job">A name for the job log file (every external command line goes there), or null for none.</param>
    public static ServiceProvider BuildServices(bool verbose, string? job = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "talkie", "settings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        if (job is not null)
        {
            var logs = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "talkie", "logs");
            Directory.CreateDirectory(logs);
            PruneLogs(logs);
            JobLog = Path.Combine(logs, $"{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}-{job}.log");
        }

        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Information);
            if (JobLog is not null)
            {
                logging.AddSerilog(new Serilog.LoggerConfiguration().MinimumLevel.Information().WriteTo.File(JobLog, formatProvider: CultureInfo.InvariantCulture).CreateLogger(), dispose: true);
            }

            if (verbose)
            {
                logging.AddSimpleConsole(o => o.SingleLine = true);
                logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            }
        });
        services.AddTalkieComposition();
        services.AddTalkieLocalization();
        services.AddTalkieVision();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Runs a command body, turning every failure into one line on stderr and an exit code.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Media.ToolFailedException ex)
        {
            // An external tool failed: the job log holds its full command line and output.
            WriteError(JobLog is null ? ex.Message : $"{ex.Message} (details in {JobLog})");
            return UserError;
        }
        catch (TalkieException ex)
        {
            WriteError(ex.Message);
            return UserError;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            WriteError($"invalid settings: {string.Join("; ", ex.Failures)}");
            return UserError;
        }
        catch (OperationCanceledException)
        {
            WriteError("cancelled; nothing was written");
            return Cancelled;
        }
        catch (Exception ex)
        {
            var log = WriteCrashLog(ex);
            WriteError($"unexpected failure: {ex.Message} (details in {log})");
            return InternalError;
        }
    }

    /// <summary>Keeps the newest 200 job logs.</summary>
    private static void PruneLogs(string folder)
    {
        foreach (var old in new DirectoryInfo(folder).GetFiles("*.log").OrderByDescending(f => f.Name, StringComparer.Ordinal).Skip(200))
        {
            try
            {
                old.Delete();
            }
            catch (IOException)
            {
            }
        }
    }

    public static void WriteError(string message) => Console.Error.WriteLine($"error: {message}");

    private static string WriteCrashLog(Exception ex)
    {
        var directory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "talkie", "logs");
        try
        {
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"crash-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.log");
            File.WriteAllText(path, ex.ToString());
            return path;
        }
        catch (IOException)
        {
            return "the log folder, which could not be written";
        }
    }
}
