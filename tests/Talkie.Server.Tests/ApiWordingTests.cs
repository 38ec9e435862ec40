using Talkie.Server.Api;

namespace Talkie.Server.Tests;

/// <summary>The API's messages as the studio shows them: the studio's pages and forms where the API names routes.</summary>
public sealed class ApiWordingTests
{
    [Theory]
    [InlineData(
        "the mouth never moves in the uploaded footage (a still picture made into a video?); train from footage of the person talking, or make a photo avatar from a picture with POST /v1/avatars/photo",
        "the mouth never moves in the uploaded footage (a still picture made into a video?); train from footage of the person talking, or make a photo avatar from a picture with \"Create from a photo\" on the Avatars page")]
    [InlineData(
        "the avatar 'Me' is still being trained; use it once it is ready (GET /v1/avatars/av_123 shows its progress)",
        "the avatar 'Me' is still being trained; use it once it is ready (its card on the Avatars page shows its progress)")]
    [InlineData(
        "unknown avatar 'x'; the avatars are stock:ava (see GET /v1/avatars; train your own with POST /v1/avatars/trained)",
        "unknown avatar 'x'; the avatars are stock:ava (see the Avatars page; train your own with \"Train from a video\" on the Avatars page)")]
    [InlineData("no voice speaks 'tlh'; see GET /v1/voices?lang=tlh", "no voice speaks 'tlh'; see the Voice list")]
    public void Routes_become_the_studios_own_words(string api, string studio)
    {
        Assert.Equal(studio, ApiWording.ForStudio(ApiWording.ForApi(api, "/nowhere")));
        Assert.DoesNotContain("/v1/", ApiWording.ForStudio(api), StringComparison.Ordinal);
    }
}
