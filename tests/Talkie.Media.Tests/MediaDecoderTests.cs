namespace Talkie.Media.Tests;

public sealed class MediaDecoderTests
{
    // A video whose sound starts half a second after its pictures, as a clip cut with `-c copy` often is
    // (its video must start at a key frame): the sound is read where it plays, led by silence.
    [Fact]
    public async Task ReadAudioAsync_SoundStartingAfterThePictures_IsReadWhereItPlays()
    {
        using var temp = new Testing.TempDirectory();
        var video = temp.File("late.mp4");
        await Testing.Ffmpeg.RunAsync(
            "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=2",
            "-itsoffset", "0.5", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=1.5",
            "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-c:a", "aac", video);
        var info = await Testing.TestServices.Get<MediaProbe>().ProbeAsync(video, CancellationToken.None);
        Assert.InRange(info.Audio!.StartTime!.Value.TotalSeconds, 0.4, 0.55);

        var decoder = Testing.TestServices.Get<MediaDecoder>();
        using var audio = await decoder.ReadAudioAsync(video, 16000, CancellationToken.None);
        var frames = 0;
        await foreach (var frame in decoder.ReadFramesAsync(video, FramePixelFormat.Bgra32, new FrameReading { FrameRate = 25 }, CancellationToken.None))
        {
            frames++;
            frame.Dispose();
        }

        // The sound's clock is the pictures': 2 s of each, the tone (RMS 0.088) from 0.5 s.
        Assert.Equal(50, frames);
        Assert.InRange(audio.Duration.TotalSeconds, 1.95, 2.1);
        Assert.True(audio.Rms(0, 16000 * 4 / 10) < 0.001, $"the first 0.4 s hold sound (RMS {audio.Rms(0, 16000 * 4 / 10):0.0000}); the tone was read early");
        Assert.True(audio.Rms(16000 * 6 / 10, 16000 * 13 / 10) > 0.05, $"no tone from 0.6 s (RMS {audio.Rms(16000 * 6 / 10, 16000 * 13 / 10):0.000})");
    }

    // HDV and DVD footage store pixels wider or narrower than tall; the frames come as the video is shown.
    [Theory]
    [InlineData("4/3", 426)]
    [InlineData("8/9", 284)]
    public async Task ReadFramesAsync_PixelsThatAreNotSquare_ComeAsShown(string aspect, int width)
    {
        using var temp = new Testing.TempDirectory();
        var video = temp.File("wide-pixels.mp4");
        await Testing.Ffmpeg.RunAsync("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=0.4", "-vf", $"setsar={aspect}", "-c:v", "libx264", video);

        var sizes = new List<(int, int)>();
        await foreach (var frame in Testing.TestServices.Get<MediaDecoder>().ReadFramesAsync(video, FramePixelFormat.Bgra32, CancellationToken.None))
        {
            sizes.Add((frame.Width, frame.Height));
            frame.Dispose();
        }

        Assert.Equal(10, sizes.Count);
        Assert.All(sizes, s => Assert.Equal((width, 240), s));
    }
}
