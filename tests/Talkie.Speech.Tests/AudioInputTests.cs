using Talkie.Media;
using Talkie.Speech.Recognition;
using Talkie.Testing;

namespace Talkie.Speech.Tests;

/// <summary>Recordings that are not plain speech get a clear result, and long ones stream.</summary>
public sealed class AudioInputTests
{
    private static SpeechAnalyzer Analyzer => TestServices.Get<SpeechAnalyzer>();

    internal static Task MakeAsync(params string[] arguments)
        => TestServices.Get<ToolRunner>().RunAsync(new ToolCommand("ffmpeg", "ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments]), CancellationToken.None);

    [Fact]
    public async Task Silence_HasNoSpeech()
    {
        using var temp = new TempDirectory();
        var silence = temp.File("silence.wav");
        await MakeAsync("-f", "lavfi", "-i", "anoisesrc=c=white:a=0.0005:r=16000:d=6", silence);

        var transcript = await Analyzer.TranscribeAsync(silence, new TranscriptionOptions(), null, CancellationToken.None);
        var timed = await Analyzer.TimeSpeechAsync(silence, null, null, null, CancellationToken.None);

        Assert.Empty(transcript.Segments);
        Assert.Equal(6, transcript.Duration.TotalSeconds, 1);
        Assert.Empty(timed.Phones);
    }

    [Theory]
    [InlineData("aevalsrc='0.15*sin(2*PI*(220+20*floor(mod(t*2,4)))*t)+0.1*sin(2*PI*(330+30*floor(mod(t*2,4)))*t)+0.08*sin(2*PI*440*t)*(0.5+0.5*sin(2*PI*2*t))':s=16000:d=8")]
    [InlineData("aevalsrc='0.3*sin(2*PI*(261.6*pow(2,floor(mod(t*4,8))/12))*t)*exp(-3*mod(t,0.25))+0.2*(random(0)-0.5)*exp(-30*mod(t,0.5))':s=16000:d=8")]
    public async Task Music_WithoutSpeech_HasNoSpeech(string music)
    {
        using var temp = new TempDirectory();
        var file = temp.File("music.wav");
        await MakeAsync("-f", "lavfi", "-i", music, file);

        var transcript = await Analyzer.TranscribeAsync(file, new TranscriptionOptions(), null, CancellationToken.None);

        Assert.Empty(transcript.Segments);
        var mismatch = await Assert.ThrowsAsync<TranscriptMismatchException>(() => Analyzer.AlignAsync(file, "Hello, and welcome to the show.", null, CancellationToken.None));
        Assert.Contains("no speech", mismatch.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0], "empty (0 bytes)")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0x10, 0x00, 0x00, 0x00, 0x57, 0x41, 0x56, 0x45, 0x01, 0x02 }, "not a media file ffmpeg can read")]
    public async Task CorruptFile_IsRefusedClearly(byte[] content, string message)
    {
        using var temp = new TempDirectory();
        var file = temp.File("broken.wav");
        await File.WriteAllBytesAsync(file, content);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Analyzer.TranscribeAsync(file, new TranscriptionOptions(), null, CancellationToken.None));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidInputException>(() => Analyzer.TimeSpeechAsync(file, null, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task VideoWithoutSound_IsRefusedClearly()
    {
        using var temp = new TempDirectory();
        var file = temp.File("mute.mp4");
        await MakeAsync("-f", "lavfi", "-i", "testsrc2=s=160x120:d=1", "-c:v", "libx264", "-preset", "ultrafast", file);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Analyzer.TranscribeAsync(file, new TranscriptionOptions(), null, CancellationToken.None));
        Assert.Contains("has no audio stream", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>Measures managed memory, so it runs alone: other tests' allocations would count too.</summary>
[CollectionDefinition("TwoHourRecording", DisableParallelization = true)]
public sealed class TwoHourRecordingCollection
{
}

[Collection("TwoHourRecording")]
public sealed class TwoHourRecordingTests
{
    [Fact]
    public async Task TwoHourRecording_IsStreamedInBoundedMemory()
    {
        using var temp = new TempDirectory();
        var file = temp.File("two-hours.flac");

        // Speech, two hours of quiet room, and speech again.
        await AudioInputTests.MakeAsync(
            "-i", TestMedia.Speech("en_ljspeech_LJ001-0001.wav"),
            "-f", "lavfi", "-t", "7200", "-i", "anoisesrc=c=pink:a=0.0003:r=22050",
            "-i", TestMedia.Speech("en_ljspeech_LJ001-0005.mp3"),
            "-filter_complex", "[0:a]aresample=22050[a];[2:a]aresample=22050[c];[a][1:a][c]concat=n=3:v=0:a=1,aformat=channel_layouts=mono",
            "-c:a", "flac", file);

        long peak = 0;
        var reports = 0;
        var progress = new Progress<double>(_ =>
        {
            if (Interlocked.Increment(ref reports) % 2000 == 0)
            {
                Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), GC.GetTotalMemory(forceFullCollection: true)));
            }
        });

        var transcript = await TestServices.Get<SpeechAnalyzer>().TranscribeAsync(file, new TranscriptionOptions(), progress, CancellationToken.None);

        Assert.InRange(transcript.Duration.TotalSeconds, 7215, 7220);
        Assert.Equal(2, transcript.Segments.Count);
        Assert.Contains("exhibition", transcript.Segments[0].Text, StringComparison.Ordinal);
        Assert.Contains("printing", transcript.Segments[1].Text, StringComparison.Ordinal);
        Assert.True(transcript.Segments[1].Start.TotalSeconds > 7200);

        // Two hours at 16 kHz would be 460 MB as floats: the stream never holds more than a few chunks.
        Assert.True(peak < 120L * 1024 * 1024, $"managed memory peaked at {peak / 1024 / 1024} MB");
    }
}
