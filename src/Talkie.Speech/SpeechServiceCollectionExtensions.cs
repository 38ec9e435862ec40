using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Talkie.Media;
using Talkie.Speech.Espeak;
using Talkie.Speech.Festival;

namespace Talkie.Speech;

/// <summary>Registers the speech component.</summary>
public static class SpeechServiceCollectionExtensions
{
    /// <summary>Adds the engines (festival, espeak-ng) and the <see cref="VoiceCatalog"/>, with <see cref="SpeechOptions"/> bound to <c>Talkie:Speech</c>.</summary>
    public static IServiceCollection AddTalkieSpeech(this IServiceCollection services)
    {
        services.AddTalkieMedia();
        services.AddOptions<SpeechOptions>()
            .BindConfiguration(SpeechOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Idempotent: several components add speech, and each engine must be listed once.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISpeechSynthesizer, FestivalSynthesizer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISpeechSynthesizer, EspeakSynthesizer>());
        services.TryAddSingleton<VoiceCatalog>();
        services.TryAddSingleton<Recognition.SphinxDecoderPool>();
        services.TryAddSingleton<Recognition.SpeechAnalyzer>();
        services.TryAddSingleton<Recognition.ISpeechRecognizer>(sp => sp.GetRequiredService<Recognition.SpeechAnalyzer>());
        services.TryAddSingleton<Recognition.IForcedAligner>(sp => sp.GetRequiredService<Recognition.SpeechAnalyzer>());
        return services;
    }
}
