using BenchmarkDotNet.Running;
using Talkie.Benchmarks;

// `render` (default): the end-to-end render benchmark with its ffmpeg-only baseline.
// `speech`: recognition and alignment speed on the shared recordings.
// `photo [PORTRAIT]`: photo analysis time, and the render benchmark with a photo avatar.
// `reenact [VIDEO...]`: the video avatar's self-reenactment check on the pieces built so far.
// `faces`: face detection and landmark speed, and tracking frames per second.
// Anything else goes to BenchmarkDotNet (e.g. `--filter *Frame*`).
if (args.Length == 0 || args[0] == "render")
{
    return await RenderBenchmark.RunAsync(args.Skip(1).ToArray());
}

if (args[0] == "photo")
{
    return await RenderBenchmark.RunPhotoAsync(args.Skip(1).ToArray());
}

if (args[0] == "reenact")
{
    return await ReenactmentBenchmark.RunAsync(args.Skip(1).ToArray());
}

if (args[0] == "speech")
{
    return await SpeechBenchmark.RunAsync(args.Skip(1).ToArray());
}

if (args[0] == "faces")
{
    return await FacesBenchmark.RunAsync(args.Skip(1).ToArray());
}

BenchmarkSwitcher.FromAssembly(typeof(RenderBenchmark).Assembly).Run(args);
return 0;
