using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Talkie.Media;

namespace Talkie.Speech.Espeak;

/// <summary>A phone as espeak-ng reports it: start in ms and IPA name.</summary>
internal readonly record struct EspeakPhone(int StartMs, string Name);

/// <summary>A word as espeak-ng reports it: start in ms and its place in the input (characters, 0-based).</summary>
internal readonly record struct EspeakWord(int StartMs, int TextPosition, int Length);

/// <summary>One synthesis call's output.</summary>
internal sealed record EspeakOutput(AudioBuffer Audio, IReadOnlyList<EspeakPhone> Phones, IReadOnlyList<EspeakWord> Words, int EndMs);

/// <summary>An installed espeak-ng voice.</summary>
internal sealed record EspeakVoiceInfo(string Name, string Identifier, IReadOnlyList<(int Priority, string Language)> Languages, int Gender);

/// <summary>
/// The process-wide espeak-ng library. espeak-ng keeps global state and is not re-entrant, so every
/// call goes through one lock; synthesis is synchronous with phoneme events, which give each phone's
/// exact position in the audio.
/// </summary>
internal static unsafe class EspeakLibrary
{
    private static readonly Lock Gate = new();
    private static int _sampleRate;
    private static Capture? _capture;

    public static int SampleRate
    {
        get
        {
            lock (Gate)
            {
                EnsureInitialized();
                return _sampleRate;
            }
        }
    }

    public static IReadOnlyList<EspeakVoiceInfo> ListVoices()
    {
        lock (Gate)
        {
            EnsureInitialized();
            var list = new List<EspeakVoiceInfo>();
            var voices = EspeakNative.espeak_ListVoices(null);
            for (var i = 0; voices != null && voices[i] != null; i++)
            {
                var v = voices[i];
                list.Add(new EspeakVoiceInfo(
                    Marshal.PtrToStringUTF8((nint)v->Name) ?? string.Empty,
                    Marshal.PtrToStringUTF8((nint)v->Identifier) ?? string.Empty,
                    ReadLanguages(v->Languages),
                    v->Gender));
            }

            return list;
        }
    }

    /// <summary>Synthesizes <paramref name="text"/> (UTF-8, plain or SSML); <paramref name="range"/> is the intonation range (0–100, 50 the voice's own).</summary>
    public static EspeakOutput Synthesize(string text, string voiceName, int rateWpm, int pitch, int range, int volume, bool ssml, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            EnsureInitialized();
            if (EspeakNative.espeak_SetVoiceByName(voiceName) != 0)
            {
                throw new InvalidInputException($"espeak-ng has no voice '{voiceName}'; run `talkie voices` to list voices");
            }

            EspeakNative.espeak_SetParameter(EspeakNative.ParameterRate, Math.Clamp(rateWpm, 80, 450), 0);
            EspeakNative.espeak_SetParameter(EspeakNative.ParameterPitch, Math.Clamp(pitch, 0, 100), 0);
            EspeakNative.espeak_SetParameter(EspeakNative.ParameterVolume, Math.Clamp(volume, 0, 200), 0);
            EspeakNative.espeak_SetParameter(EspeakNative.ParameterRange, Math.Clamp(range, 0, 100), 0);

            var capture = new Capture(new AudioBuffer(_sampleRate, _sampleRate * 4), cancellationToken);
            _capture = capture;
            try
            {
                var bytes = Encoding.UTF8.GetBytes(text + "\0");
                var flags = EspeakNative.CharsUtf8 | (ssml ? EspeakNative.Ssml : 0);
                fixed (byte* p = bytes)
                {
                    var error = EspeakNative.espeak_Synth(p, (nuint)bytes.Length, 0, EspeakNative.PositionCharacter, 0, flags, null, null);
                    if (error != 0)
                    {
                        throw new InvalidOperationException($"espeak_Synth failed with error {error}");
                    }

                    EspeakNative.espeak_Synchronize();
                }

                cancellationToken.ThrowIfCancellationRequested();
                return new EspeakOutput(capture.Audio, capture.Phones, capture.Words, capture.EndMs);
            }
            catch
            {
                capture.Audio.Dispose();
                throw;
            }
            finally
            {
                _capture = null;
            }
        }
    }

    /// <summary>Returns espeak-ng's phoneme mnemonics for <paramref name="text"/>, with its language-switch marks such as <c>(en)</c>.</summary>
    public static string TextToPhonemes(string text, string voiceName) => TextToPhonemes(text, voiceName, EspeakNative.PhonemesShow);

    /// <summary>Returns the IPA phonemes of <paramref name="text"/>, words separated by spaces and phonemes by <c>_</c>.</summary>
    public static string TextToIpa(string text, string voiceName) => TextToPhonemes(text, voiceName, EspeakNative.PhonemesIpa | ('_' << 8));

    private static string TextToPhonemes(string text, string voiceName, int phonemeMode)
    {
        lock (Gate)
        {
            EnsureInitialized();
            if (EspeakNative.espeak_SetVoiceByName(voiceName) != 0)
            {
                throw new InvalidInputException($"espeak-ng has no voice '{voiceName}'");
            }

            var bytes = Encoding.UTF8.GetBytes(text + "\0");
            var result = new StringBuilder();
            fixed (byte* start = bytes)
            {
                void* cursor = start;
                while (cursor != null)
                {
                    var phonemes = EspeakNative.espeak_TextToPhonemes(&cursor, (int)EspeakNative.CharsUtf8, phonemeMode);
                    if (phonemes == null)
                    {
                        break;
                    }

                    result.Append(Marshal.PtrToStringUTF8((nint)phonemes)).Append(' ');
                }
            }

            // After espeak_TextToPhonemes the next synthesis loses the events of its first block
            // (seen with espeak-ng 1.51: the first word and phones go missing). A throwaway
            // synthesis resets that state.
            var flush = "a\0"u8;
            fixed (byte* p = flush)
            {
                EspeakNative.espeak_Synth(p, (nuint)flush.Length, 0, EspeakNative.PositionCharacter, 0, EspeakNative.CharsUtf8, null, null);
                EspeakNative.espeak_Synchronize();
            }

            return result.ToString().Trim();
        }
    }

    private static void EnsureInitialized()
    {
        if (_sampleRate > 0)
        {
            return;
        }

        try
        {
            var rate = EspeakNative.espeak_Initialize(
                EspeakNative.AudioOutputSynchronous,
                200,
                null,
                EspeakNative.InitializePhonemeEvents | EspeakNative.InitializePhonemeIpa | EspeakNative.InitializeDontExit);
            if (rate <= 0)
            {
                throw new ToolNotFoundException("espeak-ng data", "/usr/lib/x86_64-linux-gnu/espeak-ng-data", "ESPEAK_DATA_PATH");
            }

            EspeakNative.espeak_SetSynthCallback(&OnSynth);
            _sampleRate = rate;
        }
        catch (DllNotFoundException)
        {
            throw new ToolNotFoundException("espeak-ng library", EspeakNative.Library, "LD_LIBRARY_PATH");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnSynth(short* wav, int sampleCount, EspeakEvent* events)
    {
        var capture = _capture;
        if (capture is null)
        {
            // A throwaway synthesis: nothing to keep.
            return 0;
        }

        if (wav != null && sampleCount > 0)
        {
            capture.Audio.AppendPcm16(new ReadOnlySpan<short>(wav, sampleCount));
        }

        for (var e = events; e != null && e->Type != EspeakNative.EventListTerminated; e++)
        {
            switch (e->Type)
            {
                case EspeakNative.EventPhoneme:
                    capture.Phones.Add(new EspeakPhone(e->AudioPosition, ReadPhoneName(e)));
                    break;
                case EspeakNative.EventWord:
                    capture.Words.Add(new EspeakWord(e->AudioPosition, e->TextPosition - 1, e->Length));
                    break;
                case EspeakNative.EventEnd:
                case EspeakNative.EventMessageTerminated:
                    capture.EndMs = Math.Max(capture.EndMs, e->AudioPosition);
                    break;
            }
        }

        // Returning 1 asks espeak-ng to stop: that is how a cancelled synthesis ends early.
        return capture.Token.IsCancellationRequested ? 1 : 0;
    }

    private static string ReadPhoneName(EspeakEvent* e)
    {
        ReadOnlySpan<byte> id = e->Id;
        var length = id.IndexOf((byte)0);
        return Encoding.UTF8.GetString(length < 0 ? id : id[..length]);
    }

    private static List<(int Priority, string Language)> ReadLanguages(byte* p)
    {
        var result = new List<(int, string)>();
        while (p != null && *p != 0)
        {
            int priority = *p++;
            var language = Marshal.PtrToStringUTF8((nint)p) ?? string.Empty;
            result.Add((priority, language));
            p += Encoding.UTF8.GetByteCount(language) + 1;
        }

        return result;
    }

    private sealed class Capture(AudioBuffer audio, CancellationToken token)
    {
        public AudioBuffer Audio { get; } = audio;

        public CancellationToken Token { get; } = token;

        public List<EspeakPhone> Phones { get; } = [];

        public List<EspeakWord> Words { get; } = [];

        public int EndMs { get; set; }
    }
}
