using System.Numerics;
using Talkie.Avatars.Trained;
using Talkie.Media;
using Talkie.Speech.Visemes;
using Talkie.Testing;
using Talkie.Vision;
using Talkie.Vision.Landmarks;
using Xunit.Abstractions;

namespace Talkie.Avatars.Tests;

public sealed class MouthLibraryTests
{
    private readonly ITestOutputHelper _output;

    public MouthLibraryTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void TheChoice_FollowsTheWantedOpening_AndPlaysTheFootageForward()
    {
        // Footage whose mouth opens and closes slowly: 0, 0.1, ... 1, 0.9, ... (four times over).
        var placement = new FacePlacement(Vector2.Zero, 0, 1);
        var samples = Enumerable.Range(0, 80)
            .Select(i => new MouthSample(i, placement, 0.05f + (0.3f * (1 - Math.Abs(((i % 20) / 10f) - 1))), 0.9f, Viseme.C))
            .ToList();
        var library = new MouthLibrary(samples);
        var wanted = Enumerable.Range(0, 40).Select(t => (MouthPose.For(t % 10 < 5 ? Viseme.D : Viseme.A), t % 10 < 5 ? Viseme.D : Viseme.A)).ToList();

        var chosen = library.Choose(wanted);

        var open = chosen.Where((_, t) => t % 10 < 5).Average(c => samples[c].Opening);
        var closed = chosen.Where((_, t) => t % 10 >= 5).Average(c => samples[c].Opening);
        var forward = chosen.Zip(chosen.Skip(1)).Count(p => samples[p.Second].Frame == samples[p.First].Frame + 1);
        _output.WriteLine($"open {open:0.000}, closed {closed:0.000}, {forward} of {chosen.Length - 1} steps play forward");
        Assert.True(open > closed + 0.15f, $"open {open:0.000} against closed {closed:0.000}");
        Assert.True(forward >= chosen.Length / 3, $"{forward} forward steps");
    }

    [Fact]
    public async Task AMouthPutIntoAnotherFrame_LeavesNoSeam()
    {
        // Two frames of a real clip, one mouth shut and one open: the open mouth goes into the other frame.
        var path = TestMedia.TalkingHead("wda_alexandria_ocasio_cortez_000.mp4");
        var frames = new List<(VideoFrame Image, FaceLandmarks Face)>();
        await foreach (var found in TestServices.Get<FaceAnalyzer>().TrackVideoAsync(path, new FaceAnalysisRequest(LandmarkEngineKind.Mesh), null, CancellationToken.None, (image, faces) =>
        {
            var copy = VideoFrame.Rent(image.Width, image.Height, image.PixelFormat, image.Index);
            image.Pixels.CopyTo(copy.Pixels);
            frames.Add((copy, faces.Primary!.Raw));
        }))
        {
            _ = found;
        }

        try
        {
            var target = frames.MinBy(f => f.Face.MouthOpening);
            var source = frames.MaxBy(f => f.Face.MouthOpening);
            var region = MouthRegion.Of(frames.Select(f => f.Face));
            using var output = VideoFrame.Rent(target.Image.Width, target.Image.Height, FramePixelFormat.Rgba32);
            target.Image.Pixels.CopyTo(output.Pixels);
            var targetFace = FacePlacement.Of(target.Face);
            var sourceFace = FacePlacement.Of(source.Face);
            MouthDubber.Paint(output, targetFace, source.Image, sourceFace, region, [[.. target.Face.OuterLips.Select(targetFace.ToStandard)], [.. source.Face.OuterLips.Select(sourceFace.ToStandard)]]);

            // The blend's border: the region's ellipse, where the feather has nearly faded out (its
            // half-way line runs close to the lips, whose own edges would be measured there).
            var border = Enumerable.Range(0, 360).Select(d =>
            {
                var (sin, cos) = MathF.SinCos(d * MathF.PI / 180);
                return targetFace.ToImage(region.Centre + (new Vector2(cos, sin) * region.Radii));
            }).ToList();
            using var before = ImageQuality.Grey(target.Image);
            using var after = ImageQuality.Grey(output);
            var pixels = ImageQuality.Outline(border);
            var ratio = ImageQuality.GradientEnergy(after, pixels) / ImageQuality.GradientEnergy(before, pixels);
            var seen = TestServices.Get<Vision.Mesh.FaceMeshEngine>().Follow(output, target.Face);
            _output.WriteLine($"frame {target.Image.Index} (opening {target.Face.MouthOpening:0.000}) given frame {source.Image.Index}'s mouth ({source.Face.MouthOpening:0.000}): reads {seen.MouthOpening:0.000}; border gradient energy {ratio:0.00}× the untouched frame's");
            Assert.True(ratio <= 1.2, $"seam energy {ratio:0.00}×");
            Assert.True(seen.MouthOpening > (target.Face.MouthOpening + source.Face.MouthOpening) / 2, "the new mouth is the open one");
        }
        finally
        {
            foreach (var (image, _) in frames)
            {
                image.Dispose();
            }
        }
    }
}
