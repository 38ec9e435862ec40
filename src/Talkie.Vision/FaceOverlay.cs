using System.Numerics;
using OpenCvSharp;
using Talkie.Media;
using Talkie.Vision.Tracking;

namespace Talkie.Vision;

/// <summary>Draws landmarks, contours, boxes and pose over a frame, to check them by eye.</summary>
public static class FaceOverlay
{
    /// <summary>Draws every face of <paramref name="faces"/> onto <paramref name="image"/> (RGBA, in place).</summary>
    public static void Draw(VideoFrame image, FaceFrame faces)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(faces);
        using var canvas = ImageMats.Wrap(image);
        foreach (var face in faces.Faces)
        {
            var landmarks = face.Landmarks;
            var scale = Math.Max(1, (int)Math.Round(landmarks.InterOcular / 60));
            var boxColour = face.IsPrimary ? Rgb(255, 210, 0) : Rgb(160, 160, 160);
            var b = landmarks.Box;
            Cv2.Rectangle(canvas, new Rect((int)b.X, (int)b.Y, (int)b.Width, (int)b.Height), boxColour, scale, LineTypes.AntiAlias);
            Contour(canvas, landmarks.Jaw, Rgb(120, 200, 255), closed: false, scale);
            Contour(canvas, landmarks.RightBrow, Rgb(255, 160, 60), closed: false, scale);
            Contour(canvas, landmarks.LeftBrow, Rgb(255, 160, 60), closed: false, scale);
            Contour(canvas, landmarks.NoseBridge, Rgb(200, 255, 120), closed: false, scale);
            Contour(canvas, landmarks.NoseBase, Rgb(200, 255, 120), closed: false, scale);
            Contour(canvas, landmarks.RightEye, Rgb(80, 255, 200), closed: true, scale);
            Contour(canvas, landmarks.LeftEye, Rgb(80, 255, 200), closed: true, scale);
            Contour(canvas, landmarks.OuterLips, Rgb(255, 70, 90), closed: true, scale);
            Contour(canvas, landmarks.InnerLips, Rgb(255, 150, 200), closed: true, scale);
            var radius = Math.Max(1, scale);
            foreach (var p in landmarks.Points)
            {
                Cv2.Circle(canvas, ToPoint(p), radius, Rgb(255, 255, 255), -1, LineTypes.AntiAlias);
            }

            var label = FormattableString.Invariant(
                $"#{face.Id} {landmarks.Engine.Name()} {landmarks.Confidence:0.00} yaw {landmarks.Pose.Yaw:0} pitch {landmarks.Pose.Pitch:0} roll {landmarks.Pose.Roll:0}");
            Cv2.PutText(canvas, label, new Point((int)b.X, Math.Max(12 * scale, (int)b.Y - (6 * scale))), HersheyFonts.HersheySimplex, 0.4 * scale, boxColour, scale, LineTypes.AntiAlias);
        }
    }

    private static void Contour(Mat canvas, IReadOnlyList<Vector2> points, Scalar colour, bool closed, int thickness)
        => Cv2.Polylines(canvas, [points.Select(ToPoint).ToArray()], closed, colour, thickness, LineTypes.AntiAlias);

    private static Point ToPoint(Vector2 p) => new((int)Math.Round(p.X), (int)Math.Round(p.Y));

    // The canvas is RGBA: OpenCV's colour order is whatever the buffer holds.
    private static Scalar Rgb(int r, int g, int b) => new(r, g, b, 255);
}
