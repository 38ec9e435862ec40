using SkiaSharp;

namespace Talkie.Composition.Tests;

public sealed class SceneOptionParserTests
{
    [Theory]
    [InlineData("1280x720", 1280, 720)]
    [InlineData("3840x2160", 3840, 2160)]
    [InlineData("1080p", 1920, 1080)]
    [InlineData("vertical", 1080, 1920)]
    [InlineData("640X360", 640, 360)]
    public void ParseSize_Valid(string text, int width, int height) => Assert.Equal((width, height), SceneOptionParser.ParseSize(text));

    [Theory]
    [InlineData("1281x720", "even width and height")]
    [InlineData("1280x721", "try 1280x722")]
    [InlineData("7680x4320", "out of range")]
    [InlineData("64x64", "out of range")]
    [InlineData("big", "not WIDTHxHEIGHT")]
    [InlineData("-2x4", "not WIDTHxHEIGHT")]
    public void ParseSize_Invalid_SaysWhy(string text, string problem)
        => Assert.Contains(problem, Assert.Throws<InvalidInputException>(() => SceneOptionParser.ParseSize(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void ParseFrameRate_OnlyTheOfferedRates()
    {
        Assert.Equal(60, SceneOptionParser.ParseFrameRate(60));
        Assert.Contains("24, 25, 30 or 60", Assert.Throws<InvalidInputException>(() => SceneOptionParser.ParseFrameRate(29)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBackdrop_ColoursGradientsAndImages()
    {
        Assert.Equal(new SolidBackdrop(new SKColor(0x1E, 0x3A, 0x5F)), SceneOptionParser.ParseBackdrop("#1e3a5f"));
        Assert.Equal(new SolidBackdrop(SKColors.Navy), SceneOptionParser.ParseBackdrop("navy"));
        Assert.Equal(new GradientBackdrop(SKColors.White, new SKColor(0xC8, 0xD4, 0xE3)), SceneOptionParser.ParseBackdrop("#ffffff-#c8d4e3"));
        Assert.IsType<GradientBackdrop>(SceneOptionParser.ParseBackdrop("gradient:white,#000"));

        using var temp = new Testing.TempDirectory();
        var png = temp.File("bg.png");
        using (var bitmap = new SKBitmap(8, 8))
        using (var data = bitmap.Encode(SKEncodedImageFormat.Png, 100))
        {
            File.WriteAllBytes(png, data.ToArray());
        }

        Assert.Equal(new ImageBackdrop(png), SceneOptionParser.ParseBackdrop(png));
    }

    [Fact]
    public void ParseBackdrop_NeitherColourNorImage_Throws()
    {
        using var temp = new Testing.TempDirectory();
        var fake = temp.File("fake.png");
        File.WriteAllText(fake, "not an image");

        Assert.Contains("neither a colour", Assert.Throws<InvalidInputException>(() => SceneOptionParser.ParseBackdrop("blurple")).Message, StringComparison.Ordinal);
        Assert.Contains("is not a PNG, JPEG", Assert.Throws<InvalidInputException>(() => SceneOptionParser.ParseBackdrop(fake)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParsePlacementAndCaptions_NamesTheChoices()
    {
        Assert.Equal(Placement.Circle, SceneOptionParser.ParsePlacement("Circle"));
        Assert.Equal(CaptionMode.Burn, SceneOptionParser.ParseCaptions("burn"));
        Assert.Contains("full, left, right, circle", Assert.Throws<InvalidInputException>(() => SceneOptionParser.ParsePlacement("top")).Message, StringComparison.Ordinal);
        Assert.Contains("burn, file, none", Assert.Throws<InvalidInputException>(() => SceneOptionParser.ParseCaptions("yes")).Message, StringComparison.Ordinal);
    }
}
