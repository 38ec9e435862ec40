using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Avatars;
using Talkie.Composition;
using Talkie.Speech;
using Talkie.Speech.Visemes;
using Talkie.Vision;

namespace Talkie.Benchmarks;

/// <summary>What the benchmarks share: the services and a 60-second script.</summary>
internal static class BenchSetup
{
    /// <summary>About a minute of speech at a presenter's pace.</summary>
    public const string Script = """
        Welcome to the quarterly update. This quarter we shipped three major features, doubled the number of
        active teams, and cut the time it takes to make a video from hours to minutes.
        Our customers told us what they needed: faster edits, more languages, and presenters that look like their brand.
        So we built a script editor that renders as you type, added voices in more than a hundred languages,
        and gave every team its own set of presenters, colours and fonts.
        Next quarter, we will focus on personalized videos: one template, thousands of viewers, each greeted by name.
        We will also make the studio faster on ordinary laptops, because nobody should need a graphics card to tell a story.
        None of this would have happened without the feedback of the people who use our product every day.
        Keep the ideas coming: every request is read, and the best ones end up in the next release.
        If you have a minute, tell us which feature you would like to see first.
        Thank you for watching, and see you next time.
        """;

    public static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        services.AddLogging();
        services.AddTalkieComposition();
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
