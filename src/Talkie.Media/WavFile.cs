using System.Buffers.Binary;
using System.Text;

namespace Talkie.Media;

/// <summary>Reads RIFF WAVE files (PCM 8/16/24/32-bit and IEEE float; mixed down to mono) and writes 16-bit PCM (mono, or channels interleaved).</summary>
public static class WavFile
{
    /// <summary>Writes <paramref name="audio"/> as 16-bit mono PCM.</summary>
    public static void Write(Stream stream, AudioBuffer audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        Write(stream, [audio]);
    }

    /// <summary>Writes <paramref name="channels"/> (one buffer per channel, of one rate and length) as 16-bit PCM, interleaved.</summary>
    public static void Write(Stream stream, IReadOnlyList<AudioBuffer> channels)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0 || channels.Any(c => c.SampleRate != channels[0].SampleRate || c.Length != channels[0].Length))
        {
            throw new ArgumentException("one buffer or more, all of one rate and length", nameof(channels));
        }

        var audio = channels[0];
        var count = (short)channels.Count;
        var dataBytes = audio.Length * 2 * count;
        Span<byte> header = stackalloc byte[44];
        Encoding.ASCII.GetBytes("RIFF", header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], 36 + dataBytes);
        Encoding.ASCII.GetBytes("WAVE", header[8..]);
        Encoding.ASCII.GetBytes("fmt ", header[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], count);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], audio.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], audio.SampleRate * 2 * count);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], (short)(2 * count));
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        Encoding.ASCII.GetBytes("data", header[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], dataBytes);
        stream.Write(header);

        var chunk = new byte[8192];
        var frameBytes = 2 * count;
        var perChunk = chunk.Length / frameBytes;
        for (var offset = 0; offset < audio.Length; offset += perChunk)
        {
            var frames = Math.Min(perChunk, audio.Length - offset);
            for (var c = 0; c < count; c++)
            {
                var samples = channels[c].Samples;
                for (var i = 0; i < frames; i++)
                {
                    var value = (short)Math.Clamp(MathF.Round(samples[offset + i] * 32767f), short.MinValue, short.MaxValue);
                    BinaryPrimitives.WriteInt16LittleEndian(chunk.AsSpan((i * frameBytes) + (c * 2)), value);
                }
            }

            stream.Write(chunk, 0, frames * frameBytes);
        }
    }

    /// <summary>Writes <paramref name="audio"/> to a file as 16-bit mono PCM.</summary>
    public static void Write(string path, AudioBuffer audio)
    {
        using var stream = File.Create(path);
        Write(stream, audio);
    }

    /// <summary>Writes <paramref name="channels"/> to a file as 16-bit PCM, interleaved.</summary>
    public static void Write(string path, IReadOnlyList<AudioBuffer> channels)
    {
        using var stream = File.Create(path);
        Write(stream, channels);
    }

    /// <summary>Reads a WAV file, mixing all channels to mono.</summary>
    /// <exception cref="InvalidDataException">The file is not a PCM or float WAV.</exception>
    public static AudioBuffer Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    /// <summary>Reads a WAV stream, mixing all channels to mono.</summary>
    /// <exception cref="InvalidDataException">The stream is not a PCM or float WAV.</exception>
    public static AudioBuffer Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.ASCII, leaveOpen: true);
        if (ReadTag(reader) != "RIFF")
        {
            throw new InvalidDataException("not a RIFF file");
        }

        reader.ReadInt32();
        if (ReadTag(reader) != "WAVE")
        {
            throw new InvalidDataException("not a WAVE file");
        }

        int format = 0, channels = 0, sampleRate = 0, bits = 0;
        while (true)
        {
            string tag;
            int size;
            try
            {
                tag = ReadTag(reader);
                size = reader.ReadInt32();
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException("WAV file has no data chunk");
            }

            if (tag == "fmt ")
            {
                var fmt = reader.ReadBytes(size);
                format = BinaryPrimitives.ReadInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadInt16LittleEndian(fmt.AsSpan(2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(fmt.AsSpan(4));
                bits = BinaryPrimitives.ReadInt16LittleEndian(fmt.AsSpan(14));
                if (format == unchecked((short)0xFFFE) && fmt.Length >= 26)
                {
                    format = BinaryPrimitives.ReadInt16LittleEndian(fmt.AsSpan(24));
                }
            }
            else if (tag == "data")
            {
                if (channels <= 0 || sampleRate <= 0 || (format != 1 && format != 3))
                {
                    throw new InvalidDataException("WAV format is not PCM or IEEE float");
                }

                // Some writers (pipes) put 0 or 0xFFFFFFFF as the size: read to the end then.
                var bytes = size <= 0 || size == int.MaxValue ? ReadToEnd(stream) : reader.ReadBytes(size);
                return Decode(bytes, format, channels, sampleRate, bits);
            }
            else
            {
                stream.Seek(size + (size & 1), SeekOrigin.Current);
            }
        }
    }

    private static AudioBuffer Decode(byte[] bytes, int format, int channels, int sampleRate, int bits)
    {
        var bytesPerSample = bits / 8;
        var frames = bytes.Length / (bytesPerSample * channels);
        var audio = new AudioBuffer(sampleRate, frames);
        var mono = new float[Math.Min(frames, 16384)];
        for (var start = 0; start < frames; start += mono.Length)
        {
            var count = Math.Min(mono.Length, frames - start);
            for (var i = 0; i < count; i++)
            {
                float sum = 0;
                for (var c = 0; c < channels; c++)
                {
                    var at = ((start + i) * channels + c) * bytesPerSample;
                    sum += ReadSample(bytes.AsSpan(at, bytesPerSample), format, bits);
                }

                mono[i] = sum / channels;
            }

            audio.Append(mono.AsSpan(0, count));
        }

        return audio;
    }

    private static float ReadSample(ReadOnlySpan<byte> b, int format, int bits) => (format, bits) switch
    {
        (3, 32) => BinaryPrimitives.ReadSingleLittleEndian(b),
        (3, 64) => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
        (1, 8) => (b[0] - 128) / 128f,
        (1, 16) => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768f,
        (1, 24) => ((b[2] << 24) | (b[1] << 16) | (b[0] << 8)) / 2147483648f,
        (1, 32) => BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648f,
        _ => throw new InvalidDataException($"unsupported WAV sample format {format}/{bits} bits"),
    };

    private static string ReadTag(BinaryReader reader)
    {
        var bytes = reader.ReadBytes(4);
        if (bytes.Length < 4)
        {
            throw new EndOfStreamException();
        }

        return Encoding.ASCII.GetString(bytes);
    }

    private static byte[] ReadToEnd(Stream stream)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
