using Spectre.Console;
using Talkie.Composition;

namespace Talkie.Cli;

/// <summary>Shows a production's progress on stderr: bars in a terminal, one line per stage otherwise.</summary>
internal static class ProgressDisplay
{
    private static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static Task<T> RunAsync<T>(Func<IProgress<ProductionProgress>, Task<T>> work)
        => RunStagesAsync<ProductionStage, T>(Label, ProductionStage.Preparing, staged => work(new Progress<ProductionProgress>(p => staged.Report((p.Stage, p.Fraction)))));

    /// <summary>Runs work of several stages (an enum, in order) with a bar per stage; <paramref name="quiet"/> is not announced in plain text (it is instant, and a problem found there is the only line the user should see).</summary>
    public static async Task<T> RunStagesAsync<TStage, T>(Func<TStage, string> label, TStage quiet, Func<IProgress<(TStage Stage, double Fraction)>, Task<T>> work)
        where TStage : struct, Enum
    {
        if (!Err.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
        {
            TStage? last = null;
            var plain = new Progress<(TStage Stage, double Fraction)>(p =>
            {
                // Reports arrive on the thread pool, not always in order: a stage is announced once, when it is first reached.
                if ((last is null || Comparer<TStage>.Default.Compare(p.Stage, last.Value) > 0) && !Equals(p.Stage, quiet))
                {
                    last = p.Stage;
                    Console.Error.WriteLine($"{label(p.Stage)}...");
                }
            });
            return await work(plain).ConfigureAwait(false);
        }

        T result = default!;
        await Err.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = Enum.GetValues<TStage>().ToDictionary(s => s, s => context.AddTask(label(s), autoStart: false, maxValue: 100));
                var reporter = new Progress<(TStage Stage, double Fraction)>(p =>
                {
                    foreach (var (stage, task) in tasks)
                    {
                        if (Comparer<TStage>.Default.Compare(stage, p.Stage) < 0 && !task.IsFinished)
                        {
                            task.StartTask();
                            task.Value = 100;
                            task.StopTask();
                        }
                    }

                    var current = tasks[p.Stage];
                    if (!current.IsStarted)
                    {
                        current.StartTask();
                    }

                    current.Value = Math.Max(current.Value, p.Fraction * 100);
                    if (p.Fraction >= 1)
                    {
                        current.StopTask();
                    }
                });
                result = await work(reporter).ConfigureAwait(false);
                foreach (var task in tasks.Values)
                {
                    task.Value = 100;
                    task.StopTask();
                }
            }).ConfigureAwait(false);
        return result;
    }

    /// <summary>Runs one long step with a single progress bar (plain text when stderr is not a terminal).</summary>
    public static async Task<T> RunStepAsync<T>(string label, Func<IProgress<double>, Task<T>> work)
    {
        if (!Err.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
        {
            await Console.Error.WriteLineAsync($"{label}...").ConfigureAwait(false);
            return await work(new Progress<double>()).ConfigureAwait(false);
        }

        T result = default!;
        await Err.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: 100);
                result = await work(new Progress<double>(f => task.Value = Math.Max(task.Value, f * 100))).ConfigureAwait(false);
                task.Value = 100;
                task.StopTask();
            }).ConfigureAwait(false);
        return result;
    }

    private static string Label(ProductionStage stage) => stage switch
    {
        ProductionStage.Preparing => "Checking the request",
        ProductionStage.Speaking => "Preparing speech",
        ProductionStage.Rendering => "Rendering frames",
        _ => "Writing files",
    };
}
