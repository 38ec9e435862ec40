using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Talkie.Speech.Visemes;

/// <summary>Writes a <see cref="VisemeTrack"/> in Rhubarb Lip Sync's own output formats.</summary>
public static class RhubarbFormat
{
    /// <summary>Writes Rhubarb's JSON: <c>{"metadata":{...},"mouthCues":[{"start":0.00,"end":0.12,"value":"X"}, ...]}</c>.</summary>
    /// <param name="track">The track.</param>
    /// <param name="metadata">Extra metadata; <c>soundFile</c> and <c>duration</c> are written as Rhubarb does.</param>
    public static string ToJson(VisemeTrack track, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("metadata");
            json.WriteString("soundFile", metadata?.GetValueOrDefault("soundFile") ?? string.Empty);
            json.WriteNumber("duration", Round(track.Duration));
            if (metadata is not null)
            {
                foreach (var (key, value) in metadata.Where(m => m.Key != "soundFile"))
                {
                    json.WriteString(key, value);
                }
            }

            json.WriteEndObject();
            json.WriteStartArray("mouthCues");
            foreach (var cue in track.Cues)
            {
                json.WriteStartObject();
                json.WriteNumber("start", Round(cue.Start));
                json.WriteNumber("end", Round(cue.End));
                json.WriteString("value", cue.Shape.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes Rhubarb's TSV: one <c>start&lt;TAB&gt;shape</c> line per cue, then the end time with the rest shape.</summary>
    /// <param name="track">The track.</param>
    /// <param name="rest">The rest shape of the shape set: X, or A when X is not used.</param>
    public static string ToTsv(VisemeTrack track, Viseme rest = Viseme.X)
    {
        var builder = new StringBuilder();
        foreach (var cue in track.Cues)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{cue.Start.TotalSeconds:0.00}\t{cue.Shape}\n");
        }

        builder.Append(CultureInfo.InvariantCulture, $"{track.Duration.TotalSeconds:0.00}\t{rest}\n");
        return builder.ToString();
    }

    private static decimal Round(TimeSpan time) => Math.Round((decimal)time.TotalSeconds, 2, MidpointRounding.AwayFromZero);
}
