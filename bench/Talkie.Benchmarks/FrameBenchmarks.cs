using BenchmarkDotNet.Attributes;
using Talkie.Avatars;
using Talkie.Composition;
using Talkie.Composition.Captions;
using Talkie.Media;
using Talkie.Speech;
using Microsoft.Extensions.DependencyInjection;

namespace Talkie.Benchmarks;

/// <summary>The cost of drawing one 1280x720 frame, against copying a frame's worth of pixels (the floor).</summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private Compositor _compositor = null!;
    private VideoFrame _frame = null!;
    private byte[] _source = null!;
    private int _index;

    [GlobalSetup]
    public void Setup()
    {
        using var services = BenchSetup.Services();
        var voices = services.GetRequiredService<VoiceCatalog>();
        var narration = voices.SynthesizeAsync(ScriptParser.Parse(BenchSetup.Script), voices.Resolve("espeak-en-us-f", null), CancellationToken.None).GetAwaiter().GetResult();
        var avatar = new AvatarCatalog().Resolve("stock:ava");
        var scene = new SceneSpec { Placement = Placement.Left, Title = "Quarterly update", Captions = CaptionMode.Burn };
        _compositor = new Compositor(scene, avatar.CreateRenderer(BenchSetup.Performance(narration, narration.Duration, 25)), CaptionBuilder.Build(narration.Words), narration.Duration);
        _frame = VideoFrame.Rent(scene.Width, scene.Height, Compositor.PixelFormat);
        _source = new byte[_frame.ByteLength];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _compositor.Dispose();
        _frame.Dispose();
    }

    [Benchmark(Baseline = true, Description = "copy one frame of pixels")]
    public void CopyFrame() => _source.CopyTo(_frame.Pixels);

    [Benchmark(Description = "compose one frame (backdrop, presenter, title, caption)")]
    public void ComposeFrame() => _compositor.Render(_frame, TimeSpan.FromSeconds((_index++ % 1500) / 25.0));
}
