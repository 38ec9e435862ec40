using BenchmarkDotNet.Running;
using Talkie.Benchmarks;

// `render` (default): the end-to-end render benchmark with its ffmpeg-only baseline.
// `speech`: recognition and alignment speed on the shared recordings.
// `photo [PORTRAIT]`: photo analysis time, and the render benchmark with a photo avatar.
// `trained [VIDEO]`: training speed on two minutes of footage, and the render benchmark with the trained avatar.
// `reenact [VIDEO...]`: the video avatar's self-reenactment check (train on 70%, render the rest from its sound).
// `localize [VIDEO]`: dubbing a minute of 720p video English → Spanish, with the stage breakdown (target: <= 60 s wall).
// `faces`: face detection and landmark speed, and tracking frames per second.
// `serve [CLIENTS] [SECONDS] [PAUSES_MS] [--idle]`: the server under 200 concurrent clients polling jobs and listing videos (p50/p99 latency, errors), back to back and once a second; --idle: no render running meanwhile.
// Anything else goes to BenchmarkDotNet (e.g. `--filter *Frame*`).
if (args.Length == 0 || args[0] == "render")
{
    return await RenderBenchmark.RunAsync(args.Skip(1).ToArray());
}

if (args[0] == "photo")
{
    return await RenderBenchmark.RunPhotoAsync(args.Skip(1).ToArray());
}

if (args[0] == "trained")
{
    return await RenderBenchmark.RunTrainedAsync(args.Skip(1).ToArray());
}

if (args[0] == "reenact")
{
    return await ReenactmentBenchmark.RunAsync(args.Skip(1).ToArray());
}

if (args[0] == "localize")
{
    return await LocalizeBenchmark.RunAsync(args.Skip(1).ToArray());
}

if (args[0] == "speech")
{
    return await SpeechBenchmark.RunAsync(args.Skip(1).ToArray());
}

if (args[0] == "faces")
{
    return await FacesBenchmark.RunAsync(args.Skip(1).ToArray());
}

if (args[0] == "serve")
{
    return await ServeBenchmark.RunAsync(args.Skip(1).ToArray());
}

BenchmarkSwitcher.FromAssembly(typeof(RenderBenchmark).Assembly).Run(args);
return 0;
