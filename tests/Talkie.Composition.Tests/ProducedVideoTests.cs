using System.Text;
using Talkie.Media;
using Talkie.Speech.Visemes;
using Talkie.Testing;

namespace Talkie.Composition.Tests;

/// <summary>One English video, rendered once and measured from the decoded output by the tests below.</summary>
public sealed class EnglishVideo : IAsyncLifetime
{
    public const string Script = """
        <speak>
          Hello! My name is Ava, and I present your videos.
          <break time="1200ms"/>
          Peter Piper picked a peck of pickled peppers; how many did he pick?
          <break time="800ms"/>
          Wow, that is a lot of peppers.
        </speak>
        """;

    public TempDirectory Temp { get; } = new();

    public VideoResult Result { get; private set; } = null!;

    public MediaInfo Info { get; private set; } = null!;

    public List<int> Openings { get; private set; } = [];

    public double[] AudioEnergy { get; private set; } = [];

    public int FrameRate => 25;

    public async Task InitializeAsync()
    {
        var producer = TestServices.Get<VideoProducer>();
        Result = await producer.ProduceAsync(
            new VideoRequest
            {
                Script = Script,
                AvatarId = "stock:ava",
                OutputPath = Temp.File("ava.mp4"),
                Seed = 11,
                Scene = new SceneSpec { Width = 1280, Height = 720, FrameRate = FrameRate, Captions = CaptionMode.File },
            },
            null,
            CancellationToken.None);
        Info = await TestServices.Get<MediaProbe>().ProbeAsync(Result.OutputPath, CancellationToken.None);
        Openings = await MouthMeter.MeasureAsync(Result.OutputPath, Result.MouthRegion);

        using var audio = await TestServices.Get<MediaDecoder>().ReadAudioAsync(Result.OutputPath, 16000, CancellationToken.None);
        var perFrame = 16000 / FrameRate;
        AudioEnergy = Enumerable.Range(0, Openings.Count).Select(i => audio.Rms(i * perFrame, perFrame)).ToArray();
    }

    public Task DisposeAsync()
    {
        Temp.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class ProducedVideoTests : IClassFixture<EnglishVideo>
{
    private readonly EnglishVideo _video;

    public ProducedVideoTests(EnglishVideo video) => _video = video;

    private TimeSpan FrameTime(int index) => TimeSpan.FromSeconds((double)index / _video.FrameRate);

    private TimeSpan Frame => TimeSpan.FromSeconds(1.0 / _video.FrameRate);

    /// <summary>The opening of a wide-open mouth in this video (the median over frames held on D).</summary>
    private double WideOpen()
    {
        var track = _video.Result.Visemes;
        var open = Enumerable.Range(0, _video.Openings.Count).Where(i => track.ShapeAt(FrameTime(i)) == Viseme.D).Select(i => _video.Openings[i]).Order().ToList();
        return open[open.Count / 2];
    }

    [Fact]
    public void Output_IsH264AndAacWithAudioVideoAndSpeechWithin40Ms()
    {
        var info = _video.Info;
        Assert.Equal("h264", info.Video!.Codec);
        Assert.Equal("yuv420p", info.Video.PixelFormat);
        Assert.Equal(1280, info.Video.Width);
        Assert.Equal("aac", info.Audio!.Codec);
        var video = info.Video.Duration!.Value;
        var audio = info.Audio.Duration!.Value;
        Assert.True((video - audio).Duration() <= TimeSpan.FromMilliseconds(40), $"video {video} audio {audio}");
        Assert.True((video - _video.Result.Duration).Duration() <= TimeSpan.FromMilliseconds(40));
        Assert.True((_video.Result.Duration - _video.Result.SpeechDuration).Duration() <= TimeSpan.FromMilliseconds(40), $"speech {_video.Result.SpeechDuration}");
        Assert.Equal(TimeSpan.Zero, info.Video.StartTime);
        Assert.Equal(TimeSpan.Zero, info.Audio.StartTime);
        Assert.Equal(_video.Result.FrameCount, _video.Openings.Count);
    }

    [Fact]
    public void Output_IsFaststart()
    {
        var head = File.ReadAllBytes(_video.Result.OutputPath).AsSpan(0, 64 * 1024);
        var moov = head.IndexOf("moov"u8);
        var mdat = head.IndexOf("mdat"u8);
        Assert.True(moov > 0 && (mdat < 0 || moov < mdat), $"moov at {moov}, mdat at {mdat}");
    }

    [Fact]
    public void Captions_AreWrittenBesideTheVideo()
    {
        var vtt = File.ReadAllText(_video.Result.WebVttPath!, Encoding.UTF8);
        Assert.StartsWith("WEBVTT", vtt, StringComparison.Ordinal);
        Assert.Contains("Peter Piper picked a peck", vtt, StringComparison.Ordinal);
        Assert.Contains("-->", File.ReadAllText(_video.Result.SrtPath!), StringComparison.Ordinal);
    }

    [Fact]
    public void Mouth_MovesDuringSpeechAndRestsStillInEverySilenceOf300Ms()
    {
        var openings = _video.Openings;
        var closed = WideOpen() * 0.03;
        var phones = _video.Result.Phones;
        var speechStart = phones[0].Start;
        var speechEnd = phones[^1].End;

        // Silences of 300 ms or more between phones, and before and after the speech.
        var silences = new List<(TimeSpan Start, TimeSpan End)> { (TimeSpan.Zero, speechStart), (speechEnd, _video.Result.Duration) };
        silences.AddRange(phones.Zip(phones.Skip(1)).Where(p => p.Second.Start - p.First.End >= TimeSpan.FromMilliseconds(300)).Select(p => (p.First.End, p.Second.Start)));
        Assert.True(silences.Count >= 4);

        foreach (var (start, end) in silences.Where(s => s.End - s.Start >= TimeSpan.FromMilliseconds(300)))
        {
            var inside = Enumerable.Range(0, openings.Count).Where(i => FrameTime(i) >= start + Frame && FrameTime(i) <= end - Frame).ToList();
            Assert.NotEmpty(inside);
            Assert.All(inside, i => Assert.True(openings[i] <= closed, $"frame {i} ({FrameTime(i).TotalSeconds:0.00} s) in silence {start.TotalSeconds:0.00}-{end.TotalSeconds:0.00} opens {openings[i]}"));
            Assert.True(inside.Max(i => openings[i]) - inside.Min(i => openings[i]) <= closed, "the mouth moved in a silence");
        }

        // While speaking, the mouth opens and changes shape from frame to frame.
        var speaking = Enumerable.Range(0, openings.Count)
            .Where(i => FrameTime(i) > speechStart && FrameTime(i) < speechEnd && !silences.Any(s => FrameTime(i) >= s.Start && FrameTime(i) <= s.End))
            .ToList();
        var open = speaking.Count(i => openings[i] > closed);
        var changing = speaking.Count(i => Math.Abs(openings[i] - openings[i - 1]) > closed);
        Assert.True(open > speaking.Count * 0.6, $"{open} of {speaking.Count} speech frames show an open mouth");
        Assert.True(changing > speaking.Count * 0.4, $"{changing} of {speaking.Count} speech frames differ from the frame before");
    }

    [Fact]
    public void Mouth_ReachesEachShapeOnTheFrameItsPhoneStarts()
    {
        var openings = _video.Openings;
        var wide = WideOpen();
        var closed = wide * 0.03;
        var track = _video.Result.Visemes;
        int closures = 0, opens = 0;
        foreach (var cue in track.Cues)
        {
            var frame = (int)Math.Round(cue.Start.TotalSeconds * _video.FrameRate);
            if (frame >= openings.Count || cue.Duration < Frame)
            {
                continue;
            }

            if (cue.Shape == Viseme.A)
            {
                Assert.True(openings[frame] <= closed, $"lips not closed at frame {frame} for {cue}: {openings[frame]}");
                closures++;
            }
            else if (cue.Shape == Viseme.D)
            {
                Assert.True(openings[frame] >= wide * 0.6, $"mouth not wide open at frame {frame} for {cue}: {openings[frame]} of {wide}");
                opens++;
            }
        }

        Assert.True(closures >= 8, $"{closures} closures checked");
        Assert.True(opens >= 3, $"{opens} wide-open shapes checked");

        // And each cue starts within one frame of a phone boundary (the track is tested on raw speech too).
        var boundaries = _video.Result.Phones.SelectMany(p => PhoneVisemes(p)).ToList();
        Assert.All(track.Cues.Skip(1).Where(c => c.Shape != Viseme.X), c => Assert.True(boundaries.Min(b => (b - c.Start).Duration()) <= Frame, c.ToString()));
    }

    [Fact]
    public void Sync_MouthAndSoundLineUpWithinOneFrame()
    {
        // Cross-correlate "the mouth is open" with "there is sound": the best lag must be 0 (±1 frame).
        var closed = WideOpen() * 0.03;
        var mouth = _video.Openings.Select(o => o > closed ? 1.0 : 0.0).ToArray();
        var sound = _video.AudioEnergy.Select(e => e > 0.01 ? 1.0 : 0.0).ToArray();
        var best = Enumerable.Range(-6, 13).MaxBy(lag => SpeechScores.Correlation(mouth, sound, lag));
        Assert.InRange(best, -1, 1);
        Assert.True(SpeechScores.Correlation(mouth, sound, best) > 0.6, $"correlation {SpeechScores.Correlation(mouth, sound, best):0.00}");
    }

    private static IEnumerable<TimeSpan> PhoneVisemes(Speech.PhoneEvent phone)
    {
        yield return phone.Start;
        yield return phone.End;

        // A diphthong changes shape inside the phone.
        yield return phone.Start + ((phone.End - phone.Start) * 0.55);
    }
}
