using Microsoft.Extensions.DependencyInjection;
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
        services.AddSingleton<ISpeechSynthesizer, FestivalSynthesizer>();
        services.AddSingleton<ISpeechSynthesizer, EspeakSynthesizer>();
        services.AddSingleton<VoiceCatalog>();
        services.AddSingleton<Recognition.SphinxDecoderPool>();
        services.AddSingleton<Recognition.SpeechAnalyzer>();
        services.AddSingleton<Recognition.ISpeechRecognizer>(sp => sp.GetRequiredService<Recognition.SpeechAnalyzer>());
        services.AddSingleton<Recognition.IForcedAligner>(sp => sp.GetRequiredService<Recognition.SpeechAnalyzer>());
        return services;
    }
}
