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

    // DVD footage stores 720 × 480 pixels narrower than tall (8:9) and shows them 640 × 480; a phone marks its
    // upright video as turned; "0:1" is ffprobe's "not said".
    [Theory]
    [InlineData("8:9", 0, 640, 480, true)]
    [InlineData("32:27", 0, 854, 480, true)]
    [InlineData("8:9", 90, 480, 640, true)]
    [InlineData("1:1", 0, 720, 480, false)]
    [InlineData("0:1", 0, 720, 480, false)]
    [InlineData(null, 270, 480, 720, false)]
    public void Parse_PixelShapeAndRotation_GiveTheSizeAsShown(string? aspect, int rotation, int width, int height, bool wide)
    {
        var sample = aspect is null ? string.Empty : $", \"sample_aspect_ratio\": \"{aspect}\"";
        var json = "{\"streams\": [{\"index\": 0, \"codec_type\": \"video\", \"codec_name\": \"h264\", \"width\": 720, \"height\": 480" + sample
            + $", \"tags\": {{\"rotate\": \"{(360 - rotation) % 360}\"}}}}], \"format\": {{\"format_name\": \"mov,mp4\"}}}}";

        var video = FfprobeParser.Parse(json).Video!;

        Assert.Equal((rotation, width, height, wide), (video.Rotation, video.DisplayWidth, video.DisplayHeight, video.HasNonSquarePixels));
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
