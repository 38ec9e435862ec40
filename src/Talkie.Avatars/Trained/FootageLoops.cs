using System.Numerics;

namespace Talkie.Avatars.Trained;

/// <summary>A jump in the footage: after frame <see cref="From"/> comes frame <see cref="To"/> (earlier in the footage).</summary>
/// <param name="From">The frame shown before the jump.</param>
/// <param name="To">The frame shown after it.</param>
/// <param name="Cost">How different <see cref="To"/> is from the frame that would have followed (mean grey-level difference).</param>
public readonly record struct FootageJump(int From, int To, float Cost);

/// <summary>A run of footage frames the base track may show (none of them with the face hidden).</summary>
/// <param name="First">Its first frame.</param>
/// <param name="Last">Its last frame.</param>
public readonly record struct FootageStretch(int First, int Last)
{
    /// <summary>Gets how many frames it has.</summary>
    public int Length => Last - First + 1;

    /// <summary>Gets whether frame <paramref name="frame"/> is in it.</summary>
    public bool Contains(int frame) => frame >= First && frame <= Last;
}

/// <summary>One frame of a base track: footage frame <see cref="From"/>, dissolving into <see cref="To"/> by <see cref="Mix"/> (0–1).</summary>
/// <param name="From">The footage frame.</param>
/// <param name="To">The frame it dissolves into (the same frame when there is no dissolve).</param>
/// <param name="Mix">How much of <see cref="To"/> shows.</param>
public readonly record struct BaseFrame(int From, int To, float Mix);

/// <summary>
/// Where a short piece of footage can continue seamlessly into an earlier part of itself, so that a
/// base track of any length can be walked through it (video textures, Schödl et al. 2000): frames are
/// compared as small grey thumbnails (leaving out a region that is re-rendered anyway, such as the
/// mouth), a jump from i back to j is allowed when frame j looks like the frame that would have
/// followed i (compared over three frames, so motion continues too) no more than the footage's own
/// steps from frame to frame differ. The walk plays forward between jumps, never backwards, so it
/// never ping-pongs. Footage whose face is hidden for a moment is cut into stretches around those frames;
/// jumps also lead from one stretch into another (forward or back), so the walk uses all of them and never
/// shows a hidden frame.
/// </summary>
public sealed class FootageLoops
{
    private readonly FootageJump[][] _jumpsFrom;

    // The stretch each frame belongs to (-1: a frame never shown).
    private readonly int[] _stretchOf;

    private readonly float[][] _frames;

    private FootageLoops(float[][] frames, List<FootageJump> jumps, float stepLimit, float stepMedian, IReadOnlyList<FootageStretch> stretches, int main)
    {
        var frameCount = frames.Length;
        _frames = frames;
        FrameCount = frameCount;
        Jumps = jumps;
        StepLimit = stepLimit;
        StepMedian = stepMedian;
        Stretches = stretches;
        (First, Last) = (stretches[main].First, stretches[main].Last);
        _stretchOf = Enumerable.Repeat(-1, frameCount).ToArray();
        for (var s = 0; s < stretches.Count; s++)
        {
            for (var i = stretches[s].First; i <= stretches[s].Last && i < frameCount; i++)
            {
                _stretchOf[i] = s;
            }
        }

        _jumpsFrom = new FootageJump[frameCount][];
        foreach (var group in jumps.GroupBy(j => j.From))
        {
            _jumpsFrom[group.Key] = [.. group.OrderBy(j => j.Cost)];
        }
    }

    /// <summary>Gets the number of footage frames.</summary>
    public int FrameCount { get; }

    /// <summary>Gets every allowed jump.</summary>
    public IReadOnlyList<FootageJump> Jumps { get; }

    /// <summary>Gets the footage's own 99th-percentile difference between consecutive frames: no jump may look larger.</summary>
    public float StepLimit { get; }

    /// <summary>Gets the footage's median difference between consecutive frames.</summary>
    public float StepMedian { get; }

    /// <summary>Gets the first frame of the stretch the walk starts in (the longest without a hidden face).</summary>
    public int First { get; }

    /// <summary>Gets the last frame of that stretch.</summary>
    public int Last { get; }

    /// <summary>Gets the stretches the walk may show (the whole footage when no face was hidden).</summary>
    public IReadOnlyList<FootageStretch> Stretches { get; }

    /// <summary>Rebuilds loops found earlier from the thumbnails' kept pixels (as <see cref="KeptThumbnails"/> gave them) and the stored loop points.</summary>
    public static FootageLoops Restore(IReadOnlyList<float[]> keptThumbnails, LoopPoints points)
    {
        ArgumentNullException.ThrowIfNull(keptThumbnails);
        ArgumentNullException.ThrowIfNull(points);
        var end = Math.Max(0, keptThumbnails.Count - 1);
        var last = Math.Clamp(points.Last ?? end, 0, end);
        var main = new FootageStretch(Math.Clamp(points.First, 0, last), last);
        var stretches = points.Stretches is { Count: > 0 } stored
            ? [.. stored.Where(t => t.First >= 0 && t.First <= t.Last && t.Last <= end)]
            : new List<FootageStretch> { main };
        var index = stretches.IndexOf(main);
        if (index < 0)
        {
            (stretches, index) = ([main], 0);
        }

        var jumps = points.Jumps.Concat(points.Others ?? []).Where(j => stretches.Any(t => t.Contains(j.From)) && stretches.Any(t => t.Contains(j.To))).ToList();
        return new FootageLoops([.. keptThumbnails], jumps, points.StepLimit, points.StepMedian, stretches, index);
    }

    /// <summary>Gets the thumbnails' pixels that loops are found on (the mouth's left out).</summary>
    public IReadOnlyList<float[]> KeptThumbnails => _frames;

    /// <summary>Gets the loop points, for storing: the jumps within the first stretch, and apart from them the others.</summary>
    public LoopPoints Points
    {
        get
        {
            bool InMain(FootageJump j) => j.From >= First && j.From <= Last && j.To >= First && j.To <= Last;
            return Stretches.Count == 1
                ? new(Jumps, StepLimit, StepMedian, First, Last)
                : new([.. Jumps.Where(InMain)], StepLimit, StepMedian, First, Last, [.. Jumps.Where(j => !InMain(j))], Stretches);
        }
    }

    /// <summary>
    /// Finds the jumps in footage given as thumbnails (grey levels, all the same size).
    /// </summary>
    /// <param name="thumbnails">One thumbnail per frame.</param>
    /// <param name="ignore">Thumbnail pixels left out of every comparison (true = ignored), or null.</param>
    /// <param name="shortestLoop">The fewest frames a jump must go back (a loop shorter than this would repeat visibly).</param>
    /// <param name="hidden">
    /// The frames that must not be shown (the face hidden), or null. The footage around them is cut into stretches
    /// (those shorter than <paramref name="shortestLoop"/> are left out); the walk starts in the longest, and jumps
    /// lead from each stretch into the others, over the hidden frames.
    /// </param>
    public static FootageLoops Find(IReadOnlyList<float[]> thumbnails, bool[]? ignore, int shortestLoop, IReadOnlyList<bool>? hidden = null)
    {
        ArgumentNullException.ThrowIfNull(thumbnails);
        var stretches = Unhidden(thumbnails.Count, hidden, shortestLoop);
        var main = stretches.IndexOf(stretches.MaxBy(t => t.Length));
        if (stretches[main].Length < 3)
        {
            return new FootageLoops([.. thumbnails], [], 0, 0, [stretches[main]], 0);
        }

        stretches = [.. stretches.Where(t => t.Length >= 3)];
        main = stretches.IndexOf(stretches.MaxBy(t => t.Length));
        var n = thumbnails.Count;
        var kept = Kept(thumbnails[0].Length, ignore);
        var frames = thumbnails.Select(t => Pick(t, kept)).ToArray();
        var steps = stretches.SelectMany(t => Enumerable.Range(t.First, t.Length - 1)).Select(i => Difference(frames[i], frames[i + 1])).Order().ToArray();
        var limit = steps[Math.Min(steps.Length - 1, (int)Math.Ceiling(0.99 * steps.Length) - 1)];
        var median = steps[steps.Length / 2];

        // A jump i → j shows j where i + 1 would have been; its neighbours should match too (i → j − 1
        // before, i + 2 → j + 1 after), so the motion carries on. Within a stretch a jump goes back at least
        // `shortestLoop` frames; into another stretch it may go anywhere. The best jump from each frame into
        // each stretch is kept; the walk takes the cheapest ones, and where even those differ more than the
        // footage's own steps it dissolves into the jump over several frames, each step no larger than the
        // footage's. Each row of the difference matrix is worked out once and kept while three frames need it.
        var jumps = new List<FootageJump>();
        var rows = new float[3][];
        float[] Row(int r, FootageStretch own)
        {
            var row = rows[r % 3];
            if (row is null || row.Length != n + 1 || row[n] != r)
            {
                row = rows[r % 3] = new float[n + 1];
                row[n] = r;
                foreach (var t in stretches)
                {
                    for (var c = t.First; c <= (t == own ? Math.Min(t.Last, r + 1 - shortestLoop) : t.Last); c++)
                    {
                        row[c] = Difference(frames[r], frames[c]);
                    }
                }
            }

            return row;
        }

        var exits = new List<FootageJump>[stretches.Count];
        for (var s = 0; s < stretches.Count; s++)
        {
            var own = stretches[s];
            exits[s] = [];
            for (var i = own.First + 1; i < own.Last - 1; i++)
            {
                var (here, next, after) = (Row(i, own), Row(i + 1, own), Row(i + 2, own));
                foreach (var into in stretches)
                {
                    var best = new FootageJump(-1, -1, float.MaxValue);
                    for (var j = into.First + 1; j <= (into == own ? i + 1 - shortestLoop : into.Last - 1); j++)
                    {
                        var cost = (here[j - 1] + next[j] + after[j + 1]) / 3;
                        if (cost < best.Cost)
                        {
                            best = new FootageJump(i, j, cost);
                        }
                    }

                    if (best.From >= 0)
                    {
                        exits[s].Add(best);
                    }
                }
            }

            // Only the better half of each stretch's jumps is used (the rest would need long dissolves).
            if (exits[s].Count > 8)
            {
                var cut = exits[s].Select(j => j.Cost).Order().ElementAt(exits[s].Count / 2);
                exits[s] = [.. exits[s].Where(j => j.Cost <= cut)];
            }

            jumps.AddRange(exits[s]);
        }

        return new FootageLoops(frames, jumps, limit, median, stretches, main);
    }

    // The runs of frames none of which is hidden, of `shortest` frames or more (the whole footage when none is
    // hidden; the longest run alone when every run is shorter).
    private static List<FootageStretch> Unhidden(int count, IReadOnlyList<bool>? hidden, int shortest)
    {
        if (hidden is null || !hidden.Take(count).Any(h => h))
        {
            return [new FootageStretch(0, Math.Max(0, count - 1))];
        }

        var runs = new List<FootageStretch>();
        for (var start = 0; start < count;)
        {
            if (hidden[start])
            {
                start++;
                continue;
            }

            var end = start;
            while (end + 1 < count && !hidden[end + 1])
            {
                end++;
            }

            runs.Add(new FootageStretch(start, end));
            start = end + 1;
        }

        if (runs.Count == 0)
        {
            return [new FootageStretch(0, -1)];
        }

        var longest = runs.MaxBy(t => t.Length);
        return [.. runs.Where(t => t.Length >= shortest || t == longest)];
    }

    /// <summary>
    /// Walks <paramref name="length"/> frames through the footage: forward from the first frame, taking
    /// a jump at the last chance before the footage ends and sometimes earlier (seeded), at least
    /// <paramref name="shortestRun"/> frames after the previous one. A jump is dissolved over as many
    /// frames as keep each step within half the footage's 99th-percentile step (at most
    /// <paramref name="longestDissolve"/>; one frame, a plain cut, when the jump is that small).
    /// </summary>
    /// <param name="length">The frames to walk.</param>
    /// <param name="shortestRun">The fewest frames between jumps.</param>
    /// <param name="seed">Seeds the choice of jumps.</param>
    /// <param name="longestDissolve">The most frames a dissolve takes.</param>
    /// <param name="footageSpeaking">Whether the person speaks in each footage frame, with <paramref name="wantedSpeaking"/>: the walk then
    /// prefers jumps into footage that talks when the new speech talks and rests when it pauses (the
    /// person's own idle moments for the silences), and avoids jumps that do the opposite.</param>
    /// <param name="wantedSpeaking">Whether the new speech talks at each walked frame.</param>
    /// <exception cref="InvalidOperationException">The footage has no jump and is shorter than the walk.</exception>
    public BaseFrame[] Walk(int length, int shortestRun, int seed, int longestDissolve = 10, IReadOnlyList<bool>? footageSpeaking = null, IReadOnlyList<bool>? wantedSpeaking = null)
    {
        var walk = new BaseFrame[length];
        if (length == 0)
        {
            return walk;
        }

        var lastExit = Exits(longestDissolve);
        if (Last < First || (lastExit[_stretchOf[First]] < 0 && length > Last - First + 1))
        {
            throw new InvalidOperationException("the footage has no place where it can loop; use longer footage");
        }

        var random = new Random(seed);
        var frame = First;
        var run = 0;
        var k = 0;
        while (k < length)
        {
            walk[k++] = new BaseFrame(frame, frame, 0);
            run++;
            var jumps = _jumpsFrom[frame];
            var exit = lastExit[_stretchOf[frame]];
            var mustJump = frame >= exit && exit >= 0;

            // A jump must land where the walk can play on and leave again.
            var usable = jumps?.Where(j => Lands(j, longestDissolve, lastExit)).ToArray() ?? [];

            // Where jumps lead into several stretches, one is drawn by its length, so each is shown about as much as
            // it would be in footage without the hidden frames (the cheapest jumps mostly stay where they are).
            var targets = Stretches.Count > 1 ? usable.GroupBy(j => _stretchOf[j.To]).ToArray() : [];
            if (targets.Length > 1)
            {
                var draw = random.NextDouble() * targets.Sum(g => Stretches[g.Key].Length);
                var chosen = targets.SkipWhile(g => (draw -= Stretches[g.Key].Length) > 0).FirstOrDefault() ?? targets[^1];
                usable = [.. chosen];
            }

            var jump = usable.Length > 0 ? usable[random.Next(Math.Min(usable.Length, 2))] : default;
            var chance = 0.08;
            if (footageSpeaking is not null && wantedSpeaking is not null && usable.Length > 0)
            {
                // How well the next half second matches the speech, going on or jumping.
                var stay = Agreement(footageSpeaking, frame + 1, wantedSpeaking, k);
                var go = Agreement(footageSpeaking, jump.To, wantedSpeaking, k);
                chance = go > stay + 0.25 ? 0.5 : go < stay - 0.25 ? 0.02 : chance;
            }

            var mayJump = jumps is not null && run >= shortestRun && random.NextDouble() < chance;
            if (usable.Length > 0 && (mustJump || mayJump))
            {
                // Dissolve from the frames after `frame` into the frames after the jump's target.
                var blend = DissolveLength(frame, jump.To, longestDissolve);
                for (var b = 1; b < blend && k < length && frame + b <= End(frame); b++)
                {
                    walk[k++] = new BaseFrame(frame + b, jump.To - 1 + b, (float)b / blend);
                }

                frame = jump.To - 1 + blend;
                run = 0;
                continue;
            }

            frame = Math.Min(frame + 1, End(frame));
        }

        return walk;
    }

    // Each stretch's last frame with a jump the walk can take: one landing where it can play on (the dissolve's
    // length) and leave again. Worked back until no stretch changes, so the walk never reaches the end of a
    // stretch with no way out (it would stand still there).
    private int[] Exits(int dissolve)
    {
        var exits = Stretches.Select(t => Jumps.Where(j => t.Contains(j.From)).Select(j => j.From).DefaultIfEmpty(-1).Max()).ToArray();
        for (var changed = true; changed;)
        {
            changed = false;
            for (var s = 0; s < exits.Length; s++)
            {
                var stretch = Stretches[s];
                var exit = Jumps.Where(j => stretch.Contains(j.From) && Lands(j, dissolve, exits)).Select(j => j.From).DefaultIfEmpty(-1).Max();
                changed |= exit != exits[s];
                exits[s] = exit;
            }
        }

        return exits;
    }

    private bool Lands(FootageJump jump, int dissolve, int[] exits) => jump.To + dissolve < exits[_stretchOf[jump.To]];

    // The last frame of the stretch that frame `frame` is in.
    private int End(int frame) => Stretches[_stretchOf[frame]].Last;

    // The share of the next 12 frames where the footage from `from` talks (or rests) as the speech from `at` does.
    private static double Agreement(IReadOnlyList<bool> footage, int from, IReadOnlyList<bool> wanted, int at)
    {
        var agree = 0;
        var count = 0;
        for (var d = 0; d < 12 && from + d < footage.Count && at + d < wanted.Count; d++, count++)
        {
            agree += footage[from + d] == wanted[at + d] ? 1 : 0;
        }

        return count == 0 ? 1 : (double)agree / count;
    }

    // The fewest frames over which the two runs (after `from`, and from `to` on) can be dissolved so
    // that each frame adds no more than half the footage's 99th-percentile step.
    private int DissolveLength(int from, int to, int longest)
    {
        for (var length = 1; length <= longest; length++)
        {
            var widest = 0f;
            for (var b = 1; b <= length && from + b <= End(from) && to - 1 + b <= End(to); b++)
            {
                widest = Math.Max(widest, Difference(_frames[from + b], _frames[to - 1 + b]));
            }

            if (widest / length <= StepLimit / 2)
            {
                return length;
            }
        }

        return longest;
    }

    /// <summary>The mean absolute difference of two thumbnails' kept pixels.</summary>
    public static float Difference(float[] a, float[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += Vector.Abs(new Vector<float>(a, i) - new Vector<float>(b, i));
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += Math.Abs(a[i] - b[i]);
        }

        return total / Math.Max(1, a.Length);
    }

    private static int[] Kept(int length, bool[]? ignore)
        => [.. Enumerable.Range(0, length).Where(i => ignore is null || !ignore[i])];

    private static float[] Pick(float[] thumbnail, int[] kept)
    {
        var picked = new float[kept.Length];
        for (var k = 0; k < kept.Length; k++)
        {
            picked[k] = thumbnail[kept[k]];
        }

        return picked;
    }
}
