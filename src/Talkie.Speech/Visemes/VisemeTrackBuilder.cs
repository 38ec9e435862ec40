namespace Talkie.Speech.Visemes;

/// <summary>Settings of viseme track building.</summary>
public sealed record VisemeOptions
{
    /// <summary>Gets the frame rate the track will be shown at: no shape is held for less than one frame.</summary>
    public double FrameRate { get; init; } = 25;

    /// <summary>Gets which of Rhubarb's extended shapes (G, H, X) may be used; the others are replaced as Rhubarb does (G→B, H→C, X→A).</summary>
    public string ExtendedShapes { get; init; } = "GHX";

    /// <summary>Gets the shortest silence that shows the rest mouth; shorter gaps keep the mouth in speech.</summary>
    public TimeSpan MinimumRest { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Gets whether cue boundaries are moved to the nearest frame time (for a video at
    /// <see cref="FrameRate"/>): then every cue starts on a frame, so each shape, even a one-frame
    /// closure, is seen whole. Boundaries move by at most half a frame.
    /// </summary>
    public bool SnapToFrames { get; init; }

    /// <summary>Gets how far ahead a consonant looks for a rounded vowel to anticipate.</summary>
    public TimeSpan RoundingLookAhead { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>
/// Turns timed phones into timed mouth shapes: each phone's articulation, then coarticulation
/// (consonants anticipate a coming rounded vowel, h takes the next vowel's shape), the rest mouth in
/// pauses, and no shape shorter than one frame (closures are kept by taking time from a neighbour,
/// never dropped).
/// </summary>
public static class VisemeTrackBuilder
{
    /// <summary>Builds the track for <paramref name="phones"/> over <paramref name="duration"/>.</summary>
    public static VisemeTrack Build(IReadOnlyList<PhoneEvent> phones, TimeSpan duration, VisemeOptions? options = null)
    {
        options ??= new VisemeOptions();
        var segments = ToSegments(phones, duration, options);
        Coarticulate(segments, options);
        var cues = ToCues(segments);
        EnforceMinimumDuration(cues, TimeSpan.FromSeconds(1 / options.FrameRate));
        ApplyShapeSet(cues, options.ExtendedShapes);
        if (options.SnapToFrames)
        {
            SnapToFrames(cues, options.FrameRate, duration);
        }

        return new VisemeTrack(Merge(cues), duration);
    }

    private static List<Segment> ToSegments(IReadOnlyList<PhoneEvent> phones, TimeSpan duration, VisemeOptions options)
    {
        var segments = new List<Segment>(phones.Count + 8);
        var cursor = TimeSpan.Zero;
        foreach (var phone in phones.OrderBy(p => p.Start))
        {
            var start = Clamp(phone.Start, TimeSpan.Zero, duration);
            var end = Clamp(phone.End, start, duration);
            if (start > cursor)
            {
                segments.Add(new Segment(cursor, start, Viseme.X, PhoneClass.Silence));
            }
            else
            {
                start = cursor;
            }

            if (end <= start)
            {
                continue;
            }

            var shapes = PhoneVisemes.Map(phone.Phone, phone.Alphabet);
            if (shapes.Length == 0)
            {
                // A modifier such as ʲ: it lengthens the phone before it.
                if (segments.Count > 0)
                {
                    segments[^1] = segments[^1] with { End = end };
                }

                cursor = end;
                continue;
            }

            var at = start;
            for (var i = 0; i < shapes.Length; i++)
            {
                var to = i == shapes.Length - 1 ? end : at + ((end - start) * shapes[i].Share);
                segments.Add(new Segment(at, to, shapes[i].Shape, shapes[i].Class));
                at = to;
            }

            cursor = end;
        }

        if (cursor < duration)
        {
            segments.Add(new Segment(cursor, duration, Viseme.X, PhoneClass.Silence));
        }

        // Short silences inside speech (stop closures, word joins) keep the mouth in speech.
        for (var i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            if (s.Class == PhoneClass.Silence && i > 0 && i < segments.Count - 1 && s.End - s.Start < options.MinimumRest)
            {
                var previous = segments[i - 1];
                segments[i] = s with { Shape = previous.Shape == Viseme.A ? Viseme.A : Viseme.B, Class = PhoneClass.Lingual };
            }
        }

        return segments;
    }

    private static void Coarticulate(List<Segment> segments, VisemeOptions options)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            if (s.Class is not (PhoneClass.Lingual or PhoneClass.Glottal))
            {
                continue;
            }

            var next = NextVowel(segments, i, s.Start + options.RoundingLookAhead);
            if (next is not { } vowel)
            {
                continue;
            }

            if (s.Class == PhoneClass.Glottal)
            {
                // h is shaped by the vowel it breathes into.
                segments[i] = s with { Shape = vowel.Shape };
            }
            else if (vowel.Shape is Viseme.E or Viseme.F)
            {
                // Lips round ahead of a rounded vowel: the "s" of "soon" is already puckered.
                segments[i] = s with { Shape = vowel.Shape };
            }
        }
    }

    private static Segment? NextVowel(List<Segment> segments, int from, TimeSpan horizon)
    {
        for (var j = from + 1; j < segments.Count && segments[j].Start <= horizon; j++)
        {
            switch (segments[j].Class)
            {
                case PhoneClass.Vowel:
                    return segments[j];
                case PhoneClass.Lingual:
                case PhoneClass.Glottal:
                case PhoneClass.Lateral:
                    continue;
                default:
                    // A pause or a lip consonant in between: nothing to anticipate through it.
                    return null;
            }
        }

        return null;
    }

    private static List<MouthCue> ToCues(List<Segment> segments)
        => Merge(segments.Select(s => new MouthCue(s.Start, s.End, s.Shape)).ToList());

    private static List<MouthCue> Merge(List<MouthCue> cues)
    {
        var merged = new List<MouthCue>(cues.Count);
        foreach (var cue in cues)
        {
            if (cue.End <= cue.Start)
            {
                continue;
            }

            if (merged.Count > 0 && merged[^1].Shape == cue.Shape)
            {
                merged[^1] = merged[^1] with { End = cue.End };
            }
            else if (merged.Count > 0 && merged[^1].End != cue.Start)
            {
                merged.Add(cue with { Start = merged[^1].End });
            }
            else
            {
                merged.Add(cue);
            }
        }

        return merged;
    }

    private static void EnforceMinimumDuration(List<MouthCue> cues, TimeSpan minimum)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            for (var i = 0; i < cues.Count; i++)
            {
                var cue = cues[i];
                var shortBy = minimum - cue.Duration;
                if (shortBy <= TimeSpan.Zero || cues.Count == 1)
                {
                    continue;
                }

                var previous = i > 0 ? cues[i - 1] : (MouthCue?)null;
                var next = i < cues.Count - 1 ? cues[i + 1] : (MouthCue?)null;

                // Closures and lip-teeth contacts must be seen: lengthen them into a neighbour that can spare the time.
                if (cue.Shape is Viseme.A or Viseme.G)
                {
                    if (previous is { } p && p.Duration - shortBy >= minimum)
                    {
                        cues[i - 1] = p with { End = p.End - shortBy };
                        cues[i] = cue with { Start = cue.Start - shortBy };
                        changed = true;
                        continue;
                    }

                    if (next is { } n && n.Duration - shortBy >= minimum)
                    {
                        cues[i + 1] = n with { Start = n.Start + shortBy };
                        cues[i] = cue with { End = cue.End + shortBy };
                        changed = true;
                        continue;
                    }
                }

                // Otherwise the shape is too brief to show: its neighbour absorbs it (the one that is not rest, if any).
                var intoPrevious = previous is not null && (next is null || previous.Value.Shape != Viseme.X || next.Value.Shape == Viseme.X);
                if (intoPrevious)
                {
                    cues[i - 1] = previous!.Value with { End = cue.End };
                }
                else
                {
                    cues[i + 1] = next!.Value with { Start = cue.Start };
                }

                cues.RemoveAt(i);
                MergeAround(cues, Math.Max(0, i - 1));
                changed = true;
                break;
            }
        }
    }

    private static void SnapToFrames(List<MouthCue> cues, double frameRate, TimeSpan duration)
    {
        TimeSpan Snap(TimeSpan t) => TimeSpan.FromSeconds(Math.Round(t.TotalSeconds * frameRate) / frameRate);
        for (var i = 0; i < cues.Count; i++)
        {
            var start = i == 0 ? TimeSpan.Zero : Snap(cues[i].Start);
            var end = i == cues.Count - 1 ? duration : Snap(cues[i].End);
            cues[i] = cues[i] with { Start = start, End = end < start ? start : end };
        }
    }

    private static void MergeAround(List<MouthCue> cues, int index)
    {
        if (index + 1 < cues.Count && cues[index].Shape == cues[index + 1].Shape)
        {
            cues[index] = cues[index] with { End = cues[index + 1].End };
            cues.RemoveAt(index + 1);
        }
    }

    private static void ApplyShapeSet(List<MouthCue> cues, string extended)
    {
        for (var i = 0; i < cues.Count; i++)
        {
            var shape = cues[i].Shape switch
            {
                Viseme.G when !extended.Contains('G', StringComparison.OrdinalIgnoreCase) => Viseme.B,
                Viseme.H when !extended.Contains('H', StringComparison.OrdinalIgnoreCase) => Viseme.C,
                Viseme.X when !extended.Contains('X', StringComparison.OrdinalIgnoreCase) => Viseme.A,
                var same => same,
            };
            cues[i] = cues[i] with { Shape = shape };
        }
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    private readonly record struct Segment(TimeSpan Start, TimeSpan End, Viseme Shape, PhoneClass Class);
}
