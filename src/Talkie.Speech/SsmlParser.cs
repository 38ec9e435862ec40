using System.Globalization;
using System.Text;
using System.Xml;

namespace Talkie.Speech;

/// <summary>
/// Parses the SSML subset Talkie supports: <c>speak, p, s, break, emphasis, prosody, say-as, sub, mark</c>.
/// Anything else, and any malformed XML, is an <see cref="SsmlException"/> with its line and column.
/// </summary>
internal static class SsmlParser
{
    private static readonly string[] Elements = ["speak", "p", "s", "break", "emphasis", "prosody", "say-as", "sub", "mark"];

    public static ParsedScript Parse(string ssml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };

        var parsed = new ParsedScript();
        var context = new Stack<Frame>();
        using var stringReader = new StringReader(ssml);
        using var reader = XmlReader.Create(stringReader, settings);
        var lineInfo = (IXmlLineInfo)reader;
        var sawSpeak = false;
        try
        {
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        // Report the element at its '<', where a user looks for it.
                        var (line, column) = (lineInfo.LineNumber, Math.Max(1, lineInfo.LinePosition - 1));
                        var name = reader.LocalName;
                        if (!sawSpeak)
                        {
                            if (name != "speak")
                            {
                                throw new SsmlException($"the root element must be <speak>, not <{name}>", line, column);
                            }

                            sawSpeak = true;
                            parsed.Language = reader.GetAttribute("xml:lang") ?? reader.GetAttribute("lang");
                            if (!reader.IsEmptyElement)
                            {
                                context.Push(new Frame("speak", Prosody.Neutral, Emphasis: false));
                            }

                            continue;
                        }

                        if (context.Count == 0)
                        {
                            throw new SsmlException("content after </speak>", line, column);
                        }

                        var outer = context.Peek();
                        switch (name)
                        {
                            case "break":
                                parsed.Items.Add(new RawBreak(ParseBreak(reader, line, column)));
                                SkipContent(reader, name, line, column);
                                break;
                            case "mark":
                                SkipContent(reader, name, line, column);
                                break;
                            case "say-as":
                            case "sub":
                                parsed.Items.Add(ReadSubstitution(reader, name, outer, parsed, line, column));
                                break;
                            case "p":
                            case "s":
                                if (outer.Name is "s" || (name == "p" && outer.Name == "p"))
                                {
                                    throw new SsmlException($"<{name}> cannot be inside <{outer.Name}>", line, column);
                                }

                                parsed.Items.Add(new RawBoundary(name == "p" ? PauseKind.Paragraph : PauseKind.Sentence));
                                PushUnlessEmpty(reader, context, outer with { Name = name });
                                break;
                            case "emphasis":
                                var level = reader.GetAttribute("level") ?? "moderate";
                                var emphasis = ParseEmphasis(level, line, column);
                                PushUnlessEmpty(reader, context, new Frame(name, outer.Prosody.Then(emphasis), Emphasis: level is "strong" or "moderate"));
                                break;
                            case "prosody":
                                var prosody = new Prosody(
                                    ParseRate(reader.GetAttribute("rate"), line, column),
                                    ParsePitch(reader.GetAttribute("pitch"), line, column),
                                    ParseVolume(reader.GetAttribute("volume"), line, column));
                                PushUnlessEmpty(reader, context, new Frame(name, outer.Prosody.Then(prosody), outer.Emphasis));
                                break;
                            case "speak":
                                throw new SsmlException("<speak> cannot be nested", line, column);
                            default:
                                throw new SsmlException($"<{name}> is not supported; supported elements are {string.Join(", ", Elements.Select(e => "<" + e + ">"))}", line, column);
                        }

                        break;

                    case XmlNodeType.EndElement:
                        if (context.Count > 0)
                        {
                            var closed = context.Pop();
                            if (closed.Name is "p" or "s")
                            {
                                parsed.Items.Add(new RawBoundary(closed.Name == "p" ? PauseKind.Paragraph : PauseKind.Sentence));
                            }
                        }

                        break;

                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        if (context.Count == 0)
                        {
                            if (!string.IsNullOrWhiteSpace(reader.Value))
                            {
                                throw new SsmlException("text outside <speak>", lineInfo.LineNumber, lineInfo.LinePosition);
                            }

                            break;
                        }

                        var frame = context.Peek();
                        parsed.Items.Add(new RawText(reader.Value, null, frame.Prosody, frame.Emphasis));
                        break;
                }
            }
        }
        catch (XmlException ex)
        {
            throw new SsmlException(ex.Message.Split(" Line ", 2)[0].TrimEnd('.'), ex.LineNumber, ex.LinePosition, ex);
        }

        if (!sawSpeak)
        {
            throw new SsmlException("the document has no <speak> element", 1, 1);
        }

        return parsed;
    }

    private static void PushUnlessEmpty(XmlReader reader, Stack<Frame> context, Frame frame)
    {
        if (!reader.IsEmptyElement)
        {
            context.Push(frame);
        }
        else if (frame.Name is "p" or "s")
        {
            // <p/> or <s/>: a boundary with nothing inside, already recorded.
        }
    }

    private static RawText ReadSubstitution(XmlReader reader, string name, Frame outer, ParsedScript parsed, int line, int column)
    {
        var interpretAs = reader.GetAttribute("interpret-as");
        var format = reader.GetAttribute("format");
        var alias = reader.GetAttribute("alias");
        if (name == "say-as" && string.IsNullOrWhiteSpace(interpretAs))
        {
            throw new SsmlException("<say-as> needs an interpret-as attribute", line, column);
        }

        if (name == "sub" && alias is null)
        {
            throw new SsmlException("<sub> needs an alias attribute", line, column);
        }

        var content = new StringBuilder();
        if (!reader.IsEmptyElement)
        {
            while (reader.Read() && reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    var info = (IXmlLineInfo)reader;
                    throw new SsmlException($"<{reader.LocalName}> cannot be inside <{name}>", info.LineNumber, Math.Max(1, info.LinePosition - 1));
                }

                content.Append(reader.Value);
            }
        }

        var display = ScriptText.NormalizeWhitespace(content.ToString());
        string spoken;
        if (name == "sub")
        {
            spoken = ScriptText.NormalizeWhitespace(alias!);
        }
        else
        {
            var (result, error) = SayAs.Interpret(interpretAs!.Trim().ToLowerInvariant(), format, display, parsed.Language ?? "en");
            spoken = result ?? throw new SsmlException(error!, line, column);
        }

        return new RawText(spoken, display, outer.Prosody, outer.Emphasis);
    }

    private static void SkipContent(XmlReader reader, string name, int line, int column)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        while (reader.Read() && reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType is XmlNodeType.Element || (reader.NodeType == XmlNodeType.Text && !string.IsNullOrWhiteSpace(reader.Value)))
            {
                throw new SsmlException($"<{name}> must be empty", line, column);
            }
        }
    }

    private static TimeSpan ParseBreak(XmlReader reader, int line, int column)
    {
        var time = reader.GetAttribute("time");
        if (time is not null)
        {
            var seconds = ParseDuration(time) ?? throw new SsmlException($"break time '{time}' is not a duration such as 500ms or 1.5s", line, column);
            if (seconds is < 0 or > 10)
            {
                throw new SsmlException($"break time '{time}' must be between 0 and 10s", line, column);
            }

            return TimeSpan.FromSeconds(seconds);
        }

        return (reader.GetAttribute("strength") ?? "medium") switch
        {
            "none" => TimeSpan.Zero,
            "x-weak" => TimeSpan.FromMilliseconds(100),
            "weak" => TimeSpan.FromMilliseconds(200),
            "medium" => TimeSpan.FromMilliseconds(400),
            "strong" => TimeSpan.FromMilliseconds(700),
            "x-strong" => TimeSpan.FromMilliseconds(1200),
            var other => throw new SsmlException($"break strength '{other}' is not one of none, x-weak, weak, medium, strong, x-strong", line, column),
        };
    }

    private static double? ParseDuration(string value)
    {
        var v = value.Trim();
        if (v.EndsWith("ms", StringComparison.OrdinalIgnoreCase) && TryNumber(v[..^2], out var ms))
        {
            return ms / 1000;
        }

        if (v.EndsWith('s') && TryNumber(v[..^1], out var s))
        {
            return s;
        }

        return null;
    }

    private static Prosody ParseEmphasis(string level, int line, int column) => level switch
    {
        "strong" => new Prosody(0.85, 2, 4),
        "moderate" => new Prosody(0.92, 1, 2),
        "reduced" => new Prosody(1.05, -1, -2),
        "none" => Prosody.Neutral,
        var other => throw new SsmlException($"emphasis level '{other}' is not one of strong, moderate, reduced, none", line, column),
    };

    private static double ParseRate(string? value, int line, int column)
    {
        if (value is null)
        {
            return 1;
        }

        double? rate = value.Trim() switch
        {
            "x-slow" => 0.6,
            "slow" => 0.8,
            "medium" or "default" => 1,
            "fast" => 1.25,
            "x-fast" => 1.5,
            var v when v.EndsWith('%') && TryNumber(v[..^1], out var pct) => v[0] is '+' or '-' ? 1 + (pct / 100) : pct / 100,
            var v when TryNumber(v, out var factor) => factor,
            _ => null,
        };

        if (rate is not { } r || r < 0.3 || r > 3)
        {
            throw new SsmlException($"prosody rate '{value}' must be x-slow..x-fast, a percentage such as 80% or +20%, or a factor between 0.3 and 3", line, column);
        }

        return r;
    }

    private static double ParsePitch(string? value, int line, int column)
    {
        if (value is null)
        {
            return 0;
        }

        double? semitones = value.Trim() switch
        {
            "x-low" => -6,
            "low" => -3,
            "medium" or "default" => 0,
            "high" => 3,
            "x-high" => 6,
            var v when v.EndsWith("st", StringComparison.Ordinal) && TryNumber(v[..^2], out var st) => st,
            var v when v.EndsWith('%') && TryNumber(v[..^1], out var pct) && pct > -100 => 12 * Math.Log2(1 + (pct / 100)),
            _ => null,
        };

        if (semitones is not { } s || Math.Abs(s) > 12)
        {
            throw new SsmlException($"prosody pitch '{value}' must be x-low..x-high, semitones such as +2st, or a percentage such as -10%, within an octave", line, column);
        }

        return s;
    }

    private static double ParseVolume(string? value, int line, int column)
    {
        if (value is null)
        {
            return 0;
        }

        double? db = value.Trim() switch
        {
            "silent" => -96,
            "x-soft" => -12,
            "soft" => -6,
            "medium" or "default" => 0,
            "loud" => 6,
            "x-loud" => 10,
            var v when v.EndsWith("dB", StringComparison.OrdinalIgnoreCase) && TryNumber(v[..^2], out var d) => d,
            var v when TryNumber(v, out var level) && level is >= 0 and <= 100 => level == 0 ? -96 : 20 * Math.Log10(level / 100),
            _ => null,
        };

        if (db is not { } x || x > 20)
        {
            throw new SsmlException($"prosody volume '{value}' must be silent, x-soft..x-loud, a change such as +6dB, or 0-100", line, column);
        }

        return x;
    }

    private static bool TryNumber(string text, out double value)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private sealed record Frame(string Name, Prosody Prosody, bool Emphasis);
}
