using System.Numerics;
using Microsoft.Extensions.DependencyInjection;
using OpenCvSharp;
using Talkie.Avatars.Trained;
using Talkie.Composition;
using Talkie.Media;
using Talkie.Speech.Visemes;
using Talkie.Testing;
using Talkie.Vision;

namespace Talkie.Avatars.Tests;

/// <summary>What was measured on one frame of a rendered trained-avatar video.</summary>
/// <param name="Index">The frame.</param>
/// <param name="Shape">The mouth shape of the new speech at that frame.</param>
/// <param name="Chosen">The opening of the footage mouth chosen for it (÷ inter-ocular distance).</param>
/// <param name="Predicted">The opening the avatar's model predicted from the sound.</param>
/// <param name="Measured">The opening the face mesh sees in the rendered frame.</param>
/// <param name="Seam">The gradient energy along the blend border in the rendered frame.</param>
/// <param name="BaseSeam">The same along the same border in the untouched base frame.</param>
public sealed record TrainedFrameMeasure(int Index, Viseme Shape, double Chosen, double Predicted, double Measured, double Seam, double BaseSeam);

/// <summary>
/// Trains an avatar from the shared 8-second clip once, renders a short script with pauses and p/b/m
/// words (measured frame by frame: mesh on the output, seams against the untouched base frames) and a
/// minute of speech (for the loops).
/// </summary>
public sealed class TrainedVideos : IAsyncLifetime
{
    public const string Script = """
        <speak>
          Hello! My name is Sam, and this video was made from eight seconds of footage.
          <break time="700ms"/>
          Bob, Pam and Maria bought a big map of Boston.
          <break time="500ms"/>
          Wow, what a beautiful morning!
        </speak>
        """;

    public TempDirectory Temp { get; } = new();

    public ServiceProvider Services { get; private set; } = null!;

    public TrainingResult Training { get; private set; } = null!;

    public TrainedAvatar Avatar { get; private set; } = null!;

    public VideoResult Short { get; private set; } = null!;

    public List<TrainedFrameMeasure> Frames { get; } = [];

    public VideoResult Minute { get; private set; } = null!;

    public static string Footage => TestMedia.TalkingHead("wda_alexandria_ocasio_cortez_000.mp4");

    public string Store => Temp.File("avatars");

    public async Task InitializeAsync()
    {
        Services = TestServices.Build(new Dictionary<string, string?> { ["Talkie:Avatars:Trained:Directory"] = Store });
        Training = await Services.GetRequiredService<AvatarTrainer>().TrainAsync(Footage, "sam", "en", null, CancellationToken.None);
        Avatar = (TrainedAvatar)Services.GetRequiredService<AvatarCatalog>().Resolve("sam");
        var scene = new SceneSpec { Width = Avatar.Manifest.Width, Height = Avatar.Manifest.Height, FrameRate = Avatar.Manifest.FrameRate, Captions = CaptionMode.None };
        var producer = Services.GetRequiredService<VideoProducer>();
        Short = await producer.ProduceAsync(new VideoRequest { Script = Script, AvatarId = "trained:sam", Scene = scene, Seed = 5, OutputPath = Temp.File("short.mp4") }, null, CancellationToken.None);
        await MeasureAsync(scene);
        Minute = await producer.ProduceAsync(new VideoRequest { Script = TestScripts.Minute, AvatarId = "sam", Scene = scene, Seed = 9, OutputPath = Temp.File("minute.mp4") }, null, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Services?.Dispose();
        Temp.Dispose();
        return Task.CompletedTask;
    }

    private async Task MeasureAsync(SceneSpec scene)
    {
        var model = Avatar.Model;
        var (walk, mouths) = Avatar.Plan(Short.Performance);
        var fps = Avatar.Manifest.FrameRate;
        var shapes = Enumerable.Range(0, walk.Length).Select(k => Short.Performance.Visemes.ShapeAt(TimeSpan.FromSeconds((double)k / fps))).ToArray();
        var predicted = model.Mouth.Predict(shapes, Short.Performance.Loudness);

        // The untouched base frames: the stored footage, decoded.
        var footage = new List<Mat>();
        await foreach (var frame in Services.GetRequiredService<MediaDecoder>().ReadFramesAsync(Path.Combine(Avatar.Folder, AvatarStore.FootageFile), FramePixelFormat.Bgra32, CancellationToken.None))
        {
            using (frame)
            {
                footage.Add(ImageQuality.Grey(frame));
            }
        }

        var analyzer = Services.GetRequiredService<FaceAnalyzer>();
        await foreach (var found in analyzer.TrackVideoAsync(Short.OutputPath, new FaceAnalysisRequest(LandmarkEngineKind.Mesh), null, CancellationToken.None, (image, faces) =>
        {
            var k = (int)image.Index;
            var step = walk[Math.Min(k, walk.Length - 1)];
            using var grey = ImageQuality.Grey(image);
            var border = BlendBorder(model.Frames[step.From].Placement, model.Region);
            Frames.Add(new TrainedFrameMeasure(
                k,
                MouthModel.Shifted(shapes, Math.Min(k, shapes.Length - 1), model.Mouth.LeadFrames),
                model.Frames[mouths[Math.Min(k, mouths.Length - 1)]].Opening,
                predicted[Math.Min(k, predicted.Length - 1)].Opening,
                faces.Primary?.Raw.MouthOpening ?? double.NaN,
                ImageQuality.GradientEnergy(grey, border),
                ImageQuality.GradientEnergy(footage[step.From], border)));
        }))
        {
            _ = found;
        }

        footage.ForEach(m => m.Dispose());
    }

    /// <summary>The pixels along the edge of the blend (the region's ellipse where its feather ends) in a frame whose face is at <paramref name="face"/>.</summary>
    public static List<Point> BlendBorder(FacePlacement face, MouthRegion region)
    {
        var ellipse = Enumerable.Range(0, 96).Select(i => face.ToImage(region.Centre + (region.Radii * new Vector2(MathF.Cos(i * MathF.Tau / 96), MathF.Sin(i * MathF.Tau / 96))))).ToList();
        return ImageQuality.Outline(ellipse);
    }
}
