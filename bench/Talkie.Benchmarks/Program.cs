using BenchmarkDotNet.Running;
using Talkie.Benchmarks;

// `render` (default): the end-to-end render benchmark with its ffmpeg-only baseline.
// Anything else goes to BenchmarkDotNet (e.g. `--filter *Frame*`).
if (args.Length == 0 || args[0] == "render")
{
    return await RenderBenchmark.RunAsync(args.Skip(1).ToArray());
}

BenchmarkSwitcher.FromAssembly(typeof(RenderBenchmark).Assembly).Run(args);
return 0;
