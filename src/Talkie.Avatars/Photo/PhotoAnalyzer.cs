using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Talkie.Media;
using Talkie.Vision;
using Talkie.Vision.Landmarks;

namespace Talkie.Avatars.Photo;

/// <summary>Thrown when a portrait cannot become a photo avatar (no face, a face too small or turned away).</summary>
public sealed class UnsuitablePhotoException : InvalidInputException
{
    /// <summary>Creates the exception.</summary>
    public UnsuitablePhotoException(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public override string Code => "unsuitable-photo";
}

/// <summary>
/// Analyses a portrait once: finds the face (the largest, if several), places the face mesh with the
/// still-image precision, checks the face is large and frontal enough, and measures the mouth at rest
/// and the skin and lip colours. Results are cached by the file's SHA-256, so a photo used again
/// (or renamed) is not analysed twice.
/// </summary>
public sealed class PhotoAnalyzer
{
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true, WriteIndented = false };

    // Cheeks, below the eyes and beside the nose, and the chin: skin that is rarely in shadow or hair.
    private static readonly int[] SkinPoints = [50, 280, 101, 330, 205, 425, 199, 18];
    private readonly FaceAnalyzer _faces;
    private readonly PhotoAvatarOptions _options;

    /// <summary>Creates the analyzer.</summary>
    public PhotoAnalyzer(FaceAnalyzer faces, IOptions<PhotoAvatarOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _faces = faces;
        _options = options.Value;
    }

    /// <summary>Gets the settings.</summary>
    public PhotoAvatarOptions Options => _options;

    /// <summary>Returns the photo's analysis, from the cache when the same content was analysed before.</summary>
    /// <param name="path">The portrait.</param>
    /// <param name="allowSmallFace">
    /// Whether a face with fewer than <see cref="PhotoAvatarOptions.SharpEyeDistance"/> pixels between the
    /// eyes (but at least <see cref="PhotoAvatarOptions.MinimumEyeDistance"/>) is animated, with a note
    /// that the video will look soft, instead of being refused.
    /// </param>
    /// <param name="cancellationToken">Cancels the analysis.</param>
    /// <exception cref="UnreadableImageException">The file is missing, empty or not an image.</exception>
    /// <exception cref="UnsuitablePhotoException">No usable face.</exception>
    public async Task<PhotoAnalysis> AnalyzeAsync(string path, bool allowSmallFace, CancellationToken cancellationToken)
    {
        var hash = await HashAsync(path, cancellationToken).ConfigureAwait(false);
        var cached = Path.Combine(_options.CacheDirectory, hash + ".json");
        var analysis = TryReadCache(cached);
        if (analysis is null)
        {
            using var photo = LoadWorkingCopy(path);
            analysis = Analyze(path, hash, photo);
            WriteCache(cached, analysis);
        }

        // Checked on every use, cached or not: the limits are settings.
        return Check(Path.GetFileName(path), analysis, allowSmallFace);
    }

    /// <summary>Reads the photo at the working size (as analysed): RGBA, transparency kept.</summary>
    /// <exception cref="UnreadableImageException">The file is missing, empty or not an image.</exception>
    public LoadedImage LoadWorkingCopy(string path) => ImageFile.LoadPhoto(path, _options.MaxPhotoSide);

    private PhotoAnalysis Analyze(string path, string hash, LoadedImage photo)
    {
        var image = photo.Image;
        var name = Path.GetFileName(path);
        var frame = _faces.AnalyzeImage(image, new FaceAnalysisRequest(LandmarkEngineKind.Mesh));
        var face = frame.Primary
            ?? throw new UnsuitablePhotoException($"no face found in {name}; use a photo of one person looking at the camera, with the face well lit");
        var landmarks = face.Landmarks;
        var points = landmarks.Points.ToArray();
        var eyeDistance = Vector2.Distance((landmarks.RightEyeOuter + landmarks.RightEyeInner) / 2, (landmarks.LeftEyeOuter + landmarks.LeftEyeInner) / 2) / photo.Scale;
        var pose = landmarks.Pose;
        var mouth = MeasureMouth(image, landmarks);
        return new PhotoAnalysis
        {
            Hash = hash,
            Width = image.Width,
            Height = image.Height,
            Scale = photo.Scale,
            HasAlpha = photo.HasAlpha,
            Points = [.. points.SelectMany(p => new[] { p.X, p.Y })],
            InterOcular = landmarks.InterOcular,
            EyeDistance = eyeDistance,
            Pose = new Vector3(pose.Yaw, pose.Pitch, pose.Roll),
            Mouth = mouth,
            Skin = Rgb.From(Mean(image, SkinPoints.Select(i => points[i]))),
            Lips = Rgb.From(Mean(image, LipBand(landmarks))),
            FaceCount = frame.Faces.Count,
        };
    }

    private PhotoAnalysis Check(string name, PhotoAnalysis analysis, bool allowSmallFace)
    {
        if (analysis.EyeDistance < _options.MinimumEyeDistance)
        {
            throw new UnsuitablePhotoException(string.Create(
                CultureInfo.InvariantCulture,
                $"the face in {name} is too small: its eyes are {analysis.EyeDistance:0} px apart and at least {_options.SharpEyeDistance} px is needed (never fewer than {_options.MinimumEyeDistance} px); use a larger or closer photo"));
        }

        if (analysis.EyeDistance < _options.SharpEyeDistance && !allowSmallFace)
        {
            throw new UnsuitablePhotoException(string.Create(
                CultureInfo.InvariantCulture,
                $"the face in {name} is too small: its eyes are {analysis.EyeDistance:0} px apart and at least {_options.SharpEyeDistance} px is needed for a sharp video; use a larger or closer photo, or allow a small face (--allow-small-face, or allowSmallFace in the API) to animate it softer"));
        }

        var yaw = float.IsNaN(analysis.Pose.X) ? 90 : Math.Abs(analysis.Pose.X);
        if (yaw > _options.MaxYaw)
        {
            throw new UnsuitablePhotoException(string.Create(
                CultureInfo.InvariantCulture,
                $"the face in {name} is turned {yaw:0}° from the camera{(yaw > 45 ? " (a profile)" : string.Empty)}; photo avatars need a face turned at most {_options.MaxYaw:0}°; use a frontal photo"));
        }

        var notes = new List<string>();
        if (analysis.FaceCount > 1)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{analysis.FaceCount} faces in {name}: the largest is animated; crop the photo to choose another"));
        }

        if (analysis.EyeDistance < _options.SharpEyeDistance)
        {
            notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"the face in {name} is small (eyes {analysis.EyeDistance:0} px apart): the video will look soft; a photo with {_options.SharpEyeDistance} px or more between the eyes looks sharp"));
        }

        if (analysis.HasAlpha)
        {
            notes.Add($"{name} is transparent around the person: the scene's background shows through");
        }

        return analysis with { Notes = notes };
    }

    // Points halfway across each lip, between its outer and inner contours.
    private static IEnumerable<Vector2> LipBand(FaceLandmarks landmarks)
    {
        var outer = landmarks.OuterLips;
        var inner = landmarks.InnerLips;
        for (var i = 0; i < outer.Count; i++)
        {
            yield return Vector2.Lerp(outer[i], inner[i * inner.Count / outer.Count], 0.5f);
        }
    }

    private static MouthRest MeasureMouth(VideoFrame image, FaceLandmarks landmarks)
    {
        var opening = landmarks.MouthOpening;
        using var inner = new PolygonMask([.. landmarks.InnerLips]);
        var skin = Mean(image, [landmarks.Points[50], landmarks.Points[280]]);
        var skinLight = (skin.X + skin.Y + skin.Z) / 3;
        var teeth = Vector3.Zero;
        int inside = 0, bright = 0;
        var box = inner.Bounds;
        for (var y = box.Y; y < box.Y + box.Height; y++)
        {
            for (var x = box.X; x < box.X + box.Width; x++)
            {
                if (x < 0 || y < 0 || x >= image.Width || y >= image.Height || !inner.Contains(x, y))
                {
                    continue;
                }

                inside++;
                var c = Pixel(image, x, y);
                var max = Math.Max(c.X, Math.Max(c.Y, c.Z));
                var min = Math.Min(c.X, Math.Min(c.Y, c.Z));
                if ((c.X + c.Y + c.Z) / 3 > skinLight * 0.85f && max - min < 0.35f * max)
                {
                    bright++;
                    teeth += c;
                }
            }
        }

        var visible = opening > 0.02f && inside > 0 && bright > inside / 4;
        return new MouthRest(opening, visible, Rgb.From(visible ? teeth / bright : DrawnTeeth(image, landmarks, skin)));
    }

    // Teeth for a photo that shows none, in its own light: the whites of its eyes, a shade darker
    // and warmer (teeth are less white than the sclera); lightened skin where the eyes show no white.
    private static Vector3 DrawnTeeth(VideoFrame image, FaceLandmarks landmarks, Vector3 skin)
    {
        var sum = Vector3.Zero;
        var count = 0;
        foreach (var eye in new[] { landmarks.RightEye, landmarks.LeftEye })
        {
            using var mask = new PolygonMask([.. eye]);
            var box = mask.Bounds;
            for (var y = box.Y; y < box.Y + box.Height; y++)
            {
                for (var x = box.X; x < box.X + box.Width; x++)
                {
                    if (x < 0 || y < 0 || x >= image.Width || y >= image.Height || !mask.Contains(x, y))
                    {
                        continue;
                    }

                    var c = Pixel(image, x, y);
                    var max = Math.Max(c.X, Math.Max(c.Y, c.Z));
                    var min = Math.Min(c.X, Math.Min(c.Y, c.Z));
                    if (max - min < 0.3f * max && (c.X + c.Y + c.Z) / 3 > (skin.X + skin.Y + skin.Z) / 3)
                    {
                        sum += c;
                        count++;
                    }
                }
            }
        }

        var white = count >= 4 ? sum / count : Vector3.Lerp(skin, new Vector3(255), 0.6f);
        return Vector3.Clamp(white * new Vector3(0.95f, 0.92f, 0.85f), Vector3.Zero, new Vector3(255));
    }

    private static Vector3 Mean(VideoFrame image, IEnumerable<Vector2> points)
    {
        var sum = Vector3.Zero;
        var count = 0;
        foreach (var p in points)
        {
            for (var dy = -1; dy <= 1; dy++)
            {
                for (var dx = -1; dx <= 1; dx++)
                {
                    var x = Math.Clamp((int)p.X + dx, 0, image.Width - 1);
                    var y = Math.Clamp((int)p.Y + dy, 0, image.Height - 1);
                    sum += Pixel(image, x, y);
                    count++;
                }
            }
        }

        return count == 0 ? Vector3.Zero : sum / count;
    }

    private static Vector3 Pixel(VideoFrame image, int x, int y)
    {
        var o = (y * image.Stride) + (x * 4);
        var buffer = image.Buffer;
        return new Vector3(buffer[o], buffer[o + 1], buffer[o + 2]);
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new UnreadableImageException(Directory.Exists(path) ? $"the photo {path} is a folder; give a picture file in it" : $"the photo {path} does not exist; check the path");
        }

        return await FileHash.Sha256Async(path, cancellationToken).ConfigureAwait(false);
    }

    private static PhotoAnalysis? TryReadCache(string path)
    {
        try
        {
            var analysis = File.Exists(path) ? JsonSerializer.Deserialize<PhotoAnalysis>(File.ReadAllText(path), Json) : null;
            return analysis is { Version: PhotoAnalysis.CurrentVersion } && analysis.Points.Length == 2 * 468 ? analysis : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void WriteCache(string path, PhotoAnalysis analysis)
    {
        // The cache only saves time: a read-only or full disk is not the user's problem.
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var partial = $"{path}.{Guid.NewGuid():N}.partial";
            File.WriteAllText(partial, JsonSerializer.Serialize(analysis, Json));
            File.Move(partial, path, overwrite: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
