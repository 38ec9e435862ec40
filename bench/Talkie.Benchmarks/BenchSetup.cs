using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Avatars;
using Talkie.Composition;
using Talkie.Localization;
using Talkie.Speech;
using Talkie.Speech.Visemes;
using Talkie.Vision;

namespace Talkie.Benchmarks;

/// <summary>What the benchmarks share: the services and a 60-second script.</summary>
internal static class BenchSetup
{
    /// <summary>About a minute of speech at a presenter's pace.</summary>
    public const string Script = Testing.TestScripts.Minute;

    public static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        services.AddLogging();
        services.AddTalkieComposition();
        services.AddTalkieLocalization();
        services.AddTalkieVision();
        return services.BuildServiceProvider();
    }

    public static AvatarPerformance Performance(Narration narration, TimeSpan duration, int fps)
        => new(
            VisemeTrackBuilder.Build(narration.Phones, duration, new VisemeOptions { FrameRate = fps, SnapToFrames = true }),
            narration.SentenceEnds.ToList(),
            narration.Emphasis,
            Seed: 5,
            FrameRate: fps);
}
