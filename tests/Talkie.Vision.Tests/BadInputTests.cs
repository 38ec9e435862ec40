using Talkie.Media;
using Talkie.Testing;
using Xunit.Abstractions;

namespace Talkie.Vision.Tests;

public sealed class BadInputTests(ITestOutputHelper output)
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
        // The Eileen portrait shrunk to 128 px on a plain grey picture: the Haar cascade finds her face in a
        // box of about 26 px, under the 40 px that landmarks need (before its input was equalized locally,
        // the plain grey flattened the face's contrast and it was not found at all).
        using var canvas = Shrunk("eileen", 128);
        var result = Analyzer.AnalyzeImage(canvas, new FaceAnalysisRequest(LandmarkEngineKind.Dlib));
        output.WriteLine(string.Join(" | ", result.Notes));

        Assert.Empty(result.Faces);
        Assert.Contains(result.Notes, n => n.StartsWith("a face of ", StringComparison.Ordinal) && n.EndsWith("is too small for landmarks (at least 40 px is needed); use a larger or closer picture", StringComparison.Ordinal));
    }

    [Fact]
    public void AFaceTooSmallToFind_IsNotFound_AndSaysSo()
    {
        // Shrunk to 64 px, her face is about 12 px: under what the detectors see.
        using var canvas = Shrunk("eileen", 64);
        var result = Analyzer.AnalyzeImage(canvas, new FaceAnalysisRequest(LandmarkEngineKind.Dlib));
        output.WriteLine(string.Join(" | ", result.Notes));

        Assert.Empty(result.Faces);
        Assert.Contains(result.Notes, n => n.StartsWith("no face found", StringComparison.Ordinal));
    }

    [Fact]
    public void AFaceTurnedAway_IsNotFound_AndTheNoteAsksForAFrontView()
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

        // Turned this far, neither detector finds a face, and the note says what to use instead.
        foreach (var engine in new[] { LandmarkEngineKind.Dlib, LandmarkEngineKind.Mesh })
        {
            var result = Analyzer.AnalyzeImage(turned, new FaceAnalysisRequest(engine));
            output.WriteLine($"{engine}: {result.Faces.Count} faces; {string.Join(" | ", result.Notes)}");
            Assert.Empty(result.Faces);
            Assert.Contains(result.Notes, n => n.StartsWith("no face found", StringComparison.Ordinal) && n.Contains("seen from the front", StringComparison.Ordinal));
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

    // A shared portrait shrunk to the given width, on a 640 × 480 grey picture.
    private static VideoFrame Shrunk(string portrait, int width)
    {
        using var image = ImageFile.Load(TestMedia.Portraits.Single(p => p.Contains(portrait, StringComparison.Ordinal)));
        var canvas = VideoFrame.Rent(640, 480, FramePixelFormat.Rgba32);
        canvas.Pixels.Fill(90);
        using var source = OpenCvSharp.Mat.FromPixelData(image.Height, image.Width, OpenCvSharp.MatType.CV_8UC4, image.Buffer);
        using var target = OpenCvSharp.Mat.FromPixelData(480, 640, OpenCvSharp.MatType.CV_8UC4, canvas.Buffer);
        using var region = new OpenCvSharp.Mat(target, new OpenCvSharp.Rect(300, 200, width, width * image.Height / image.Width));
        OpenCvSharp.Cv2.Resize(source, region, region.Size(), 0, 0, OpenCvSharp.InterpolationFlags.Area);
        return canvas;
    }
}
