using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using OpenCvSharp;
using Talkie.Media;
using Talkie.Vision;
using Talkie.Vision.Tracking;

namespace Talkie.Cli;

/// <summary><c>talkie faces</c>: face boxes, landmarks, contours and pose for an image or every frame of a video.</summary>
internal static class FacesCommand
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".webp", ".bmp"];

    public static Command Create()
    {
        var input = new Argument<FileInfo>("INPUT") { Description = "An image (JPEG, PNG, WebP) or a video" };
        var engine = new Option<string?>("--engine", "-e") { Description = "dlib (68 points; its model's training data excludes commercial use) or mesh (468 points, Apache-2.0); default mesh" };
        var box = new Option<string?>("--box") { Description = "Place landmarks in this face box X,Y,W,H (pixels) instead of detecting; in a video, the box in the first frame" };
        var format = new Option<string>("--format", "-f") { Description = "json or text", DefaultValueFactory = _ => "json" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the result here instead of stdout" };
        var draw = new Option<FileInfo?>("--draw") { Description = "Also draw the landmarks over the input: OUT.png for an image, OUT.mp4 for a video" };
        var command = new Command("faces", "Find faces and their landmarks, contours and head pose in an image or a video") { input, engine, box, format, output, draw };
        command.SetAction((parse, cancellationToken) => TalkieCommand.GuardAsync(async () =>
        {
            var kind = (parse.GetValue(format) ?? "json").Trim().ToLowerInvariant();
            if (kind is not ("json" or "text"))
            {
                throw new InvalidInputException($"format '{kind}' is not one of json, text");
            }

            var file = parse.GetValue(input)!;
            if (!file.Exists)
            {
                throw MissingInput.For(file.FullName, "picture or video");
            }

            if (file.Length == 0)
            {
                throw new InvalidInputException($"{file.FullName} is empty (0 bytes); give an image or a video");
            }

            using var services = TalkieCommand.BuildServices(parse.GetValue(TalkieCommand.Verbose), "faces");
            var analyzer = services.GetRequiredService<FaceAnalyzer>();
            var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<VisionOptions>>().Value;
            var engineName = parse.GetValue(engine);
            var request = new FaceAnalysisRequest(
                engineName is null ? options.DefaultEngine : LandmarkEngineKinds.Parse(engineName),
                parse.GetValue(box) is { } boxText ? FaceBox.Parse(boxText) : null);
            var drawTarget = parse.GetValue(draw);
            var target = parse.GetValue(output);
            // A file named as a picture is read as one, so a broken one gets the picture's error, not a video decoder's.
            var isImage = ImageFile.IsImage(file.FullName) || ImageExtensions.Contains(file.Extension.ToLowerInvariant());
            CheckDrawTarget(drawTarget, isImage);

            using var pendingOutput = target is null ? null : PendingOutput.Begin(target.FullName);
            using var pendingDrawing = drawTarget is null ? null : PendingOutput.Begin(drawTarget.FullName);
            var stream = pendingOutput is null ? Console.OpenStandardOutput() : File.Create(pendingOutput.TemporaryPath);
            await using (stream.ConfigureAwait(false))
            {
                var writer = new ResultWriter(stream, kind, request.Engine, file.FullName);
                if (isImage)
                {
                    using var image = ImageFile.Load(file.FullName);
                    var faces = analyzer.AnalyzeImage(image, request);
                    writer.Begin(image.Width, image.Height);
                    writer.Write(faces);
                    WriteNotes(faces);
                    if (pendingDrawing is not null)
                    {
                        FaceOverlay.Draw(image, faces);
                        SaveImage(image, pendingDrawing.TemporaryPath, drawTarget!.Extension);
                    }
                }
                else
                {
                    await TrackAsync(analyzer, file.FullName, request, writer, pendingDrawing, services, cancellationToken).ConfigureAwait(false);
                }

                writer.End();
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            pendingOutput?.Commit();
            pendingDrawing?.Commit();
            if (pendingDrawing is not null)
            {
                await Console.Error.WriteLineAsync($"Wrote {drawTarget!.FullName}").ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }

    private static async Task TrackAsync(
        FaceAnalyzer analyzer, string path, FaceAnalysisRequest request, ResultWriter writer, PendingOutput? drawing,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        var info = await analyzer.ProbeVideoAsync(path, cancellationToken).ConfigureAwait(false);
        var video = info.Video!;

        // The frames come upright (a phone's rotation mark applied), so the sizes are the upright ones.
        writer.Begin(video.DisplayWidth, video.DisplayHeight);
        var frames = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        Task encoding = Task.CompletedTask;
        if (drawing is not null)
        {
            var settings = new VideoEncodeSettings(drawing.TemporaryPath, video.DisplayWidth, video.DisplayHeight, (int)Math.Round(video.FrameRate > 0 ? video.FrameRate : 25))
            {
                InputPixelFormat = FramePixelFormat.Rgba32,
                AudioPath = info.Audio is null ? null : path,
            };
            encoding = services.GetRequiredService<VideoEncoder>().EncodeAsync(settings, frames.Reader, cancellationToken);
        }

        var lastNoteFrame = new Dictionary<string, long>();
        var counts = (Frames: 0, WithFace: 0);
        try
        {
            await ProgressDisplay.RunStepAsync("Tracking faces", async progress =>
            {
                await foreach (var faces in analyzer.TrackVideoAsync(path, request, progress, cancellationToken, OnFrame).ConfigureAwait(false))
                {
                    writer.Write(faces);
                    counts = (counts.Frames + 1, counts.WithFace + (faces.Faces.Count > 0 ? 1 : 0));
                }

                return 0;
            }).ConfigureAwait(false);
        }
        finally
        {
            frames.Writer.TryComplete();
        }

        await encoding.ConfigureAwait(false);
        if (counts.Frames == 0)
        {
            throw new InvalidInputException($"{path} has no frames that could be decoded");
        }

        await Console.Error.WriteLineAsync(FormattableString.Invariant($"{counts.WithFace} of {counts.Frames} frames have a face")).ConfigureAwait(false);

        void OnFrame(VideoFrame frame, FaceFrame faces)
        {
            if (drawing is null)
            {
                return;
            }

            var copy = VideoFrame.Rent(frame.Width, frame.Height, frame.PixelFormat, frame.Index);
            frame.Pixels.CopyTo(copy.Pixels);
            FaceOverlay.Draw(copy, faces);

            // The tracker runs on the decoder's thread; waiting here applies back-pressure from the encoder.
            frames.Writer.WriteAsync(copy, cancellationToken).AsTask().GetAwaiter().GetResult();
        }
    }

    private static void CheckDrawTarget(FileInfo? drawTarget, bool isImage)
    {
        if (drawTarget is null)
        {
            return;
        }

        var extension = drawTarget.Extension.ToLowerInvariant();
        if (isImage && !ImageExtensions.Contains(extension))
        {
            throw new InvalidInputException($"--draw for an image writes an image; name it .png or .jpg, not '{drawTarget.Name}'");
        }

        if (!isImage && extension != ".mp4")
        {
            throw new InvalidInputException($"--draw for a video writes a video; name it .mp4, not '{drawTarget.Name}'");
        }
    }

    private static void SaveImage(VideoFrame image, string path, string extension)
    {
        using var rgba = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC4, image.Buffer, image.Stride);
        using var bgr = new Mat();
        Cv2.CvtColor(rgba, bgr, ColorConversionCodes.RGBA2BGR);
        Cv2.ImEncode(extension.ToLowerInvariant(), bgr, out var bytes);
        File.WriteAllBytes(path, bytes);
    }

    private static void WriteNotes(FaceFrame faces)
    {
        foreach (var note in faces.Notes)
        {
            Console.Error.WriteLine($"note: {note}");
        }
    }

    /// <summary>Streams frames as JSON (one document) or as text lines.</summary>
    private sealed class ResultWriter
    {
        private readonly Stream _stream;
        private readonly string _kind;
        private readonly LandmarkEngineKind _engine;
        private readonly string _source;
        private readonly Utf8JsonWriter? _json;
        private readonly StreamWriter? _text;

        public ResultWriter(Stream stream, string kind, LandmarkEngineKind engine, string source)
        {
            _stream = stream;
            _kind = kind;
            _engine = engine;
            _source = source;
            if (kind == "json")
            {
                _json = new Utf8JsonWriter(stream);
            }
            else
            {
                _text = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = false };
            }
        }

        public void Begin(int width, int height)
        {
            if (_json is not null)
            {
                _json.WriteStartObject();
                _json.WriteString("source", _source);
                _json.WriteString("engine", _engine.Name());
                _json.WriteNumber("width", width);
                _json.WriteNumber("height", height);
                _json.WriteStartArray("frames");
            }
            else
            {
                _text!.WriteLine(FormattableString.Invariant($"{Path.GetFileName(_source)}: {width}×{height}, engine {_engine.Name()}"));
            }
        }

        public void Write(FaceFrame frame)
        {
            if (_json is null)
            {
                WriteText(frame);
                return;
            }

            var json = _json;
            json.WriteStartObject();
            json.WriteNumber("index", frame.Index);
            json.WriteNumber("time", Math.Round(frame.Time, 3));
            json.WriteStartArray("faces");
            foreach (var face in frame.Faces)
            {
                var l = face.Landmarks;
                json.WriteStartObject();
                json.WriteNumber("id", face.Id);
                json.WriteBoolean("primary", face.IsPrimary);
                json.WriteStartArray("box");
                json.WriteNumberValue(Math.Round(l.Box.X, 1));
                json.WriteNumberValue(Math.Round(l.Box.Y, 1));
                json.WriteNumberValue(Math.Round(l.Box.Width, 1));
                json.WriteNumberValue(Math.Round(l.Box.Height, 1));
                json.WriteEndArray();
                json.WriteString("engine", l.Engine.Name());
                json.WriteString("detector", face.Detector);
                json.WriteNumber("confidence", Math.Round(l.Confidence, 3));
                Points(json, "landmarks", l.Points);
                json.WriteStartObject("pose");
                Number(json, "yaw", l.Pose.Yaw);
                Number(json, "pitch", l.Pose.Pitch);
                Number(json, "roll", l.Pose.Roll);
                json.WriteEndObject();
                json.WriteNumber("interOcular", Math.Round(l.InterOcular, 2));
                json.WriteNumber("mouthOpening", Math.Round(l.MouthOpening, 4));
                json.WriteStartObject("contours");
                Points(json, "outerLips", l.OuterLips);
                Points(json, "innerLips", l.InnerLips);
                Points(json, "jaw", l.Jaw);
                Points(json, "rightEye", l.RightEye);
                Points(json, "leftEye", l.LeftEye);
                Points(json, "rightBrow", l.RightBrow);
                Points(json, "leftBrow", l.LeftBrow);
                Points(json, "noseBridge", l.NoseBridge);
                Points(json, "noseBase", l.NoseBase);
                Points(json, "faceOval", l.FaceOval);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("notes");
            foreach (var note in frame.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            if (json.BytesPending > 1 << 16)
            {
                json.Flush();
            }
        }

        public void End()
        {
            if (_json is not null)
            {
                _json.WriteEndArray();
                _json.WriteEndObject();
                _json.Flush();
                _stream.WriteByte((byte)'\n');
                _json.Dispose();
            }
            else
            {
                _text!.Flush();
            }
        }

        private static void Number(Utf8JsonWriter json, string name, float value)
        {
            if (float.IsFinite(value))
            {
                json.WriteNumber(name, Math.Round(value, 2));
            }
            else
            {
                json.WriteNull(name);
            }
        }

        private static void Points(Utf8JsonWriter json, string name, IReadOnlyList<Vector2> points)
        {
            json.WriteStartArray(name);
            foreach (var p in points)
            {
                json.WriteStartArray();
                json.WriteNumberValue(Math.Round(p.X, 2));
                json.WriteNumberValue(Math.Round(p.Y, 2));
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        private void WriteText(FaceFrame frame)
        {
            var line = new StringBuilder(FormattableString.Invariant($"frame {frame.Index} at {frame.Time:0.000} s:"));
            if (frame.Faces.Count == 0)
            {
                line.Append(" no face");
            }

            foreach (var face in frame.Faces)
            {
                var l = face.Landmarks;
                line.Append(CultureInfo.InvariantCulture, $" face {face.Id}{(face.IsPrimary ? " (primary)" : string.Empty)} box {l.Box.X:0},{l.Box.Y:0},{l.Box.Width:0},{l.Box.Height:0}")
                    .Append(CultureInfo.InvariantCulture, $" confidence {l.Confidence:0.00} yaw {l.Pose.Yaw:0} pitch {l.Pose.Pitch:0} roll {l.Pose.Roll:0}")
                    .Append(CultureInfo.InvariantCulture, $" inter-ocular {l.InterOcular:0.0} px mouth {l.MouthOpening:0.000};");
            }

            foreach (var note in frame.Notes)
            {
                line.Append(" (").Append(note).Append(')');
            }

            _text!.WriteLine(line.ToString());
        }
    }
}
