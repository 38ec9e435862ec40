namespace Talkie.Testing;

/// <summary>Scripts shared by tests and benchmarks.</summary>
public static class TestScripts
{
    /// <summary>About a minute of speech at a presenter's pace (62.8 s with festival's slt voice).</summary>
    public const string Minute = """
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
}
