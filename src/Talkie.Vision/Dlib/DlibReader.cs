namespace Talkie.Vision.Dlib;

/// <summary>
/// Reads dlib's portable serialization format. Hand-written because no dlib binding is served on
/// NuGet and the model file is only readable through this format: every integer is a control byte
/// (bit 7 = negative, low 4 bits = how many magnitude bytes follow) and a little-endian magnitude;
/// a float is an integer mantissa and an integer exponent (value = mantissa · 2^exponent).
/// </summary>
internal sealed class DlibReader
{
    private const int InfinityExponent = 32000;
    private const int NegativeInfinityExponent = 32001;
    private const int NaNExponent = 32002;

    private readonly Stream _stream;
    private readonly string _source;

    public DlibReader(Stream stream, string source)
    {
        _stream = stream;
        _source = source;
    }

    public long ReadInteger()
    {
        var control = _stream.ReadByte();
        if (control < 0)
        {
            throw Corrupt("it ends early");
        }

        var count = control & 0x0F;
        if (count > 8)
        {
            throw Corrupt($"an integer claims {count} bytes");
        }

        ulong magnitude = 0;
        for (var i = 0; i < count; i++)
        {
            var b = _stream.ReadByte();
            if (b < 0)
            {
                throw Corrupt("it ends early");
            }

            magnitude |= (ulong)b << (8 * i);
        }

        return (control & 0x80) != 0 ? -(long)magnitude : (long)magnitude;
    }

    public int ReadCount(int limit)
    {
        var value = ReadInteger();
        if (value < 0 || value > limit)
        {
            throw Corrupt($"a length of {value} is out of range");
        }

        return (int)value;
    }

    public float ReadFloat()
    {
        var mantissa = ReadInteger();
        var exponent = ReadInteger();
        return exponent switch
        {
            InfinityExponent => float.PositiveInfinity,
            NegativeInfinityExponent => float.NegativeInfinity,
            NaNExponent => float.NaN,
            _ => (float)Math.ScaleB(mantissa, (int)exponent),
        };
    }

    /// <summary>Reads a column vector (<c>matrix&lt;float,0,1&gt;</c>): dimensions stored negated, then the values.</summary>
    public void ReadColumn(Span<float> destination)
    {
        var rows = -ReadInteger();
        var columns = -ReadInteger();
        if (rows != destination.Length || columns != 1)
        {
            throw Corrupt($"a {rows}×{columns} matrix was found where a {destination.Length}×1 one belongs");
        }

        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = ReadFloat();
        }
    }

    public InvalidDataException Corrupt(string problem)
        => new($"{_source} is not a dlib shape predictor model: {problem}");
}
