using Talkie.Media;
using Talkie.Testing;

namespace Talkie.Vision.Tests;

/// <summary>The shared portraits and frames of the shared talking-head videos, decoded once per test run.</summary>
internal static class FaceImages
{
    private static readonly Lazy<IReadOnlyList<(string Name, VideoFrame Image)>> All = new(Load);

    /// <summary>Gets every portrait and every 40th frame of every talking-head video.</summary>
    public static IReadOnlyList<(string Name, VideoFrame Image)> PortraitsAndFrames => All.Value;

    private static List<(string Name, VideoFrame Image)> Load()
    {
        var images = TestMedia.Portraits.Select(p => (Path.GetFileName(p), ImageFile.Load(p))).ToList();
        var decoder = TestServices.Get<MediaDecoder>();
        foreach (var video in TestMedia.TalkingHeads)
        {
            Task.Run(async () =>
            {
                await foreach (var frame in decoder.ReadFramesAsync(video, FramePixelFormat.Rgba32, CancellationToken.None))
                {
                    if (frame.Index % 40 == 0)
                    {
                        images.Add(($"{Path.GetFileName(video)}#{frame.Index}", frame));
                    }
                    else
                    {
                        frame.Dispose();
                    }
                }
            }).GetAwaiter().GetResult();
        }

        return images;
    }
}
