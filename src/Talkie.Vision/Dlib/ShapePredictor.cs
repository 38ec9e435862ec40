using System.Numerics;
using System.Runtime.CompilerServices;
using Talkie.Media;

namespace Talkie.Vision.Dlib;

/// <summary>
/// dlib's ensemble-of-regression-trees shape predictor (Kazemi and Sullivan 2014), read from dlib's
/// own model file and evaluated exactly as dlib does: the same float arithmetic in the same order,
/// the same grey level ((r+g+b)/3, integer), the same rounding of sample positions (floor(v+0.5)),
/// so the points match dlib's. Thread-safe: the model is read-only after loading.
/// </summary>
public sealed class ShapePredictor
{
    private readonly float[] _initialShape;
    private readonly int _cascades;
    private readonly int _treesPerCascade;
    private readonly int _splitsPerTree;
    private readonly int _leavesPerTree;

    // Per cascade, per tree, per split: the two feature indices and the threshold.
    private readonly int[] _splitFeatures;
    private readonly float[] _splitThresholds;

    // Per cascade, per tree, per leaf: the shape increment (ShapeLength floats).
    private readonly float[] _leaves;

    // Per cascade, per feature pixel: the anchor landmark and the offset from it in the mean shape's frame.
    private readonly int[] _anchors;
    private readonly float[] _deltas;
    private readonly int _featuresPerCascade;

    private ShapePredictor(
        float[] initialShape, int cascades, int trees, int splits, int[] splitFeatures, float[] thresholds,
        float[] leaves, int[] anchors, float[] deltas, int features)
    {
        _initialShape = initialShape;
        _cascades = cascades;
        _treesPerCascade = trees;
        _splitsPerTree = splits;
        _leavesPerTree = splits + 1;
        _splitFeatures = splitFeatures;
        _splitThresholds = thresholds;
        _leaves = leaves;
        _anchors = anchors;
        _deltas = deltas;
        _featuresPerCascade = features;
    }

    /// <summary>Gets the number of landmarks (68 for dlib's face model).</summary>
    public int LandmarkCount => _initialShape.Length / 2;

    /// <summary>Gets the mean shape in box coordinates (0..1), as (x, y) pairs.</summary>
    public ReadOnlySpan<float> MeanShape => _initialShape;

    /// <summary>Loads a model written by dlib's <c>serialize(shape_predictor)</c>.</summary>
    /// <exception cref="InvalidDataException">The file is not such a model.</exception>
    public static ShapePredictor Load(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Load(file, Path.GetFileName(path));
    }

    /// <summary>Loads a model from a stream.</summary>
    public static ShapePredictor Load(Stream stream, string source)
    {
        var reader = new DlibReader(stream, source);
        var version = reader.ReadInteger();
        if (version != 1)
        {
            throw reader.Corrupt($"version {version} is not supported (1 is)");
        }

        var rows = -reader.ReadInteger();
        var columns = -reader.ReadInteger();
        if (rows <= 0 || rows > 10_000 || rows % 2 != 0 || columns != 1)
        {
            throw reader.Corrupt($"the initial shape is {rows}×{columns}");
        }

        var shapeLength = (int)rows;
        var initialShape = new float[shapeLength];
        for (var i = 0; i < shapeLength; i++)
        {
            initialShape[i] = reader.ReadFloat();
        }

        var cascades = reader.ReadCount(1000);
        int trees = -1, splits = -1;
        int[]? splitFeatures = null;
        float[]? thresholds = null;
        float[]? leaves = null;
        for (var c = 0; c < cascades; c++)
        {
            var treeCount = reader.ReadCount(100_000);
            for (var t = 0; t < treeCount; t++)
            {
                var splitCount = reader.ReadCount(1 << 16);
                if (trees < 0)
                {
                    trees = treeCount;
                    splits = splitCount;
                    splitFeatures = new int[cascades * trees * splits * 2];
                    thresholds = new float[cascades * trees * splits];
                    leaves = new float[(long)cascades * trees * (splits + 1) * shapeLength];
                }
                else if (treeCount != trees || splitCount != splits)
                {
                    throw reader.Corrupt("its trees differ in size, which this reader does not support");
                }

                var tree = (c * trees) + t;
                for (var s = 0; s < splits; s++)
                {
                    splitFeatures![(((tree * splits) + s) * 2) + 0] = (int)reader.ReadInteger();
                    splitFeatures[(((tree * splits) + s) * 2) + 1] = (int)reader.ReadInteger();
                    thresholds![(tree * splits) + s] = reader.ReadFloat();
                }

                var leafCount = reader.ReadCount(1 << 17);
                if (leafCount != splits + 1)
                {
                    throw reader.Corrupt($"a tree with {splits} splits has {leafCount} leaves");
                }

                for (var l = 0; l < leafCount; l++)
                {
                    reader.ReadColumn(leaves.AsSpan((int)(((long)(tree * leafCount) + l) * shapeLength), shapeLength));
                }
            }
        }

        if (splitFeatures is null || thresholds is null || leaves is null)
        {
            throw reader.Corrupt("it has no trees");
        }

        if (reader.ReadCount(1000) != cascades)
        {
            throw reader.Corrupt("the anchor table does not match the cascades");
        }

        int features = -1;
        int[]? anchors = null;
        for (var c = 0; c < cascades; c++)
        {
            var count = reader.ReadCount(100_000);
            if (features < 0)
            {
                features = count;
                anchors = new int[cascades * features];
            }
            else if (count != features)
            {
                throw reader.Corrupt("its cascades sample different numbers of pixels");
            }

            for (var i = 0; i < features; i++)
            {
                var anchor = reader.ReadInteger();
                if (anchor < 0 || anchor >= shapeLength / 2)
                {
                    throw reader.Corrupt($"anchor {anchor} is not a landmark");
                }

                anchors![(c * features) + i] = (int)anchor;
            }
        }

        if (reader.ReadCount(1000) != cascades)
        {
            throw reader.Corrupt("the delta table does not match the cascades");
        }

        var deltas = new float[cascades * features * 2];
        for (var c = 0; c < cascades; c++)
        {
            if (reader.ReadCount(100_000) != features)
            {
                throw reader.Corrupt("the delta table does not match the anchors");
            }

            for (var i = 0; i < features * 2; i++)
            {
                deltas[(c * features * 2) + i] = reader.ReadFloat();
            }
        }

        foreach (var feature in splitFeatures)
        {
            if (feature < 0 || feature >= features)
            {
                throw reader.Corrupt($"a split reads feature {feature} of {features}");
            }
        }

        return new ShapePredictor(initialShape, cascades, trees, splits, splitFeatures, thresholds, leaves, anchors!, deltas, features);
    }

    /// <summary>
    /// Places the landmarks in a face box, as dlib's <c>shape_predictor(img, rect)</c> does (the box's
    /// right and bottom edges are <c>left + width − 1</c> and <c>top + height − 1</c>, inclusive).
    /// </summary>
    /// <param name="image">An RGBA, BGRA or RGB frame (the grey level is the mean of the colour channels).</param>
    /// <param name="left">The box's left column.</param>
    /// <param name="top">The box's top row.</param>
    /// <param name="width">The box's width in pixels.</param>
    /// <param name="height">The box's height in pixels.</param>
    /// <param name="points">Receives the landmarks as (x, y) pairs in image pixels, unrounded.</param>
    public void Predict(VideoFrame image, long left, long top, long width, long height, Span<float> points)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.PixelFormat == FramePixelFormat.Gray8)
        {
            throw new ArgumentException("colour frames only: the grey level is computed as dlib computes it from RGB", nameof(image));
        }

        if (points.Length != _initialShape.Length)
        {
            throw new ArgumentException($"needs room for {_initialShape.Length} values", nameof(points));
        }

        // dlib's unnormalizing_tform: (0,0) → top-left corner, (1,1) → bottom-right corner (inclusive).
        var box = new BoxTransform(left, top, width - 1, height - 1);
        Span<float> shape = stackalloc float[_initialShape.Length];
        _initialShape.CopyTo(shape);
        Span<float> features = stackalloc float[_featuresPerCascade];
        var pixels = image.Pixels;
        var bytesPerPixel = image.PixelFormat.BytesPerPixel();
        for (var c = 0; c < _cascades; c++)
        {
            SampleFeatures(pixels, image.Width, image.Height, bytesPerPixel, box, shape, c, features);
            for (var t = 0; t < _treesPerCascade; t++)
            {
                var tree = (c * _treesPerCascade) + t;
                var node = 0;
                var splitBase = tree * _splitsPerTree;
                while (node < _splitsPerTree)
                {
                    var split = splitBase + node;
                    var difference = features[_splitFeatures[split * 2]] - features[_splitFeatures[(split * 2) + 1]];
                    node = difference > _splitThresholds[split] ? (2 * node) + 1 : (2 * node) + 2;
                }

                var leaf = _leaves.AsSpan((int)(((long)(tree * _leavesPerTree) + (node - _splitsPerTree)) * shape.Length), shape.Length);
                Add(shape, leaf);
            }
        }

        for (var i = 0; i < shape.Length; i += 2)
        {
            points[i] = (float)box.X(shape[i]);
            points[i + 1] = (float)box.Y(shape[i + 1]);
        }
    }

    private static void Add(Span<float> shape, ReadOnlySpan<float> leaf)
    {
        // Element-wise float additions in tree order, as dlib's current_shape += leaf: vectorized
        // lanes keep each element's arithmetic identical.
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= shape.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var sum = new Vector<float>(shape[i..]) + new Vector<float>(leaf[i..]);
                sum.CopyTo(shape[i..]);
            }
        }

        for (; i < shape.Length; i++)
        {
            shape[i] += leaf[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Round(double value) => (long)Math.Floor(value + 0.5);

    private void SampleFeatures(
        ReadOnlySpan<byte> pixels, int width, int height, int bytesPerPixel, BoxTransform box,
        ReadOnlySpan<float> shape, int cascade, Span<float> features)
    {
        // The similarity (rotation and scale, no translation) from the mean shape to the current
        // shape, in double as dlib's find_similarity_transform computes it, then cast to float.
        var (a, b) = SimilarityRotationScale(_initialShape, shape);
        var m00 = (float)a;
        var m01 = (float)-b;
        var m10 = (float)b;
        var m11 = (float)a;
        var anchors = _anchors.AsSpan(cascade * _featuresPerCascade, _featuresPerCascade);
        var deltas = _deltas.AsSpan(cascade * _featuresPerCascade * 2, _featuresPerCascade * 2);
        var stride = width * bytesPerPixel;
        for (var i = 0; i < features.Length; i++)
        {
            var dx = deltas[2 * i];
            var dy = deltas[(2 * i) + 1];
            var anchor = anchors[i];
            var sx = (m00 * dx) + (m01 * dy) + shape[2 * anchor];
            var sy = (m10 * dx) + (m11 * dy) + shape[(2 * anchor) + 1];
            var x = Round(box.X(sx));
            var y = Round(box.Y(sy));
            if (x >= 0 && y >= 0 && x < width && y < height)
            {
                var p = (int)((y * stride) + (x * bytesPerPixel));
                features[i] = (pixels[p] + pixels[p + 1] + pixels[p + 2]) / 3;
            }
            else
            {
                features[i] = 0;
            }
        }
    }

    /// <summary>
    /// Umeyama's least-squares similarity from <paramref name="from"/> to <paramref name="to"/>, as
    /// (a, b) of the matrix [[a, −b], [b, a]]. In two dimensions the SVD has a closed form.
    /// </summary>
    private static (double A, double B) SimilarityRotationScale(ReadOnlySpan<float> from, ReadOnlySpan<float> to)
    {
        var n = from.Length / 2;
        double fx = 0, fy = 0, tx = 0, ty = 0;
        for (var i = 0; i < n; i++)
        {
            fx += from[2 * i];
            fy += from[(2 * i) + 1];
            tx += to[2 * i];
            ty += to[(2 * i) + 1];
        }

        fx /= n;
        fy /= n;
        tx /= n;
        ty /= n;
        double sigma = 0, c00 = 0, c01 = 0, c10 = 0, c11 = 0;
        for (var i = 0; i < n; i++)
        {
            var ux = from[2 * i] - fx;
            var uy = from[(2 * i) + 1] - fy;
            var vx = to[2 * i] - tx;
            var vy = to[(2 * i) + 1] - ty;
            sigma += (ux * ux) + (uy * uy);
            c00 += vx * ux;
            c01 += vx * uy;
            c10 += vy * ux;
            c11 += vy * uy;
        }

        sigma /= n;
        c00 /= n;
        c01 /= n;
        c10 /= n;
        c11 /= n;

        // For cov = [[c00, c01], [c10, c11]] with a positive determinant, u·vᵀ is the rotation by
        // atan2(c10 − c01, c00 + c11) and trace(d) = |(c00 + c11, c10 − c01)|.
        var p = c00 + c11;
        var q = c10 - c01;
        var norm = Math.Sqrt((p * p) + (q * q));
        if (norm == 0 || sigma == 0)
        {
            return (1, 0);
        }

        var scale = norm / sigma;
        return (scale * p / norm, scale * q / norm);
    }

    private readonly record struct BoxTransform(double Left, double Top, double Width, double Height)
    {
        public double X(float x) => Left + (x * Width);

        public double Y(float y) => Top + (y * Height);
    }
}
