using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Talkie.Media;

namespace Talkie.Speech.Recognition;

/// <summary>What a decoder is loaded for.</summary>
internal enum DecoderKind
{
    /// <summary>Large-vocabulary recognition with the US English language model.</summary>
    Recognition,

    /// <summary>Forced alignment: a grammar of the transcript's phones per utterance, with a phone dictionary.</summary>
    Alignment,

    /// <summary>Phone-loop decoding (any phone may follow any other, weighted by a phone language model).</summary>
    PhoneLoop,
}

/// <summary>
/// Keeps pocketsphinx decoders loaded and hands them to one caller at a time. Loading a model takes
/// most of a second; a decoder is loaded on first need and then reused for the life of the process
/// (a server keeps them warm between requests). At most <see cref="SpeechOptions.MaxDecoders"/> of
/// each kind exist.
/// </summary>
public sealed class SphinxDecoderPool : IDisposable
{
    private readonly SpeechOptions _options;
    private readonly ConcurrentDictionary<DecoderKind, ConcurrentBag<SphinxDecoder>> _idle = new();
    private readonly ConcurrentDictionary<DecoderKind, SemaphoreSlim> _slots = new();
    private readonly ConcurrentBag<SphinxDecoder> _all = [];
    private readonly Lazy<string> _phoneDictionary;

    /// <summary>Creates the pool; nothing is loaded until a decoder is needed.</summary>
    public SphinxDecoderPool(IOptions<SpeechOptions> options)
    {
        _options = options.Value;
        _phoneDictionary = new Lazy<string>(WritePhoneDictionary);
    }

    /// <summary>Gets whether the model files are installed.</summary>
    public bool IsAvailable => File.Exists(Path.Combine(_options.PocketSphinxModelDirectory, "en-us.lm.bin"))
        && Directory.Exists(Path.Combine(_options.PocketSphinxModelDirectory, "en-us"));

    /// <summary>Gets the US English pronouncing dictionary.</summary>
    internal string DictionaryPath => Path.Combine(_options.PocketSphinxModelDirectory, "cmudict-en-us.dict");

    /// <summary>Borrows a decoder; dispose the lease to give it back.</summary>
    internal async Task<DecoderLease> RentAsync(DecoderKind kind, CancellationToken cancellationToken)
    {
        EnsureModel();
        var slots = _slots.GetOrAdd(kind, _ => new SemaphoreSlim(_options.MaxDecoders, _options.MaxDecoders));
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var idle = _idle.GetOrAdd(kind, _ => []);
            if (!idle.TryTake(out var decoder))
            {
                decoder = await Task.Run(() => Load(kind), cancellationToken).ConfigureAwait(false);
                _all.Add(decoder);
            }

            return new DecoderLease(decoder, () =>
            {
                idle.Add(decoder);
                slots.Release();
            });
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var decoder in _all)
        {
            decoder.Dispose();
        }

        foreach (var slot in _slots.Values)
        {
            slot.Dispose();
        }

        if (_phoneDictionary.IsValueCreated)
        {
            File.Delete(_phoneDictionary.Value);
        }
    }

    private void EnsureModel()
    {
        if (!IsAvailable)
        {
            throw new ToolNotFoundException("pocketsphinx's US English model (pocketsphinx-en-us)", _options.PocketSphinxModelDirectory, "Talkie:Speech:PocketSphinxModelDirectory");
        }
    }

    private SphinxDecoder Load(DecoderKind kind)
    {
        var model = _options.PocketSphinxModelDirectory;
        // Alignment and phone decoding keep every frame, so their times are true; recognition lets
        // pocketsphinx drop silent frames (fewer errors on noisy speech: 18% against 45% word error on
        // the JFK clip), and its words are then re-timed by aligning them.
        string[] timed = ["-hmm", Path.Combine(model, "en-us"), "-remove_silence", "no"];
        return kind switch
        {
            DecoderKind.Recognition => new SphinxDecoder([
                "-hmm", Path.Combine(model, "en-us"),
                "-lm", Path.Combine(model, "en-us.lm.bin"),
                "-dict", DictionaryPath,
                "-topn", "2",
                "-maxhmmpf", _options.MaxHmmsPerFrame.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
            // The alignment decoder starts with a phone loop only because pocketsphinx needs some search
            // at start-up; each alignment installs its own grammar. Its beams stay wide (a grammar is cheap).
            DecoderKind.Alignment => new SphinxDecoder([
                .. timed,
                "-allphone", Path.Combine(model, "en-us-phone.lm.bin"),
                "-dict", _phoneDictionary.Value,

                // A linear grammar keeps few paths alive, so wide beams cost little; narrower ones lost
                // the only path on synthetic voices (espeak-ng's male voice failed to align at 1e-80).
                "-beam", "1e-150",
                "-wbeam", "1e-120",
                "-pbeam", "1e-150"]),
            _ => new SphinxDecoder([
                .. timed,
                "-allphone", Path.Combine(model, "en-us-phone.lm.bin"),
                "-dict", _phoneDictionary.Value,
                "-allphone_ci", "yes",
                "-ds", "2",
                "-beam", "1e-20",
                "-pbeam", "1e-20",
                "-lw", "2.0"]),
        };
    }

    /// <summary>A dictionary whose words are the phones themselves, so alignment reports every phone's time.</summary>
    /// <remarks>Each pool writes its own file and deletes it when disposed: a name shared by the process
    /// let one pool's disposal delete the file another pool's decoder was about to load.</remarks>
    private static string WritePhoneDictionary()
    {
        var path = Path.Combine(Path.GetTempPath(), $"talkie-phones-{Environment.ProcessId}-{Guid.NewGuid():N}.dict");
        File.WriteAllLines(path, ArpabetPhones.All.Select(p => $"{p} {p}"));
        return path;
    }
}

/// <summary>A borrowed decoder.</summary>
internal sealed class DecoderLease : IDisposable
{
    private Action? _release;

    public DecoderLease(SphinxDecoder decoder, Action release)
    {
        Decoder = decoder;
        _release = release;
    }

    public SphinxDecoder Decoder { get; }

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
