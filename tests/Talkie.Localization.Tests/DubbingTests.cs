using Talkie.Testing;
using Xunit.Abstractions;

namespace Talkie.Localization.Tests;

/// <summary>The dub's acceptance, measured on the output of two real clips.</summary>
[Collection(Dubbing.Collection)]
public sealed class DubbingTests : IClassFixture<DubbedVideos>
{
    private readonly DubbedVideos _dubs;
    private readonly ITestOutputHelper _output;

    public DubbingTests(DubbedVideos dubs, ITestOutputHelper output)
    {
        _dubs = dubs;
        _output = output;
    }

    [Fact]
    public void The_video_keeps_its_length_and_its_sound_stays_in_step()
    {
        foreach (var dub in _dubs.Dubs)
        {
            var frame = 1 / dub.InputInfo.Video!.FrameRate;
            var (input, output) = (dub.InputInfo, dub.OutputInfo);
            _output.WriteLine($"{dub.Name}: duration {input.Duration!.Value.TotalSeconds:0.000} → {output.Duration!.Value.TotalSeconds:0.000} s; video {input.Video.Duration?.TotalSeconds:0.000} → {output.Video!.Duration?.TotalSeconds:0.000} s; sound {input.Audio!.Duration?.TotalSeconds:0.000} → {output.Audio!.Duration?.TotalSeconds:0.000} s");
            // The length of a file is its longest stream's (a container may round it up: the AOC clip says 8.064 s for two 8.000 s streams).
            static double Length(Talkie.Media.MediaInfo info) => Math.Max(info.Video!.Duration!.Value.TotalSeconds, info.Audio!.Duration!.Value.TotalSeconds);
            Assert.InRange(Math.Abs(Length(output) - Length(input)), 0, frame);
            Assert.InRange(Math.Abs((output.Video.Duration!.Value - input.Video.Duration!.Value).TotalSeconds), 0, frame + 0.001);

            // In step: both streams start together, and the sound keeps the original's timeline (its length).
            Assert.InRange(Math.Abs(((output.Audio.StartTime ?? TimeSpan.Zero) - (output.Video.StartTime ?? TimeSpan.Zero)).TotalSeconds), 0, 0.04);
            Assert.InRange(Math.Abs((output.Audio.Duration!.Value - input.Audio.Duration!.Value).TotalSeconds), 0, 0.04);
            Assert.Equal(dub.InputInfo.Video.Width, output.Video.Width);
            Assert.Equal(dub.InputInfo.Video.FrameRate, output.Video.FrameRate, 2);

            // A stereo original gives a stereo dub (the shared clips are stereo).
            Assert.Equal(2, input.Audio.Channels);
            Assert.Equal(input.Audio.Channels, output.Audio.Channels);
        }
    }

    [Fact]
    public void Every_translated_sentence_is_spoken_within_its_original_slot()
    {
        foreach (var dub in _dubs.Dubs)
        {
            var segments = dub.Project.Segments;
            var outside = dub.Loud.Where(t => !segments.Any(s => t.TotalSeconds >= s.Start - 0.2 && t.TotalSeconds + 0.01 <= s.End + 0.2)).ToList();
            _output.WriteLine($"{dub.Name}: {segments.Count} segments, {dub.Loud.Count} loud 10 ms windows, {outside.Count} outside the slots ± 200 ms");
            Assert.Empty(outside);

            // And each slot does hold speech: the dub is not silent anywhere it should speak.
            Assert.All(segments, s => Assert.Contains(dub.Loud, t => t.TotalSeconds >= s.Start && t.TotalSeconds <= s.End));
        }
    }

    [Fact]
    public void The_mouth_follows_the_new_sound_rather_than_the_old()
    {
        var results = new List<(DubMeasure Dub, double New, double Old)>();
        foreach (var dub in _dubs.Dubs)
        {
            var frames = Enumerable.Range(0, dub.Opening.Count).Where(k => !double.IsNaN(dub.Opening[k])).ToList();
            var opening = frames.Select(k => dub.Opening[k]).ToList();
            var toNew = Enumerable.Range(0, 4).Max(lag => SpeechScores.Correlation(opening, frames.Select(k => dub.NewLoudness[k]).ToList(), lag));
            var toOld = Enumerable.Range(0, 4).Max(lag => SpeechScores.Correlation(opening, frames.Select(k => dub.OldLoudness[k]).ToList(), lag));
            _output.WriteLine($"{dub.Name}: mouth opening vs the new sound r = {toNew:0.00}, vs the original r = {toOld:0.00} (margin {toNew - toOld:0.00}); lip-sync {dub.Result.Report.LipSync}");
            results.Add((dub, toNew, toOld));
        }

        Assert.All(results, r => Assert.True(r.Dub.Result.Report.LipSync));
        Assert.All(results, r => Assert.True(r.New > r.Old + 0.05, $"{r.Dub.Name}: {r.New:0.00} vs {r.Old:0.00}"));
    }

    [Fact]
    public void Outside_the_mouth_the_frames_are_the_input_frames()
    {
        foreach (var dub in _dubs.Dubs)
        {
            _output.WriteLine($"{dub.Name}: SSIM outside the mouth region min {dub.OutsideMouth.Min():0.000}, mean {dub.OutsideMouth.Average():0.000} over {dub.OutsideMouth.Count} frames");
            Assert.True(dub.OutsideMouth.Count >= dub.Opening.Count - 2);
            Assert.All(dub.OutsideMouth, s => Assert.True(s >= 0.97, $"{dub.Name}: {s:0.000}"));
        }
    }

    [Fact]
    public void The_voice_is_pitched_like_the_speaker()
    {
        foreach (var dub in _dubs.Dubs)
        {
            var (input, output) = dub.Pitch;
            var report = dub.Result.Report;
            _output.WriteLine($"{dub.Name}: speaker {input:0} Hz, dub {output:0} Hz ({(output / input - 1) * 100:+0.0;-0.0}%), voice {report.Voice}, shift {report.PitchShift:+0.0;-0.0} st, formants ×{report.FormantScale:0.00}");
            Assert.InRange(output / input, 0.9, 1.1);
        }
    }

    [Fact]
    public void Subtitles_in_both_languages_and_the_project_are_written_beside_the_video()
    {
        foreach (var dub in _dubs.Dubs)
        {
            var to = dub.Project.To;
            Assert.Equal(4, dub.Result.Subtitles.Count);
            Assert.All(dub.Result.Subtitles, path => Assert.True(new FileInfo(path).Length > 20, path));
            var target = File.ReadAllText(dub.Result.Subtitles.Single(p => p.EndsWith($".{to}.vtt", StringComparison.Ordinal)));
            Assert.StartsWith("WEBVTT", target, StringComparison.Ordinal);
            Assert.Contains(dub.Project.Segments[0].Target.Split(' ')[0], target, StringComparison.Ordinal);
            Assert.Contains(dub.Project.Segments[0].Source.Split(' ')[0], File.ReadAllText(dub.Result.Subtitles.Single(p => p.EndsWith(".en.srt", StringComparison.Ordinal))), StringComparison.Ordinal);

            // The work folder is gone after a finished dub.
            Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(dub.Result.Video!)!, ".*talkie-work"));

            // Named for its language (clip.es.mp4), the dub's subtitles keep one tag: clip.es.vtt, clip.en.vtt.
            Assert.DoesNotContain(dub.Result.Subtitles, p => p.Contains($".{to}.{to}.", StringComparison.Ordinal));

            // Every cue fits two lines of 42 characters and ends by the video's end.
            foreach (var srt in dub.Result.Subtitles.Where(p => p.EndsWith(".srt", StringComparison.Ordinal)))
            {
                var lines = File.ReadAllLines(srt);
                Assert.All(lines.Where(l => l.Length > 0 && !l.Contains("-->", StringComparison.Ordinal) && !l.All(char.IsAsciiDigit)), l => Assert.True(l.Length <= 42, $"{srt}: {l}"));
                var last = lines.Last(l => l.Contains("-->", StringComparison.Ordinal)).Split(" --> ")[1];
                Assert.True(TimeSpan.ParseExact(last, @"hh\:mm\:ss\,fff", System.Globalization.CultureInfo.InvariantCulture).TotalSeconds <= dub.OutputInfo.Duration!.Value.TotalSeconds + 0.05, $"{srt} ends at {last}");
            }
        }

        // Obama's clip is heard poorly ("we know the travel too young…"): the recognizer's doubt is a note.
        Assert.Contains(_dubs.Dubs[0].Result.Notes, n => n.StartsWith("the recognizer was unsure of", StringComparison.Ordinal));
    }
}
