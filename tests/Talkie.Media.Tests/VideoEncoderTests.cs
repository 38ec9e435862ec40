using System.Threading.Channels;

namespace Talkie.Media.Tests;

public sealed class VideoEncoderTests
{
    [Fact]
    public async Task EncodeAsync_FramesAndWav_MakesH264AacMp4OfTheRightLength()
    {
        using var temp = new Testing.TempDirectory();
        var wav = temp.File("tone.wav");
        using (var audio = new AudioBuffer(22050))
        {
            audio.AppendSilence(TimeSpan.FromSeconds(2));
            WavFile.Write(wav, audio);
        }

        var output = temp.File("out.mp4");
        var channel = Channel.CreateBounded<VideoFrame>(4);
        var producing = Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var frame = VideoFrame.Rent(320, 240, FramePixelFormat.Bgra32, i);
                frame.Pixels.Fill((byte)(i * 5));
                await channel.Writer.WriteAsync(frame);
            }

            channel.Writer.Complete();
        });

        await Testing.TestServices.Get<VideoEncoder>().EncodeAsync(new VideoEncodeSettings(output, 320, 240, 25) { AudioPath = wav }, channel.Reader, CancellationToken.None);
        await producing;

        var info = await Testing.TestServices.Get<MediaProbe>().ProbeAsync(output, CancellationToken.None);
        Assert.Equal("h264", info.Video!.Codec);
        Assert.Equal("yuv420p", info.Video.PixelFormat);
        Assert.Equal("aac", info.Audio!.Codec);
        Assert.Equal(2.0, info.Video.Duration!.Value.TotalSeconds, 2);
        Assert.InRange(info.Audio.Duration!.Value.TotalSeconds, 1.96, 2.04);
    }

    [Fact]
    public async Task EncodeAsync_WrongFrameSize_FailsClearly()
    {
        using var temp = new Testing.TempDirectory();
        var channel = Channel.CreateUnbounded<VideoFrame>();
        channel.Writer.TryWrite(VideoFrame.Rent(100, 100, FramePixelFormat.Bgra32));
        channel.Writer.Complete();

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            Testing.TestServices.Get<VideoEncoder>().EncodeAsync(new VideoEncodeSettings(temp.File("bad.mp4"), 320, 240, 25), channel.Reader, CancellationToken.None));

        Assert.Contains("frame 0 is 100x100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncodeAsync_FailingWhileAWriterWaitsForRoom_FailsTheWriterWithTheError()
    {
        // ffmpeg cannot write into a folder that is not there: it stops reading, and the channel fills up. The
        // writer used to wait for room for ever (a training whose package folder was removed hung).
        using var temp = new Testing.TempDirectory();
        var channel = Channel.CreateBounded<VideoFrame>(2);
        var encoding = Testing.TestServices.Get<VideoEncoder>().EncodeAsync(new VideoEncodeSettings(temp.File("gone/out.mp4"), 320, 240, 25), channel, CancellationToken.None);
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                await channel.Writer.WriteAsync(VideoFrame.Rent(320, 240, FramePixelFormat.Bgra32, i));
            }
        });

        var closed = await Assert.ThrowsAsync<ChannelClosedException>(() => writing.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.IsType<ToolFailedException>(closed.InnerException);
        await Assert.ThrowsAsync<ToolFailedException>(() => encoding);
    }

    [Fact]
    public void BuildArguments_Audio_MapsBothStreamsWithFaststartAndBt709()
    {
        var args = VideoEncoder.BuildArguments(new VideoEncodeSettings("o.mp4", 1280, 720, 30) { AudioPath = "a.wav" }, new MediaOptions());
        var line = string.Join(' ', args);

        Assert.Contains("-f rawvideo -pix_fmt bgra -s 1280x720 -framerate 30 -i pipe:0", line, StringComparison.Ordinal);
        Assert.Contains("-map 0:v:0 -map 1:a:0", line, StringComparison.Ordinal);
        Assert.Contains("-c:v libx264", line, StringComparison.Ordinal);
        Assert.Contains("-movflags +faststart", line, StringComparison.Ordinal);
        Assert.Contains("-colorspace bt709", line, StringComparison.Ordinal);
        Assert.Equal("o.mp4", args[^1]);
    }
}
