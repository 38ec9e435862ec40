using System.Numerics;
using OpenCvSharp;

namespace Talkie.Avatars.Photo;

/// <summary>
/// A piecewise-affine warp: every pixel inside a moved triangle takes its colour from the same place
/// in the triangle where it was, sampled bicubically (OpenCV's remap does the sampling; this class
/// writes the per-pixel source coordinates, which no library builds from a triangle list). Pixels
/// outside every triangle keep their own colour.
/// </summary>
internal sealed class TriangleWarp : IDisposable
{
    private readonly Mat _mapX;
    private readonly Mat _mapY;
    private readonly float[] _xs;
    private readonly float[] _ys;
    private readonly float[] _identityX;
    private readonly float[] _identityY;

    /// <summary>Prepares a warp of the pixels in <paramref name="region"/>.</summary>
    public TriangleWarp(Rect region)
    {
        Region = region;
        var count = region.Width * region.Height;
        _xs = new float[count];
        _ys = new float[count];
        _identityX = new float[count];
        _identityY = new float[count];
        for (var y = 0; y < region.Height; y++)
        {
            for (var x = 0; x < region.Width; x++)
            {
                _identityX[(y * region.Width) + x] = region.X + x;
                _identityY[(y * region.Width) + x] = region.Y + y;
            }
        }

        _mapX = new Mat(region.Height, region.Width, MatType.CV_32FC1);
        _mapY = new Mat(region.Height, region.Width, MatType.CV_32FC1);
    }

    /// <summary>Gets the region (in the image's pixels) that the warp writes.</summary>
    public Rect Region { get; }

    /// <summary>Warps <paramref name="source"/>'s pixels into <paramref name="target"/> (the region's size).</summary>
    /// <param name="source">The unmoved image.</param>
    /// <param name="target">Receives the region's pixels.</param>
    /// <param name="from">Where each control point is in the source.</param>
    /// <param name="to">Where each control point goes.</param>
    /// <param name="triangles">The triangles over the control points.</param>
    public void Apply(Mat source, Mat target, ReadOnlySpan<Vector2> from, ReadOnlySpan<Vector2> to, (int A, int B, int C)[] triangles)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(triangles);
        _identityX.CopyTo(_xs, 0);
        _identityY.CopyTo(_ys, 0);
        foreach (var (a, b, c) in triangles)
        {
            Fill(to[a], to[b], to[c], from[a], from[b], from[c]);
        }

        _mapX.SetArray(_xs);
        _mapY.SetArray(_ys);
        Cv2.Remap(source, target, _mapX, _mapY, InterpolationFlags.Cubic, BorderTypes.Replicate);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _mapX.Dispose();
        _mapY.Dispose();
    }

    // Writes, for every pixel centre inside the destination triangle, where it comes from.
    private void Fill(Vector2 d0, Vector2 d1, Vector2 d2, Vector2 s0, Vector2 s1, Vector2 s2)
    {
        var area = Cross(d1 - d0, d2 - d0);
        if (Math.Abs(area) < 1e-3f)
        {
            return;
        }

        var left = Math.Max(Region.X, (int)MathF.Floor(MathF.Min(d0.X, MathF.Min(d1.X, d2.X))));
        var right = Math.Min(Region.X + Region.Width - 1, (int)MathF.Ceiling(MathF.Max(d0.X, MathF.Max(d1.X, d2.X))));
        var top = Math.Max(Region.Y, (int)MathF.Floor(MathF.Min(d0.Y, MathF.Min(d1.Y, d2.Y))));
        var bottom = Math.Min(Region.Y + Region.Height - 1, (int)MathF.Ceiling(MathF.Max(d0.Y, MathF.Max(d1.Y, d2.Y))));
        if (left > right || top > bottom)
        {
            return;
        }

        // Barycentric weights are affine in x and y: step them along each row.
        var inverse = 1 / area;
        const float Slack = -1e-4f;
        for (var y = top; y <= bottom; y++)
        {
            var p = new Vector2(left, y);
            var w1 = Cross(p - d0, d2 - d0) * inverse;
            var w2 = Cross(d1 - d0, p - d0) * inverse;
            var w1Step = (d2.Y - d0.Y) * inverse;
            var w2Step = -(d1.Y - d0.Y) * inverse;
            var row = (y - Region.Y) * Region.Width;
            for (var x = left; x <= right; x++, w1 += w1Step, w2 += w2Step)
            {
                var w0 = 1 - w1 - w2;
                if (w0 < Slack || w1 < Slack || w2 < Slack)
                {
                    continue;
                }

                var i = row + (x - Region.X);
                _xs[i] = (w0 * s0.X) + (w1 * s1.X) + (w2 * s2.X);
                _ys[i] = (w0 * s0.Y) + (w1 * s1.Y) + (w2 * s2.Y);
            }
        }
    }

    private static float Cross(Vector2 a, Vector2 b) => (a.X * b.Y) - (a.Y * b.X);
}
