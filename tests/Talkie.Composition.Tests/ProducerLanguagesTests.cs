using System.Text;
using Talkie.Media;
using Talkie.Testing;

namespace Talkie.Composition.Tests;

public sealed class ProducerLanguagesTests
{
    public static TheoryData<string?, string?, string, string> Scripts => new()
    {
        { "festival-en-us-slt", null, "Welcome to the quarterly update.", "Welcome to the quarterly update." },
        { "espeak-en-us-m", null, "Welcome to the quarterly update.", "Welcome to the quarterly update." },
        { null, "es", "Bienvenidos a la actualización trimestral.", "Bienvenidos a la actualización trimestral." },
        { null, "fr", "Bienvenue à la mise à jour trimestrielle.", "Bienvenue à la mise à jour trimestrielle." },
        { null, "de", "Willkommen zum Quartalsbericht für Größe.", "Willkommen zum Quartalsbericht für Größe." },
        { null, "ru", "Добро пожаловать в квартальный обзор.", "Добро пожаловать в квартальный обзор." },
        { null, "zh", "欢迎观看季度更新。", "欢迎观看季度更新。" },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Produce_Language_SpeaksAndCaptionsIt(string? voice, string? language, string script, string caption)
    {
        using var temp = new TempDirectory();
        var result = await TestServices.Get<VideoProducer>().ProduceAsync(
            new VideoRequest
            {
                Script = script,
                VoiceId = voice,
                Language = language,
                OutputPath = temp.File("out.mp4"),
                Scene = new SceneSpec { Width = 480, Height = 270, Captions = CaptionMode.Burn },
            },
            null,
            CancellationToken.None);

        if (language is not null)
        {
            Assert.StartsWith(language == "zh" ? "cmn" : language, result.Voice!.Language, StringComparison.Ordinal);
        }

        var info = await TestServices.Get<MediaProbe>().ProbeAsync(result.OutputPath, CancellationToken.None);
        Assert.Equal("h264", info.Video!.Codec);
        Assert.Equal("aac", info.Audio!.Codec);
        Assert.True(result.Phones.Count > 10);

        var vtt = await File.ReadAllTextAsync(result.WebVttPath!, Encoding.UTF8);
        var captionText = string.Concat(result.Captions.SelectMany(c => c.Lines));
        Assert.Equal(caption.Replace(" ", string.Empty, StringComparison.Ordinal), captionText.Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Contains(result.Captions[0].Lines[0], vtt, StringComparison.Ordinal);

        // The burned caption is in the picture: the bottom of a frame mid-caption is not the plain backdrop.
        var middle = (int)(result.Captions[0].Start.TotalSeconds * 25) + 5;
        var bottomDark = 0;
        var index = 0;
        await foreach (var frame in TestServices.Get<MediaDecoder>().ReadFramesAsync(result.OutputPath, FramePixelFormat.Rgba32, CancellationToken.None))
        {
            using (frame)
            {
                if (index++ == middle)
                {
                    for (var y = 200; y < 262; y++)
                    {
                        for (var x = 60; x < 420; x++)
                        {
                            var at = (y * frame.Stride) + (x * 4);
                            bottomDark += frame.Pixels[at] > 235 && frame.Pixels[at + 1] > 235 && frame.Pixels[at + 2] > 235 ? 1 : 0;
                        }
                    }
                }
            }
        }

        Assert.True(bottomDark > 150, $"{bottomDark} white caption pixels");
    }
}
