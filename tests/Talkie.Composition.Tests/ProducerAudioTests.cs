using Talkie.Media;
using Talkie.Testing;

namespace Talkie.Composition.Tests;

/// <summary>A presenter driven by a recording: the mouth follows the voice, whatever the file's format.</summary>
public sealed class ProducerAudioTests
{
    public static TheoryData<string, string?, bool> Recordings => new()
    {
        { "speech/en_ljspeech_LJ001-0001.wav", null, true },
        { "speech/en_ljspeech_LJ001-0005.mp3", "the invention of movable metal letters in the middle of the fifteenth century may justly be considered as the invention of the art of printing.", true },
        { "talking_head/wda_alexandria_ocasio_cortez_000.mp4", null, true },

        // Reverberant room and continuous speech: loudness says little about the mouth there, so only
        // the weaker checks below apply.
        { "talking_head/obama_weekly_address_clip_b.mp4", null, false },
    };

    [Theory]
    [MemberData(nameof(Recordings))]
    public async Task Produce_Recording_MouthFollowsTheVoice(string file, string? transcript, bool loudnessTracksMouth)
    {
        using var temp = new TempDirectory();
        var result = await TestServices.Get<VideoProducer>().ProduceAsync(
            new VideoRequest
            {
                AudioPath = Path.Combine(TestMedia.Root, file),
                Transcript = transcript,
                AvatarId = "stock:kenji",
                OutputPath = temp.File("voice.mp4"),
                Scene = new SceneSpec { Width = 640, Height = 360, Captions = CaptionMode.File },
            },
            null,
            CancellationToken.None);

        var info = await TestServices.Get<MediaProbe>().ProbeAsync(result.OutputPath, CancellationToken.None);
        var source = await TestServices.Get<MediaProbe>().ProbeAsync(Path.Combine(TestMedia.Root, file), CancellationToken.None);
        Assert.True((info.Audio!.Duration!.Value - source.Audio!.Duration!.Value).Duration() < TimeSpan.FromMilliseconds(80));
        Assert.Null(result.Voice);
        Assert.NotEmpty(result.Words);

        // The mouth is open when there is sound, and closed when there is none: cross-correlation peaks at lag 0 (±1 frame).
        var openings = await MouthMeter.MeasureAsync(result.OutputPath, result.MouthRegion);
        using var audio = await TestServices.Get<MediaDecoder>().ReadAudioAsync(result.OutputPath, 16000, CancellationToken.None);
        var perFrame = 16000 / 25;
        var loud = Enumerable.Range(0, openings.Count).Select(i => audio.Rms(i * perFrame, perFrame)).ToArray();
        var mouth = openings.Select(o => (double)o).ToArray();

        // Closed before the first word and after the last; open for much of the speech in between.
        var first = (int)(result.Phones[0].Start.TotalSeconds * 25);
        var last = (int)Math.Ceiling(result.Phones[^1].End.TotalSeconds * 25);
        Assert.All(openings.Take(Math.Max(0, first - 1)), o => Assert.True(o <= 2));
        Assert.All(openings.Skip(last + 1), o => Assert.True(o <= 2));
        Assert.True(openings.Skip(first).Take(last - first).Count(o => o > 2) > (last - first) * 0.4, "the mouth is open for too little of the speech");

        if (loudnessTracksMouth)
        {
            // Opening follows loudness (vowels are loud and open): correlation peaks at lag 0 (±1 frame),
            // clearly above what shifted copies of the voice give.
            var correlations = Enumerable.Range(-6, 13).ToDictionary(lag => lag, lag => SpeechScores.Correlation(mouth, loud, lag));
            var best = correlations.MaxBy(c => c.Value);
            var far = correlations.Where(c => Math.Abs(c.Key) >= 4).Max(c => c.Value);
            var summary = string.Join(" ", correlations.Select(c => $"{c.Key}:{c.Value:0.00}"));
            Assert.True(best.Key is >= -1 and <= 1, summary);
            Assert.True(best.Value >= 0.15 && best.Value >= far + 0.05, summary);
        }
    }

    [Fact]
    public async Task Produce_RecordingWithoutSpeech_SaysSoAndWritesNothing()
    {
        using var temp = new TempDirectory();
        var silence = temp.File("room.wav");
        await TestServices.Get<ToolRunner>().RunAsync(new ToolCommand("ffmpeg", "ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "anoisesrc=a=0.0005:d=3", silence]), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => TestServices.Get<VideoProducer>().ProduceAsync(
            new VideoRequest { AudioPath = silence, OutputPath = temp.File("out.mp4"), Scene = new SceneSpec { Width = 320, Height = 180 } },
            null,
            CancellationToken.None));

        Assert.Contains("no speech found", error.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(temp.Path));
    }
}
