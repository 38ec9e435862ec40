using Talkie.Media;
using Talkie.Testing;

namespace Talkie.Cli.Tests;

public sealed class PhotoCliTests
{
    private static string Portrait => Path.Combine(TestMedia.Root, "portraits", "obama_official_portrait_2012.jpg");

    // A 512 px portrait whose eyes are about 43 px apart: below the sharp size.
    private static string SmallFace => Path.Combine(TestMedia.Root, "portraits", "eileen_collins_nasa_portrait.png");

    [Fact]
    public async Task Create_WithAPhoto_MakesAVideoOfThatFace_InEachFraming()
    {
        using var temp = new TempDirectory();
        foreach (var (framing, placement) in new[] { ("head", "full"), ("photo", "left"), ("head", "circle") })
        {
            var output = temp.File($"{framing}-{placement}.mp4");
            var (code, stdout, stderr) = await CliRunner.RunAsync(["create", "--photo", Portrait, "--framing", framing, "--placement", placement, "--text", "Bob bought a map.", "--size", "640x360", "-o", output]);

            Assert.True(code == 0, stderr);
            Assert.Contains("Wrote", stdout, StringComparison.Ordinal);
            var info = await TestServices.Get<MediaProbe>().ProbeAsync(output, CancellationToken.None);
            Assert.Equal(640, info.Video!.Width);
            Assert.Equal(360, info.Video.Height);
        }
    }

    [Fact]
    public async Task Create_WithASmallFace_WhenAllowed_MakesTheVideo_AndSaysItWillLookSoft()
    {
        using var temp = new TempDirectory();
        var output = temp.File("small.mp4");
        var (code, stdout, stderr) = await CliRunner.RunAsync(["create", "--photo", SmallFace, "--allow-small-face", "--text", "Bob bought a map.", "--size", "640x360", "-o", output]);

        Assert.True(code == 0, stderr);
        Assert.Contains("will look soft", stdout + stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public async Task AvatarPhoto_KeepsAPortraitByName_ListedAndUsedLikeAnyPresenter_ThenDeleted()
    {
        using var temp = new TempDirectory();
        var environment = new Dictionary<string, string> { ["Talkie__Avatars__Trained__Directory"] = temp.File("avatars") };

        // Refused photos store nothing: a small face (unless allowed), a file that is not a picture.
        var (code, stdout, stderr) = await CliRunner.RunAsync(["avatar", "photo", SmallFace, "--name", "eileen"], environment);
        Assert.Equal(1, code);
        Assert.Contains("at least 80 px is needed", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await CliRunner.RunAsync(["avatar", "photo", Path.Combine(TestMedia.Root, "SOURCES.md"), "--name", "notes"], environment);
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", stderr.Trim(), StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(temp.File("avatars")) ? Directory.GetFileSystemEntries(temp.File("avatars")) : []);

        (code, stdout, stderr) = await CliRunner.RunAsync(["avatar", "photo", Portrait, "--name", "Barack"], environment);
        Assert.True(code == 0, stderr);
        Assert.Contains("Stored photo:barack", stdout, StringComparison.Ordinal);
        (code, stdout, stderr) = await CliRunner.RunAsync(["avatar", "photo", SmallFace, "--name", "eileen", "--allow-small-face", "--framing", "photo"], environment);
        Assert.True(code == 0, stderr);
        Assert.Contains("will look soft", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await CliRunner.RunAsync(["avatar", "photo", Portrait, "--name", "barack"], environment);
        Assert.Equal(1, code);
        Assert.Contains("an avatar called 'barack' exists", stderr, StringComparison.Ordinal);

        (code, stdout, _) = await CliRunner.RunAsync(["avatars", "--format", "json"], environment);
        Assert.Equal(0, code);
        Assert.Contains("\"photo:barack\"", stdout, StringComparison.Ordinal);
        Assert.Contains("\"photo:eileen\"", stdout, StringComparison.Ordinal);

        // Rendered by name, framed as stored: the same picture as --photo gives.
        var named = temp.File("named.mp4");
        var direct = temp.File("direct.mp4");
        (code, stdout, stderr) = await CliRunner.RunAsync(["create", "--avatar", "barack", "--text", "Bob bought a map.", "--size", "640x360", "--seed", "3", "--captions", "none", "-o", named], environment);
        Assert.True(code == 0, stderr);
        Assert.Contains("barack", stdout, StringComparison.Ordinal);
        (code, _, stderr) = await CliRunner.RunAsync(["create", "--photo", Portrait, "--text", "Bob bought a map.", "--size", "640x360", "--seed", "3", "--captions", "none", "-o", direct], environment);
        Assert.True(code == 0, stderr);
        var decoder = TestServices.Get<MediaDecoder>();
        var difference = await MeanFrameDifferenceAsync(decoder, named, direct);
        Assert.True(difference < 1, $"the named avatar's frames differ from --photo's by {difference:0.00} grey levels");

        (code, stdout, _) = await CliRunner.RunAsync(["avatar", "delete", "barack"], environment);
        Assert.Equal(0, code);
        Assert.Contains("Deleted photo:barack", stdout, StringComparison.Ordinal);
        (code, _, stderr) = await CliRunner.RunAsync(["create", "--avatar", "barack", "--text", "Hi.", "-o", temp.File("gone.mp4")], environment);
        Assert.Equal(1, code);
        Assert.Contains("unknown avatar 'barack'", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp.File("avatars"), "eileen", "eileen_collins_nasa_portrait.png")));
    }

    [Fact]
    public async Task AvatarPhoto_KeptWithAVoice_SpeaksWithItUnlessTold_AndWithOneOfItsGenderInAnotherLanguage()
    {
        using var temp = new TempDirectory();
        var environment = new Dictionary<string, string> { ["Talkie__Avatars__Trained__Directory"] = temp.File("avatars") };

        // An unknown voice is refused before anything is stored.
        var (code, stdout, stderr) = await CliRunner.RunAsync(["avatar", "photo", Portrait, "--name", "barack", "--voice", "festival-en-us-nobody"], environment);
        Assert.Equal(1, code);
        Assert.Contains("unknown voice 'festival-en-us-nobody'", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await CliRunner.RunAsync(["avatar", "photo", Portrait, "--name", "barack", "--voice", " "], environment);
        Assert.Equal(1, code);
        Assert.Contains("--voice is empty", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(temp.File("avatars")) ? Directory.GetFileSystemEntries(temp.File("avatars")) : []);

        (code, stdout, stderr) = await CliRunner.RunAsync(["avatar", "photo", Portrait, "--name", "barack", "--voice", "festival-en-us-kal"], environment);
        Assert.True(code == 0, stderr);
        Assert.Contains("voice festival-en-us-kal", stdout, StringComparison.Ordinal);

        // The voice heard, measured on each video's sound: a man's (median pitch under 160 Hz) with the kept voice, in
        // English and in Spanish; a woman's where the video names one.
        async Task<(string Stdout, double Pitch)> SpeakAsync(string name, params string[] more)
        {
            var output = temp.File(name + ".mp4");
            var (c, o, e) = await CliRunner.RunAsync(["create", "--avatar", "barack", "--size", "320x180", "--captions", "none", "-o", output, .. more], environment);
            Assert.True(c == 0, e);
            var audio = await TestServices.Get<MediaDecoder>().ReadAudioAsync(output, Talkie.Speech.Features.VoiceAnalysis.SampleRate, CancellationToken.None);
            return (o, Talkie.Speech.Features.VoiceAnalysis.Measure(audio).MedianPitch);
        }

        var kept = await SpeakAsync("kept", "--text", "Good morning, and welcome to the weekly update from the team.");
        Assert.Contains("voice festival-en-us-kal", kept.Stdout, StringComparison.Ordinal);
        Assert.InRange(kept.Pitch, 60, 160);
        var spanish = await SpeakAsync("spanish", "--lang", "es", "--text", "Buenos días, y bienvenidos a las noticias de la semana del equipo.");
        Assert.Contains("voice espeak-es-m", spanish.Stdout, StringComparison.Ordinal);
        Assert.InRange(spanish.Pitch, 60, 160);
        var told = await SpeakAsync("told", "--voice", "festival-en-us-slt", "--text", "Good morning, and welcome to the weekly update from the team.");
        Assert.Contains("voice festival-en-us-slt", told.Stdout, StringComparison.Ordinal);
        Assert.True(told.Pitch > 160, $"the voice named sounds at {told.Pitch:0} Hz");
    }

    private static async Task<double> MeanFrameDifferenceAsync(MediaDecoder decoder, string a, string b)
    {
        var first = new List<byte[]>();
        await foreach (var frame in decoder.ReadFramesAsync(a, FramePixelFormat.Rgba32, CancellationToken.None))
        {
            using (frame)
            {
                first.Add(frame.Pixels.ToArray());
            }
        }

        double sum = 0;
        long count = 0;
        await foreach (var frame in decoder.ReadFramesAsync(b, FramePixelFormat.Rgba32, CancellationToken.None))
        {
            using (frame)
            {
                if (frame.Index >= first.Count)
                {
                    continue;
                }

                var pixels = frame.Pixels;
                var other = first[(int)frame.Index];
                for (var i = 0; i < pixels.Length; i += 7)
                {
                    sum += Math.Abs(pixels[i] - other[i]);
                    count++;
                }
            }
        }

        return count == 0 ? double.MaxValue : sum / count;
    }

    public static TheoryData<string, string[], string> BadInput => new()
    {
        { "both", ["create", "--photo", "{portrait}", "--avatar", "stock:ava", "--text", "Hi.", "-o", "{out}"], "give either an avatar (--avatar) or a photo to animate (--photo), not both" },
        { "framing", ["create", "--photo", "{portrait}", "--framing", "wide", "--text", "Hi.", "-o", "{out}"], "unknown framing 'wide'" },
        { "no face", ["create", "--photo", "{logo}", "--text", "Hi.", "-o", "{out}"], "no face found in logo.png" },
        { "not an image", ["create", "--photo", "{text}", "--text", "Hi.", "-o", "{out}"], "is not an image that can be read" },
        { "small face", ["create", "--photo", "{small}", "--text", "Hi.", "-o", "{out}"], "its eyes are 43 px apart and at least 80 px is needed for a sharp video; use a larger or closer photo, or allow a small face (--allow-small-face" },
        { "missing", ["create", "--photo", "/nonexistent/me.jpg", "--text", "Hi.", "-o", "{out}"], "does not exist" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Create_WithABadPhoto_SaysWhatIsWrong_AndWritesNothing(string name, string[] args, string expected)
    {
        using var temp = new TempDirectory();
        var text = temp.File("notes.jpg");
        await File.WriteAllTextAsync(text, "not a picture");
        var output = temp.File("out.mp4");
        var resolved = args.Select(a => a
            .Replace("{portrait}", Portrait, StringComparison.Ordinal)
            .Replace("{small}", SmallFace, StringComparison.Ordinal)
            .Replace("{logo}", Path.Combine(TestMedia.Root, "websites", "square_opensource", "images", "logo.png"), StringComparison.Ordinal)
            .Replace("{text}", text, StringComparison.Ordinal)
            .Replace("{out}", output, StringComparison.Ordinal)).ToArray();

        var (code, _, stderr) = await CliRunner.RunAsync(resolved);

        Assert.True(code == 1, $"{name}: exit {code}");
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.StartsWith("error: ", stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output), $"{name}: no video is written");
    }
}
