namespace Talkie.Media.Tests;

public sealed class FfprobeParserTests
{
    [Fact]
    public void Parse_H264AacMp4_ReadsBothStreams()
    {
        var info = FfprobeParser.Parse(File.ReadAllText("TestData/ffprobe-h264-aac.json"));

        Assert.Equal("h264", info.Video!.Codec);
        Assert.Equal(1280, info.Video.Width);
        Assert.Equal(720, info.Video.Height);
        Assert.Equal("yuv420p", info.Video.PixelFormat);
        Assert.Equal(25, info.Video.FrameRate, 3);
        Assert.Equal("aac", info.Audio!.Codec);
        Assert.Equal(48000, info.Audio.SampleRate);
        Assert.Contains("mp4", info.FormatName, StringComparison.Ordinal);
        Assert.Equal(21.84, info.Duration!.Value.TotalSeconds, 2);
    }

    [Fact]
    public void Parse_Mp3_HasOnlyAudioWithStartOffset()
    {
        var info = FfprobeParser.Parse(File.ReadAllText("TestData/ffprobe-mp3.json"));

        Assert.Null(info.Video);
        Assert.Equal("mp3", info.Audio!.Codec);
        Assert.Equal(22050, info.Audio.SampleRate);
        Assert.Equal(1, info.Audio.Channels);
        Assert.Equal(0.050113, info.Audio.StartTime!.Value.TotalSeconds, 5);
    }

    [Theory]
    [InlineData("25/1", 25)]
    [InlineData("30000/1001", 29.97)]
    [InlineData("0/0", 0)]
    [InlineData("", 0)]
    [InlineData("24", 24)]
    public void ParseRational_Values_AreRead(string text, double expected)
        => Assert.Equal(expected, FfprobeParser.ParseRational(text), 2);
}
