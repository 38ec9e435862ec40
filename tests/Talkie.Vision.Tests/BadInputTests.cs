using Talkie.Media;
using Talkie.Testing;

namespace Talkie.Vision.Tests;

public sealed class BadInputTests
{
    private static FaceAnalyzer Analyzer => TestServices.Get<FaceAnalyzer>();

    [Fact]
    public void ABlankFrame_HasNoFace_AndSaysSo()
    {
        using var blank = VideoFrame.Rent(640, 480, FramePixelFormat.Rgba32);
        blank.Pixels.Fill(128);

        var result = Analyzer.AnalyzeImage(blank, new FaceAnalysisRequest(LandmarkEngineKind.Mesh));

        Assert.Empty(result.Faces);
        Assert.Contains(result.Notes, n => n.StartsWith("no face found", StringComparison.Ordinal));
    }

    [Fact]
    public void PicturesWithoutPeople_HaveNoFace()
    {
        var folder = Path.Combine(TestMedia.Root, "websites", "square_opensource", "repo_images");
        foreach (var file in Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).Take(8))
        {
            using var image = ImageFile.Load(file);
            var result = Analyzer.AnalyzeImage(image, new FaceAnalysisRequest(LandmarkEngineKind.Dlib));
            Assert.True(result.Faces.Count == 0, $"{Path.GetFileName(file)}: {result.Faces.Count} faces");
        }
    }

    [Fact]
    public void TwoFaces_TheLargestIsPrimary_AndANoteSaysSo()
    {
        using var obama = ImageFile.Load(TestMedia.Portraits.Single(p => p.Contains("obama", StringComparison.Ordinal)));
        using var eileen = ImageFile.Load(TestMedia.Portraits.Single(p => p.Contains("eileen", StringComparison.Ordinal)));
        using var both = VideoFrame.Rent(obama.Width + eileen.Width, obama.Height, FramePixelFormat.Rgba32);
        both.Pixels.Fill(200);
        Blit(obama, both, 0);
        Blit(eileen, both, obama.Width);

        foreach (var engine in new[] { LandmarkEngineKind.Dlib, LandmarkEngineKind.Mesh })
        {
            var result = Analyzer.AnalyzeImage(both, new FaceAnalysisRequest(engine));
            Assert.Equal(2, result.Faces.Count);
            Assert.True(result.Faces[0].IsPrimary && !result.Faces[1].IsPrimary);
            Assert.True(result.Faces[0].Landmarks.NoseTip.X < obama.Width, "the primary face is Obama's (the larger)");
            Assert.Contains(result.Notes, n => n.StartsWith("2 faces found; the largest", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ATinyFace_IsReportedAsTooSmall_NotGivenGarbageLandmarks()
    {
        using var eileen = ImageFile.Load(TestMedia.Portraits.Single(p => p.Contains("eileen", StringComparison.Ordinal)));
        using var canvas = VideoFrame.Rent(640, 480, FramePixelFormat.Rgba32);
        canvas.Pixels.Fill(90);
        using (var source = OpenCvSharp.Mat.FromPixelData(eileen.Height, eileen.Width, OpenCvSharp.MatType.CV_8UC4, eileen.Buffer))
        using (var target = OpenCvSharp.Mat.FromPixelData(480, 640, OpenCvSharp.MatType.CV_8UC4, canvas.Buffer))
        using (var region = new OpenCvSharp.Mat(target, new OpenCvSharp.Rect(300, 200, 128, 128)))
        {
            OpenCvSharp.Cv2.Resize(source, region, new OpenCvSharp.Size(128, 128), 0, 0, OpenCvSharp.InterpolationFlags.Area);
        }

        // The face is now about 24 px wide.
        var result = Analyzer.AnalyzeImage(canvas, new FaceAnalysisRequest(LandmarkEngineKind.Dlib));

        Assert.Empty(result.Faces);
        Assert.Contains(result.Notes, n => n.Contains("too small", StringComparison.Ordinal) || n.StartsWith("no face found", StringComparison.Ordinal));
    }

    [Fact]
    public void AFaceTurnedAway_GetsAClearResult()
    {
        // A profile-like view: the portrait squeezed by a strong perspective turn.
        using var obama = ImageFile.Load(TestMedia.Portraits.Single(p => p.Contains("obama", StringComparison.Ordinal)));
        using var turned = VideoFrame.Rent(obama.Width, obama.Height, FramePixelFormat.Rgba32);
        using (var source = OpenCvSharp.Mat.FromPixelData(obama.Height, obama.Width, OpenCvSharp.MatType.CV_8UC4, obama.Buffer))
        using (var target = OpenCvSharp.Mat.FromPixelData(turned.Height, turned.Width, OpenCvSharp.MatType.CV_8UC4, turned.Buffer))
        {
            var w = obama.Width;
            var h = obama.Height;
            using var warp = OpenCvSharp.Cv2.GetPerspectiveTransform(
                [new(0, 0), new(w, 0), new(w, h), new(0, h)],
                [new(w * 0.35f, h * 0.2f), new(w * 0.6f, 0), new(w * 0.6f, h), new(w * 0.35f, h * 0.8f)]);
            OpenCvSharp.Cv2.WarpPerspective(source, target, warp, new OpenCvSharp.Size(w, h));
        }

        foreach (var engine in new[] { LandmarkEngineKind.Dlib, LandmarkEngineKind.Mesh })
        {
            var result = Analyzer.AnalyzeImage(turned, new FaceAnalysisRequest(engine));
            if (result.Faces.Count == 0)
            {
                Assert.NotEmpty(result.Notes);
            }
            else
            {
                Assert.All(result.Faces, f => Assert.True(float.IsFinite(f.Landmarks.Pose.Yaw)));
                Assert.True(
                    result.Faces.All(f => Math.Abs(f.Landmarks.Pose.Yaw) <= 45) || result.Notes.Any(n => n.Contains("profile", StringComparison.Ordinal)),
                    "a face turned past 45° carries a note");
            }
        }
    }

    [Fact]
    public void CorruptAndEmptyImages_GetClearErrors()
    {
        using var temp = new TempDirectory();
        var empty = temp.File("empty.jpg");
        File.WriteAllBytes(empty, []);
        var noise = temp.File("noise.jpg");
        File.WriteAllBytes(noise, Enumerable.Range(0, 5000).Select(i => (byte)((i * 7919) % 251)).ToArray());

        Assert.Contains("is empty (0 bytes)", Assert.Throws<UnreadableImageException>(() => ImageFile.Load(empty)).Message, StringComparison.Ordinal);
        Assert.Contains("is not an image that can be read", Assert.Throws<UnreadableImageException>(() => ImageFile.Load(noise)).Message, StringComparison.Ordinal);
        Assert.False(ImageFile.IsImage(noise));
        Assert.False(ImageFile.IsImage(empty));
    }

    [Fact]
    public async Task AFileWithoutPictures_IsRefusedForTracking()
    {
        var audio = TestMedia.Speech("en_ljspeech_LJ001-0001.wav");

        var error = await Assert.ThrowsAnyAsync<InvalidInputException>(async () =>
        {
            await foreach (var frame in Analyzer.TrackVideoAsync(audio, new FaceAnalysisRequest(LandmarkEngineKind.Mesh), null, CancellationToken.None))
            {
            }
        });

        Assert.Contains("has no video stream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABoxOutsideThePicture_IsRefused()
    {
        using var image = VideoFrame.Rent(320, 240, FramePixelFormat.Rgba32);
        var error = Assert.Throws<InvalidInputException>(() => Analyzer.AnalyzeImage(image, new FaceAnalysisRequest(LandmarkEngineKind.Dlib, new FaceBox(1000, 1000, 50, 50))));
        Assert.Contains("lies mostly outside the 320×240 picture", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => FaceBox.Parse("1,2,3"));
        Assert.Throws<InvalidInputException>(() => FaceBox.Parse("1,2,0,4"));
        Assert.Equal(new FaceBox(1, 2, 3, 4), FaceBox.Parse("1, 2, 3, 4"));
    }

    private static void Blit(VideoFrame source, VideoFrame target, int left)
    {
        for (var y = 0; y < source.Height; y++)
        {
            source.Pixels.Slice(y * source.Stride, source.Stride).CopyTo(target.Pixels.Slice((y * target.Stride) + (left * 4), source.Stride));
        }
    }
}
