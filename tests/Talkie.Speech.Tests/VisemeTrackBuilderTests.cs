using Talkie.Speech.Visemes;

namespace Talkie.Speech.Tests;

public sealed class VisemeTrackBuilderTests
{
    private static PhoneEvent Ipa(double start, double end, string phone) => new(TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), phone, PhoneAlphabet.Ipa);

    [Theory]
    [InlineData("p", Viseme.A)]
    [InlineData("m", Viseme.A)]
    [InlineData("f", Viseme.G)]
    [InlineData("v", Viseme.G)]
    [InlineData("u", Viseme.F)]
    [InlineData("w", Viseme.F)]
    [InlineData("ɔ", Viseme.E)]
    [InlineData("ɜː", Viseme.E)]
    [InlineData("ɑː", Viseme.D)]
    [InlineData("æ", Viseme.C)]
    [InlineData("ɛ", Viseme.C)]
    [InlineData("iː", Viseme.B)]
    [InlineData("s", Viseme.B)]
    [InlineData("tʃ", Viseme.B)]
    [InlineData("l", Viseme.H)]
    [InlineData("", Viseme.X)]
    [InlineData("s.", Viseme.B)]
    public void Map_Ipa_GivesTheArticulatedShape(string phone, Viseme expected)
        => Assert.Equal(expected, PhoneVisemes.Map(phone, PhoneAlphabet.Ipa)[0].Shape);

    [Theory]
    [InlineData("aɪ", Viseme.D, Viseme.B)]
    [InlineData("aʊ", Viseme.D, Viseme.F)]
    [InlineData("eɪ", Viseme.C, Viseme.B)]
    public void Map_Diphthong_HasTwoTargets(string phone, Viseme first, Viseme second)
    {
        var shapes = PhoneVisemes.Map(phone, PhoneAlphabet.Ipa);
        Assert.Equal([first, second], shapes.Select(s => s.Shape));
    }

    [Theory]
    [InlineData("m", Viseme.A)]
    [InlineData("b", Viseme.A)]
    [InlineData("f", Viseme.G)]
    [InlineData("uw", Viseme.F)]
    [InlineData("aa", Viseme.D)]
    [InlineData("ao", Viseme.E)]
    [InlineData("l", Viseme.H)]
    [InlineData("pau", Viseme.X)]
    [InlineData("ih1", Viseme.B)]
    public void Map_Arpabet_GivesTheArticulatedShape(string phone, Viseme expected)
        => Assert.Equal(expected, PhoneVisemes.Map(phone, PhoneAlphabet.Arpabet)[0].Shape);

    [Fact]
    public void Map_ModifierOnly_IsPartOfThePreviousPhone() => Assert.Empty(PhoneVisemes.Map("ʲ", PhoneAlphabet.Ipa));

    [Fact]
    public void Build_PausesAndEdges_ShowTheRestMouth()
    {
        var phones = new[] { Ipa(0.5, 0.6, "m"), Ipa(0.6, 0.8, "a"), Ipa(1.4, 1.5, "p"), Ipa(1.5, 1.7, "a") };
        var track = VisemeTrackBuilder.Build(phones, TimeSpan.FromSeconds(2));

        Assert.Equal(Viseme.X, track.ShapeAt(TimeSpan.FromSeconds(0.2)));
        Assert.Equal(Viseme.X, track.ShapeAt(TimeSpan.FromSeconds(1.1)));
        Assert.Equal(Viseme.X, track.ShapeAt(TimeSpan.FromSeconds(1.9)));
        Assert.Equal(Viseme.A, track.ShapeAt(TimeSpan.FromSeconds(0.55)));
        Assert.Equal(Viseme.D, track.ShapeAt(TimeSpan.FromSeconds(0.7)));
        Assert.Equal(TimeSpan.Zero, track.Cues[0].Start);
        Assert.Equal(TimeSpan.FromSeconds(2), track.Cues[^1].End);
    }

    [Fact]
    public void Build_ConsonantBeforeRoundedVowel_AnticipatesTheRounding()
    {
        // "soon": the s is already puckered.
        var phones = new[] { Ipa(0.1, 0.2, "s"), Ipa(0.2, 0.4, "uː"), Ipa(0.4, 0.5, "n") };
        var track = VisemeTrackBuilder.Build(phones, TimeSpan.FromSeconds(0.6));
        Assert.Equal(Viseme.F, track.ShapeAt(TimeSpan.FromSeconds(0.15)));
    }

    [Fact]
    public void Build_H_TakesTheNextVowelsShape()
    {
        var phones = new[] { Ipa(0.1, 0.2, "h"), Ipa(0.2, 0.4, "ɑː") };
        var track = VisemeTrackBuilder.Build(phones, TimeSpan.FromSeconds(0.5));
        Assert.Equal(Viseme.D, track.ShapeAt(TimeSpan.FromSeconds(0.15)));
    }

    [Fact]
    public void Build_ShortClosure_IsLengthenedToOneFrameNotDropped()
    {
        var phones = new[] { Ipa(0.1, 0.3, "a"), Ipa(0.3, 0.315, "b"), Ipa(0.315, 0.5, "a") };
        var track = VisemeTrackBuilder.Build(phones, TimeSpan.FromSeconds(0.6), new VisemeOptions { FrameRate = 25 });

        var closure = Assert.Single(track.Cues, c => c.Shape == Viseme.A);
        Assert.True(closure.Duration >= TimeSpan.FromMilliseconds(40) - TimeSpan.FromTicks(1));
        Assert.InRange(closure.Start.TotalSeconds, 0.3 - 0.04, 0.3);
    }

    [Fact]
    public void Build_NoCueIsShorterThanOneFrame()
    {
        var phones = Enumerable.Range(0, 40).Select(i => Ipa(0.1 + (i * 0.012), 0.1 + ((i + 1) * 0.012), i % 2 == 0 ? "t" : "a")).ToArray();
        var track = VisemeTrackBuilder.Build(phones, TimeSpan.FromSeconds(1), new VisemeOptions { FrameRate = 30 });
        Assert.All(track.Cues, c => Assert.True(c.Duration >= TimeSpan.FromSeconds(1 / 30.0) - TimeSpan.FromTicks(1), c.ToString()));
    }

    [Fact]
    public void Build_WithoutExtendedShapes_ReplacesThemAsRhubarbDoes()
    {
        var phones = new[] { Ipa(0.1, 0.2, "f"), Ipa(0.2, 0.3, "l"), Ipa(0.3, 0.4, "a") };
        var track = VisemeTrackBuilder.Build(phones, TimeSpan.FromSeconds(0.5), new VisemeOptions { ExtendedShapes = string.Empty });
        Assert.DoesNotContain(track.Cues, c => c.Shape is Viseme.G or Viseme.H or Viseme.X);
        Assert.Equal(Viseme.A, track.Cues[0].Shape);
        Assert.Equal(Viseme.B, track.ShapeAt(TimeSpan.FromSeconds(0.15)));
        Assert.Equal(Viseme.C, track.ShapeAt(TimeSpan.FromSeconds(0.25)));
    }

    [Fact]
    public void RhubarbFormat_JsonAndTsv_FollowRhubarbsLayout()
    {
        var track = VisemeTrackBuilder.Build([Ipa(0.1, 0.3, "m"), Ipa(0.3, 0.5, "a")], TimeSpan.FromSeconds(0.7));

        using var json = System.Text.Json.JsonDocument.Parse(RhubarbFormat.ToJson(track, new Dictionary<string, string> { ["soundFile"] = "a.wav", ["voice"] = "v" }));
        var root = json.RootElement;
        Assert.Equal("a.wav", root.GetProperty("metadata").GetProperty("soundFile").GetString());
        Assert.Equal(0.7, root.GetProperty("metadata").GetProperty("duration").GetDouble());
        var cues = root.GetProperty("mouthCues").EnumerateArray().ToList();
        Assert.Equal(["X", "A", "D", "X"], cues.Select(c => c.GetProperty("value").GetString()));
        Assert.Equal(0.1, cues[1].GetProperty("start").GetDouble());
        Assert.Equal(0.3, cues[1].GetProperty("end").GetDouble());

        Assert.Equal("0.00\tX\n0.10\tA\n0.30\tD\n0.50\tX\n0.70\tX\n", RhubarbFormat.ToTsv(track));
    }
}
