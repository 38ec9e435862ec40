using OpenCvSharp;
using Talkie.Avatars.Trained;
using Talkie.Media;
using Talkie.Speech.Features;
using Talkie.Testing;
using Talkie.Vision;
using Talkie.Vision.Landmarks;

namespace Talkie.Localization.Tests;

/// <summary>What was measured on one dub, against its input.</summary>
/// <param name="Name">The clip and direction.</param>
/// <param name="Input">The original video.</param>
/// <param name="Result">What the localizer returned.</param>
/// <param name="Project">The project it wrote.</param>
public sealed record DubMeasure(string Name, string Input, LocalizationResult Result, LocalizationProject Project)
{
    public required MediaInfo InputInfo { get; init; }

    public required MediaInfo OutputInfo { get; init; }

    /// <summary>Gets the mesh's mouth opening on each output frame.</summary>
    public required List<double> Opening { get; init; }

    /// <summary>Gets the output sound's loudness at each output frame.</summary>
    public required List<double> NewLoudness { get; init; }

    /// <summary>Gets the input sound's loudness at each frame.</summary>
    public required List<double> OldLoudness { get; init; }

    /// <summary>Gets the SSIM of each output frame with the input frame, outside the mouth region.</summary>
    public required List<double> OutsideMouth { get; init; }

    /// <summary>Gets where the output is loud (10 ms windows): the dub's speech, with the original's under it 24 dB down.</summary>
    public required List<TimeSpan> Loud { get; init; }

    /// <summary>Gets the median pitch of the input's and the output's speech (Hz).</summary>
    public required (double Input, double Output) Pitch { get; init; }
}

/// <summary>Dubs two of the shared talking-head clips (English → Spanish, English → Catalan) once and measures the output against the input.</summary>
public sealed class DubbedVideos : IAsyncLifetime
{
    public TempDirectory Temp { get; } = new();

    public List<DubMeasure> Dubs { get; } = [];

    public async Task InitializeAsync()
    {
        foreach (var (clip, to) in new[] { ("obama_weekly_address_clip_a.mp4", "es"), ("wda_alexandria_ocasio_cortez_000.mp4", "ca") })
        {
            var input = TestMedia.TalkingHead(clip);
            var output = Temp.File($"{Path.GetFileNameWithoutExtension(clip)}.{to}.mp4");
            var result = await TestServices.Get<Localizer>().LocalizeAsync(new LocalizationRequest { VideoPath = input, OutputPath = output, To = to }, null, CancellationToken.None);
            Dubs.Add(await MeasureAsync($"{clip} en→{to}", input, result));
        }
    }

    public Task DisposeAsync()
    {
        Temp.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<DubMeasure> MeasureAsync(string name, string input, LocalizationResult result)
    {
        var output = result.Video!;
        var probe = TestServices.Get<MediaProbe>();
        var (inputInfo, outputInfo) = (await probe.ProbeAsync(input, CancellationToken.None), await probe.ProbeAsync(output, CancellationToken.None));
        var fps = inputInfo.Video!.FrameRate;
        var project = LocalizationProject.Load(result.Project);

        // The input's faces: where the mouth region is in each frame.
        var analyzer = TestServices.Get<FaceAnalyzer>();
        var inputFaces = new List<FaceLandmarks?>();
        var inputFrames = new List<Mat>();
        await foreach (var found in analyzer.TrackVideoAsync(input, new FaceAnalysisRequest(LandmarkEngineKind.Mesh), null, CancellationToken.None, (image, _) => inputFrames.Add(ImageQuality.Grey(image))))
        {
            inputFaces.Add(found.Primary?.Raw);
        }

        var region = MouthRegion.Of(inputFaces.OfType<FaceLandmarks>());
        var opening = new List<double>();
        var outside = new List<double>();
        await foreach (var found in analyzer.TrackVideoAsync(output, new FaceAnalysisRequest(LandmarkEngineKind.Mesh), null, CancellationToken.None, (image, faces) =>
        {
            var k = (int)image.Index;
            if (k >= inputFrames.Count || inputFaces[k] is not { } face)
            {
                return;
            }

            using var grey = ImageQuality.Grey(image);
            using var mask = new Mat(grey.Rows, grey.Cols, MatType.CV_8UC1, Scalar.All(255));
            var box = MouthDubber.Box(FacePlacement.Of(face), region);
            var (grow, growY) = (box.Width * 0.1f, box.Height * 0.1f);
            Cv2.Rectangle(mask, new Rect((int)(box.X - grow), (int)(box.Y - growY), (int)(box.Width + (2 * grow)), (int)(box.Height + (2 * growY))), Scalar.All(0), -1);
            outside.Add(ImageQuality.Ssim(grey, inputFrames[k], mask));
        }))
        {
            opening.Add(found.Primary?.Raw.MouthOpening ?? double.NaN);
        }

        inputFrames.ForEach(m => m.Dispose());
        var decoder = TestServices.Get<MediaDecoder>();
        using var newSound = await decoder.ReadAudioAsync(output, VoiceAnalysis.SampleRate, CancellationToken.None);
        using var oldSound = await decoder.ReadAudioAsync(input, VoiceAnalysis.SampleRate, CancellationToken.None);
        var spans = project.Segments.Select(s => (TimeSpan.FromSeconds(s.Start), TimeSpan.FromSeconds(s.End))).ToList();
        return new DubMeasure(name, input, result, project)
        {
            InputInfo = inputInfo,
            OutputInfo = outputInfo,
            Opening = opening,
            NewLoudness = PerFrame(newSound, fps, opening.Count),
            OldLoudness = PerFrame(oldSound, fps, opening.Count),
            OutsideMouth = outside,
            Loud = Loud(newSound),
            Pitch = (VoiceAnalysis.Measure(oldSound, spans).MedianPitch, VoiceAnalysis.Measure(newSound, spans).MedianPitch),
        };
    }

    // Log RMS over each frame's span.
    private static List<double> PerFrame(AudioBuffer audio, double fps, int frames)
    {
        var samples = audio.Samples.ToArray();
        return [.. Enumerable.Range(0, frames).Select(k =>
        {
            var (a, b) = ((int)(k / fps * audio.SampleRate), Math.Min(samples.Length, (int)((k + 1) / fps * audio.SampleRate)));
            var sum = 0.0;
            for (var i = a; i < b; i++)
            {
                sum += samples[i] * samples[i];
            }

            return Math.Log10(1e-8 + (sum / Math.Max(1, b - a)));
        })];
    }

    // The 10 ms windows louder than a fifth of the loud speech (the 95th percentile).
    private static List<TimeSpan> Loud(AudioBuffer audio)
    {
        var samples = audio.Samples.ToArray();
        var hop = audio.SampleRate / 100;
        var rms = Enumerable.Range(0, samples.Length / hop).Select(w => Math.Sqrt(samples.AsSpan(w * hop, hop).ToArray().Average(s => s * s))).ToList();
        var loud = rms.Order().ElementAt((int)(rms.Count * 0.95));
        return [.. rms.Select((r, w) => (r, w)).Where(p => p.r > 0.2 * loud).Select(p => TimeSpan.FromSeconds(p.w / 100.0))];
    }
}
