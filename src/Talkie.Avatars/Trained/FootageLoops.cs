using System.Numerics;

namespace Talkie.Avatars.Trained;

/// <summary>A jump in the footage: after frame <see cref="From"/> comes frame <see cref="To"/> (earlier in the footage).</summary>
/// <param name="From">The frame shown before the jump.</param>
/// <param name="To">The frame shown after it.</param>
/// <param name="Cost">How different <see cref="To"/> is from the frame that would have followed (mean grey-level difference).</param>
public readonly record struct FootageJump(int From, int To, float Cost);

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
/// never ping-pongs.
/// </summary>
public sealed class FootageLoops
{
    private readonly FootageJump[][] _jumpsFrom;
    private readonly int _lastExit;

    private readonly float[][] _frames;

    private FootageLoops(float[][] frames, List<FootageJump> jumps, float stepLimit, float stepMedian, int first, int last)
    {
        var frameCount = frames.Length;
        _frames = frames;
        FrameCount = frameCount;
        Jumps = jumps;
        StepLimit = stepLimit;
        StepMedian = stepMedian;
        First = first;
        Last = last;
        _jumpsFrom = new FootageJump[frameCount][];
        foreach (var group in jumps.GroupBy(j => j.From))
        {
            _jumpsFrom[group.Key] = [.. group.OrderBy(j => j.Cost)];
        }

        _lastExit = jumps.Count == 0 ? -1 : jumps.Max(j => j.From);
    }

    /// <summary>Gets the number of footage frames.</summary>
    public int FrameCount { get; }

    /// <summary>Gets every allowed jump.</summary>
    public IReadOnlyList<FootageJump> Jumps { get; }

    /// <summary>Gets the footage's own 99th-percentile difference between consecutive frames: no jump may look larger.</summary>
    public float StepLimit { get; }

    /// <summary>Gets the footage's median difference between consecutive frames.</summary>
    public float StepMedian { get; }

    /// <summary>Gets the first frame the walk may show (the stretch without a hidden face starts there).</summary>
    public int First { get; }

    /// <summary>Gets the last frame the walk may show.</summary>
    public int Last { get; }

    /// <summary>Rebuilds loops found earlier from the thumbnails' kept pixels (as <see cref="KeptThumbnails"/> gave them) and the stored loop points.</summary>
    public static FootageLoops Restore(IReadOnlyList<float[]> keptThumbnails, LoopPoints points)
    {
        ArgumentNullException.ThrowIfNull(keptThumbnails);
        ArgumentNullException.ThrowIfNull(points);
        var last = Math.Clamp(points.Last ?? (keptThumbnails.Count - 1), 0, Math.Max(0, keptThumbnails.Count - 1));
        return new FootageLoops([.. keptThumbnails], [.. points.Jumps], points.StepLimit, points.StepMedian, Math.Clamp(points.First, 0, last), last);
    }

    /// <summary>Gets the thumbnails' pixels that loops are found on (the mouth's left out).</summary>
    public IReadOnlyList<float[]> KeptThumbnails => _frames;

    /// <summary>Gets the loop points, for storing.</summary>
    public LoopPoints Points => new(Jumps, StepLimit, StepMedian, First, Last);

    /// <summary>
    /// Finds the jumps in footage given as thumbnails (grey levels, all the same size).
    /// </summary>
    /// <param name="thumbnails">One thumbnail per frame.</param>
    /// <param name="ignore">Thumbnail pixels left out of every comparison (true = ignored), or null.</param>
    /// <param name="shortestLoop">The fewest frames a jump must go back (a loop shorter than this would repeat visibly).</param>
    /// <param name="hidden">
    /// The frames that must not be shown (the face hidden), or null. The walk keeps to the longest stretch without one:
    /// it plays forward and jumps back, so it could not get past such frames without showing them.
    /// </param>
    public static FootageLoops Find(IReadOnlyList<float[]> thumbnails, bool[]? ignore, int shortestLoop, IReadOnlyList<bool>? hidden = null)
    {
        ArgumentNullException.ThrowIfNull(thumbnails);
        var (first, last) = Stretch(thumbnails.Count, hidden);
        if (last - first < 2)
        {
            return new FootageLoops([.. thumbnails], [], 0, 0, first, last);
        }

        var n = thumbnails.Count;
        var kept = Kept(thumbnails[0].Length, ignore);
        var frames = thumbnails.Select(t => Pick(t, kept)).ToArray();
        var steps = Enumerable.Range(first, last - first).Select(i => Difference(frames[i], frames[i + 1])).Order().ToArray();
        var limit = steps[Math.Min(steps.Length - 1, (int)Math.Ceiling(0.99 * steps.Length) - 1)];
        var median = steps[steps.Length / 2];

        // A jump i → j shows j where i + 1 would have been; its neighbours should match too (i → j − 1
        // before, i + 2 → j + 1 after), so the motion carries on. The best jump from each frame is kept;
        // the walk takes the cheapest ones, and where even those differ more than the footage's own
        // steps it dissolves into the jump over several frames, each step no larger than the footage's.
        // Each row of the difference matrix is worked out once and kept while three frames need it.
        var jumps = new List<FootageJump>();
        var rows = new float[3][];
        float[] Row(int r)
        {
            var row = rows[r % 3];
            if (row is null || row.Length != n + 1 || row[n] != r)
            {
                row = rows[r % 3] = new float[n + 1];
                row[n] = r;
                for (var c = first; c <= Math.Min(last, r + 1 - shortestLoop); c++)
                {
                    row[c] = Difference(frames[r], frames[c]);
                }
            }

            return row;
        }

        for (var i = first + 1; i < last - 1; i++)
        {
            var best = new FootageJump(-1, -1, float.MaxValue);
            var (here, next, after) = (Row(i), Row(i + 1), Row(i + 2));
            for (var j = first + 1; j <= i + 1 - shortestLoop; j++)
            {
                var cost = (here[j - 1] + next[j] + after[j + 1]) / 3;
                if (cost < best.Cost)
                {
                    best = new FootageJump(i, j, cost);
                }
            }

            if (best.From >= 0)
            {
                jumps.Add(best);
            }
        }

        // Only the better half of the jumps is used (the rest would need long dissolves).
        if (jumps.Count > 8)
        {
            var cut = jumps.Select(j => j.Cost).Order().ElementAt(jumps.Count / 2);
            jumps = [.. jumps.Where(j => j.Cost <= cut)];
        }

        return new FootageLoops(frames, jumps, limit, median, first, last);
    }

    // The longest run of frames none of which is hidden (the whole footage when none is).
    private static (int First, int Last) Stretch(int count, IReadOnlyList<bool>? hidden)
    {
        if (hidden is null)
        {
            return (0, count - 1);
        }

        var (first, last) = (0, -1);
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

            if (end - start > last - first)
            {
                (first, last) = (start, end);
            }

            start = end + 1;
        }

        return (first, last);
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

        if (_lastExit < 0 && length > Last - First + 1)
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
            var mustJump = frame >= _lastExit && _lastExit >= 0;
            var usable = jumps?.Where(j => j.To + longestDissolve < _lastExit).ToArray() ?? [];
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
                for (var b = 1; b < blend && k < length && frame + b <= Last; b++)
                {
                    walk[k++] = new BaseFrame(frame + b, jump.To - 1 + b, (float)b / blend);
                }

                frame = jump.To - 1 + blend;
                run = 0;
                continue;
            }

            frame = Math.Min(frame + 1, Last);
        }

        return walk;
    }

    // The fewest frames over which the two runs (after `from`, and from `to` on) can be dissolved so
    // that each frame adds no more than half the footage's 99th-percentile step.
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

    private int DissolveLength(int from, int to, int longest)
    {
        for (var length = 1; length <= longest; length++)
        {
            var widest = 0f;
            for (var b = 1; b <= length && from + b <= Last && to - 1 + b <= Last; b++)
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
