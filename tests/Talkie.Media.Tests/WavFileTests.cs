namespace Talkie.Media.Tests;

public sealed class WavFileTests
{
    [Fact]
    public void WriteThenRead_RoundTripsSamplesAndRate()
    {
        using var audio = new AudioBuffer(22050);
        var tone = new float[22050];
        for (var i = 0; i < tone.Length; i++)
        {
            tone[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / 22050));
        }

        audio.Append(tone);
        using var stream = new MemoryStream();
        WavFile.Write(stream, audio);
        stream.Position = 0;
        using var read = WavFile.Read(stream);

        Assert.Equal(22050, read.SampleRate);
        Assert.Equal(audio.Length, read.Length);
        Assert.Equal(audio.Rms(0, audio.Length), read.Rms(0, read.Length), 3);
    }

    [Fact]
    public async Task Read_FfmpegStereoFloatWav_MixesToMono()
    {
        using var temp = new Testing.TempDirectory();
        var path = temp.File("stereo.wav");
        var runner = Testing.TestServices.Get<ToolRunner>();
        await runner.RunAsync(new ToolCommand("ffmpeg", "ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=300:duration=0.5", "-ac", "2", "-c:a", "pcm_f32le", "-y", path]), CancellationToken.None);

        using var audio = WavFile.Read(path);

        Assert.Equal(44100, audio.SampleRate);
        Assert.Equal(22050, audio.Length);
        Assert.InRange(audio.Rms(0, audio.Length), 0.05, 0.2);
    }

    [Fact]
    public void Read_NotAWav_ThrowsInvalidData()
        => Assert.Throws<InvalidDataException>(() => WavFile.Read(new MemoryStream("this is not audio at all"u8.ToArray())));

    [Fact]
    public void AudioBuffer_SetLength_PadsWithSilenceAndCuts()
    {
        using var audio = new AudioBuffer(16000);
        audio.Append([0.5f, 0.5f]);
        audio.SetLength(10);
        Assert.Equal(10, audio.Length);
        Assert.Equal(0f, audio.Samples[9]);
        audio.SetLength(1);
        Assert.Equal(1, audio.Length);
    }
}
