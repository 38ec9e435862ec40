namespace Talkie.Speech.Visemes;

/// <summary>
/// The animators' mouth shapes as Rhubarb Lip Sync names them, so that tools reading Rhubarb's output
/// read Talkie's. The letters are the values written to JSON and TSV.
/// </summary>
public enum Viseme
{
    /// <summary>Rest: the idle mouth in pauses.</summary>
    X,

    /// <summary>Closed lips, as for P, B and M.</summary>
    A,

    /// <summary>Slightly open, teeth together: most consonants (K, S, T) and the EE of "bee".</summary>
    B,

    /// <summary>Open: vowels such as EH in "men" and AE in "bat".</summary>
    C,

    /// <summary>Wide open: AA in "father".</summary>
    D,

    /// <summary>Slightly rounded: AO in "off", ER in "bird".</summary>
    E,

    /// <summary>Puckered: UW in "you", OW in "show", W.</summary>
    F,

    /// <summary>Upper teeth on the lower lip: F and V.</summary>
    G,

    /// <summary>Tongue raised behind the upper teeth: a long L.</summary>
    H,
}

/// <summary>A mouth shape held over a time span.</summary>
/// <param name="Start">When the shape is reached.</param>
/// <param name="End">When the next one starts.</param>
/// <param name="Shape">The shape.</param>
public readonly record struct MouthCue(TimeSpan Start, TimeSpan End, Viseme Shape)
{
    /// <summary>Gets how long the shape is held.</summary>
    public TimeSpan Duration => End - Start;
}

/// <summary>Timed mouth shapes covering a whole narration, from 0 to its end, without gaps.</summary>
public sealed class VisemeTrack
{
    /// <summary>Creates a track.</summary>
    public VisemeTrack(IReadOnlyList<MouthCue> cues, TimeSpan duration)
    {
        Cues = cues;
        Duration = duration;
    }

    /// <summary>Gets the cues, in order, each ending where the next starts.</summary>
    public IReadOnlyList<MouthCue> Cues { get; }

    /// <summary>Gets the track's length.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Returns the index of the cue in effect at <paramref name="time"/>.</summary>
    public int IndexAt(TimeSpan time)
    {
        int lo = 0, hi = Cues.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (Cues[mid].Start <= time)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    /// <summary>Returns the shape at <paramref name="time"/>.</summary>
    public Viseme ShapeAt(TimeSpan time) => Cues.Count == 0 ? Viseme.X : Cues[IndexAt(time)].Shape;
}
