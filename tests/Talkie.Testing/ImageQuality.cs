using System.Numerics;
using OpenCvSharp;
using Talkie.Media;

namespace Talkie.Testing;

/// <summary>Measurements of rendered pictures: structural similarity, gradient energy, frame differences.</summary>
public static class ImageQuality
{
    /// <summary>Converts an RGBA or BGRA frame to grey levels (0–255, as floats).</summary>
    public static Mat Grey(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var wrapped = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC4, frame.Buffer, frame.Stride);
        using var grey = new Mat();
        Cv2.CvtColor(wrapped, grey, frame.PixelFormat == FramePixelFormat.Bgra32 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.RGBA2GRAY);
        var result = new Mat();
        grey.ConvertTo(result, MatType.CV_32F);
        return result;
    }

    /// <summary>A mask (255 inside) of the polygon.</summary>
    public static Mat Polygon(int width, int height, IEnumerable<Vector2> polygon)
    {
        var mask = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        Cv2.FillPoly(mask, [polygon.Select(p => new Point((int)MathF.Round(p.X), (int)MathF.Round(p.Y))).ToArray()], Scalar.All(255));
        return mask;
    }

    /// <summary>
    /// The mean structural similarity (SSIM, Wang et al. 2004: 11 × 11 Gaussian window, σ 1.5) of two
    /// grey images over the pixels where <paramref name="mask"/> is set.
    /// </summary>
    public static double Ssim(Mat a, Mat b, Mat mask)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        const double C1 = 6.5025, C2 = 58.5225;
        using var muA = Blur(a);
        using var muB = Blur(b);
        using var a2 = Product(a, a);
        using var b2 = Product(b, b);
        using var a1b1 = Product(a, b);
        using var aa = Blur(a2);
        using var bb = Blur(b2);
        using var ab = Blur(a1b1);
        using var muA2 = Product(muA, muA);
        using var muB2 = Product(muB, muB);
        using var muAB = Product(muA, muB);
        using var varA = new Mat();
        using var varB = new Mat();
        using var cov = new Mat();
        Cv2.Subtract(aa, muA2, varA);
        Cv2.Subtract(bb, muB2, varB);
        Cv2.Subtract(ab, muAB, cov);

        // ((2 μa μb + C1)(2 σab + C2)) / ((μa² + μb² + C1)(σa² + σb² + C2))
        using var n1 = new Mat();
        using var n2 = new Mat();
        using var d1 = new Mat();
        using var d2 = new Mat();
        Cv2.AddWeighted(muAB, 2, muAB, 0, C1, n1);
        Cv2.AddWeighted(cov, 2, cov, 0, C2, n2);
        Cv2.AddWeighted(muA2, 1, muB2, 1, C1, d1);
        Cv2.AddWeighted(varA, 1, varB, 1, C2, d2);
        using var numerator = Product(n1, n2);
        using var denominator = Product(d1, d2);
        using var map = new Mat();
        Cv2.Divide(numerator, denominator, map);
        return Cv2.Mean(map, mask).Val0;
    }

    private static Mat Product(Mat a, Mat b)
    {
        var result = new Mat();
        Cv2.Multiply(a, b, result);
        return result;
    }

    /// <summary>The mean squared gradient magnitude (Sobel) of a grey image at the given pixels.</summary>
    public static double GradientEnergy(Mat grey, IEnumerable<Point> pixels)
    {
        ArgumentNullException.ThrowIfNull(grey);
        using var dx = new Mat();
        using var dy = new Mat();
        Cv2.Sobel(grey, dx, MatType.CV_32F, 1, 0);
        Cv2.Sobel(grey, dy, MatType.CV_32F, 0, 1);
        double sum = 0;
        var count = 0;
        foreach (var p in pixels)
        {
            if (p.X < 0 || p.Y < 0 || p.X >= grey.Width || p.Y >= grey.Height)
            {
                continue;
            }

            var gx = dx.At<float>(p.Y, p.X);
            var gy = dy.At<float>(p.Y, p.X);
            sum += (gx * gx) + (gy * gy);
            count++;
        }

        return count == 0 ? 0 : sum / count;
    }

    /// <summary>The pixels along a closed polygon's edges (one per pixel step).</summary>
    public static List<Point> Outline(IReadOnlyList<Vector2> polygon)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        var pixels = new List<Point>();
        for (var i = 0; i < polygon.Count; i++)
        {
            var a = polygon[i];
            var b = polygon[(i + 1) % polygon.Count];
            var steps = Math.Max(1, (int)MathF.Ceiling(Vector2.Distance(a, b)));
            for (var s = 0; s < steps; s++)
            {
                var p = Vector2.Lerp(a, b, (float)s / steps);
                pixels.Add(new Point((int)MathF.Round(p.X), (int)MathF.Round(p.Y)));
            }
        }

        return pixels;
    }

    private static Mat Blur(Mat source)
    {
        var result = new Mat();
        Cv2.GaussianBlur(source, result, new Size(11, 11), 1.5);
        return result;
    }

}
