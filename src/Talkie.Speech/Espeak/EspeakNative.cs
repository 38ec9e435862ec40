using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Talkie.Speech.Espeak;

/// <summary>The parts of libespeak-ng's C API (speak_lib.h, API revision 12) that Talkie uses.</summary>
internal static unsafe partial class EspeakNative
{
    public const string Library = "libespeak-ng.so.1";

    public const int AudioOutputSynchronous = 2;
    public const int InitializePhonemeEvents = 0x0001;
    public const int InitializePhonemeIpa = 0x0002;
    public const int InitializeDontExit = 0x8000;

    public const uint CharsUtf8 = 1;
    public const uint Ssml = 0x10;
    public const int PositionCharacter = 1;

    public const int ParameterRate = 1;
    public const int ParameterVolume = 2;
    public const int ParameterPitch = 3;
    public const int ParameterRange = 4;

    public const int EventListTerminated = 0;
    public const int EventWord = 1;
    public const int EventSentence = 2;
    public const int EventEnd = 5;
    public const int EventMessageTerminated = 6;
    public const int EventPhoneme = 7;

    public const int PhonemesShow = 0x01;
    public const int PhonemesIpa = 0x02;

    [LibraryImport(Library)]
    public static partial int espeak_Initialize(int output, int bufferLength, byte* path, int options);

    [LibraryImport(Library)]
    public static partial void espeak_SetSynthCallback(delegate* unmanaged[Cdecl]<short*, int, EspeakEvent*, int> callback);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int espeak_SetVoiceByName(string name);

    [LibraryImport(Library)]
    public static partial int espeak_SetParameter(int parameter, int value, int relative);

    [LibraryImport(Library)]
    public static partial int espeak_Synth(byte* text, nuint size, uint position, int positionType, uint endPosition, uint flags, uint* uniqueIdentifier, void* userData);

    [LibraryImport(Library)]
    public static partial int espeak_Synchronize();

    [LibraryImport(Library)]
    public static partial EspeakVoice** espeak_ListVoices(EspeakVoice* voiceSpec);

    [LibraryImport(Library)]
    public static partial byte* espeak_TextToPhonemes(void** textPointer, int textMode, int phonemeMode);
}

/// <summary>espeak_EVENT: 40 bytes on x86-64.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EspeakEvent
{
    public int Type;
    public uint UniqueIdentifier;
    public int TextPosition;
    public int Length;
    public int AudioPosition;
    public int Sample;
    public void* UserData;
    public EspeakEventId Id;
}

/// <summary>The <c>id</c> union: a number, a pointer, or an 8-byte phoneme name.</summary>
[InlineArray(8)]
internal struct EspeakEventId
{
    private byte _element0;
}

/// <summary>espeak_VOICE.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EspeakVoice
{
    public byte* Name;
    public byte* Languages;
    public byte* Identifier;
    public byte Gender;
    public byte Age;
    public byte Variant;
    public byte Reserved;
    public int Score;
    public void* Spare;
}
