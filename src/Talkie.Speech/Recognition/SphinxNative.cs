using System.Runtime.InteropServices;

namespace Talkie.Speech.Recognition;

/// <summary>The parts of libpocketsphinx (0.8+5prealpha, Debian's libpocketsphinx3) and libsphinxbase that Talkie uses.</summary>
internal static unsafe partial class SphinxNative
{
    public const string PocketSphinx = "libpocketsphinx.so.3";
    public const string SphinxBase = "libsphinxbase.so.3";

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_args();

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_init(nint config);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_free(nint decoder);

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_get_logmath(nint decoder);

    [LibraryImport(PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ps_add_word(nint decoder, string word, string phones, int update);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_start_stream(nint decoder);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_start_utt(nint decoder);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_process_raw(nint decoder, short* data, nuint samples, int noSearch, int fullUtterance);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_end_utt(nint decoder);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_get_n_frames(nint decoder);

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_get_hyp(nint decoder, int* bestScore);

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_seg_iter(nint decoder);

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_seg_next(nint segment);

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_seg_word(nint segment);

    [LibraryImport(PocketSphinx)]
    public static partial void ps_seg_frames(nint segment, int* startFrame, int* endFrame);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_seg_prob(nint segment, int* acousticScore, int* languageScore, int* languageBackoff);

    [LibraryImport(PocketSphinx)]
    public static partial void ps_seg_free(nint segment);

    [LibraryImport(PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ps_set_jsgf_string(nint decoder, string name, string jsgf);

    [LibraryImport(PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ps_set_allphone_file(nint decoder, string name, string path);

    [LibraryImport(PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ps_set_search(nint decoder, string name);

    [LibraryImport(SphinxBase)]
    public static partial nint cmd_ln_parse_r(nint inout, nint definitions, int argc, nint* argv, int strict);

    [LibraryImport(SphinxBase)]
    public static partial int cmd_ln_free_r(nint config);

    [LibraryImport(SphinxBase)]
    public static partial double logmath_exp(nint logmath, int logValue);

    [LibraryImport(SphinxBase)]
    public static partial double logmath_log_to_ln(nint logmath, int logValue);

    [LibraryImport(SphinxBase)]
    public static partial nint err_set_logfp(nint stream);
}
