using System.Globalization;
using System.Text.Json;

namespace Talkie.Media;

/// <summary>Parses the JSON that <c>ffprobe -print_format json -show_format -show_streams</c> prints.</summary>
internal static class FfprobeParser
{
    public static MediaInfo Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var streams = new List<MediaStreamInfo>();
        if (root.TryGetProperty("streams", out var streamArray))
        {
            foreach (var stream in streamArray.EnumerateArray())
            {
                streams.Add(ParseStream(stream));
            }
        }

        var formatName = string.Empty;
        TimeSpan? duration = null;
        if (root.TryGetProperty("format", out var format))
        {
            formatName = GetString(format, "format_name") ?? string.Empty;
            duration = GetSeconds(format, "duration");
        }

        return new MediaInfo(formatName, duration, streams);
    }

    private static MediaStreamInfo ParseStream(JsonElement stream)
    {
        var kind = GetString(stream, "codec_type") switch
        {
            "video" => MediaStreamKind.Video,
            "audio" => MediaStreamKind.Audio,
            "subtitle" => MediaStreamKind.Subtitle,
            _ => MediaStreamKind.Other,
        };

        return new MediaStreamInfo
        {
            Index = stream.TryGetProperty("index", out var index) ? index.GetInt32() : 0,
            Kind = kind,
            Codec = GetString(stream, "codec_name") ?? string.Empty,
            StartTime = GetSeconds(stream, "start_time"),
            Duration = GetSeconds(stream, "duration"),
            Width = stream.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
            Height = stream.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
            PixelFormat = GetString(stream, "pix_fmt"),
            FrameRate = ParseRational(GetString(stream, "avg_frame_rate")),
            BaseFrameRate = ParseRational(GetString(stream, "r_frame_rate")),
            Rotation = ParseRotation(stream),
            SampleAspectRatio = ParseRational(GetString(stream, "sample_aspect_ratio")?.Replace(':', '/')) is > 0 and var aspect ? aspect : 1,
            FrameCount = long.TryParse(GetString(stream, "nb_frames"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null,
            SampleRate = int.TryParse(GetString(stream, "sample_rate"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var sr) ? sr : 0,
            Channels = stream.TryGetProperty("channels", out var ch) ? ch.GetInt32() : 0,
        };
    }

    // The display matrix's rotation (ffmpeg 5 and later) or the old "rotate" tag, as 0, 90, 180 or 270.
    private static int ParseRotation(JsonElement stream)
    {
        double? degrees = null;
        if (stream.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in sideData.EnumerateArray())
            {
                if (item.TryGetProperty("rotation", out var rotation) && rotation.ValueKind == JsonValueKind.Number)
                {
                    degrees = rotation.GetDouble();
                }
            }
        }

        if (degrees is null && stream.TryGetProperty("tags", out var tags)
            && double.TryParse(GetString(tags, "rotate"), NumberStyles.Float, CultureInfo.InvariantCulture, out var tagged))
        {
            degrees = -tagged;
        }

        var quarter = (int)Math.Round((degrees ?? 0) / 90);
        return ((quarter % 4) + 4) % 4 * 90;
    }

    internal static double ParseRational(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : 0;
        }

        if (double.TryParse(value.AsSpan(0, slash), NumberStyles.Float, CultureInfo.InvariantCulture, out var num)
            && double.TryParse(value.AsSpan(slash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var den)
            && den != 0)
        {
            return num / den;
        }

        return 0;
    }

    private static string? GetString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static TimeSpan? GetSeconds(JsonElement element, string name)
        => double.TryParse(GetString(element, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
