using System.Numerics;
using OpenCvSharp;
using Talkie.Vision;

namespace Talkie.Avatars.Photo;

/// <summary>A polygon filled by OpenCV into a mask the size of its bounding box.</summary>
internal sealed class PolygonMask : IDisposable
{
    private readonly Mat _mask;
    private readonly MatIndexer<byte> _pixels;

    /// <summary>Fills the polygon (image pixels; pixel centres at whole coordinates).</summary>
    public PolygonMask(ReadOnlySpan<Vector2> polygon)
    {
        var box = FaceBox.Around(polygon);
        var (left, top) = ((int)MathF.Floor(box.X), (int)MathF.Floor(box.Y));
        Bounds = new Rect(left, top, (int)MathF.Ceiling(box.Right) - left + 1, (int)MathF.Ceiling(box.Bottom) - top + 1);
        _mask = new Mat(Bounds.Height, Bounds.Width, MatType.CV_8UC1, Scalar.All(0));
        var points = new Point[polygon.Length];
        for (var i = 0; i < polygon.Length; i++)
        {
            points[i] = new Point((int)MathF.Round(polygon[i].X) - Bounds.X, (int)MathF.Round(polygon[i].Y) - Bounds.Y);
        }

        Cv2.FillPoly(_mask, [points], Scalar.All(255));
        _pixels = _mask.GetUnsafeGenericIndexer<byte>();
    }

    /// <summary>Gets the box the mask covers (image pixels).</summary>
    public Rect Bounds { get; }

    /// <summary>Returns whether an image pixel lies inside the polygon.</summary>
    public bool Contains(int x, int y)
        => x >= Bounds.X && y >= Bounds.Y && x < Bounds.X + Bounds.Width && y < Bounds.Y + Bounds.Height && _pixels[y - Bounds.Y, x - Bounds.X] != 0;

    /// <inheritdoc />
    public void Dispose() => _mask.Dispose();
}
