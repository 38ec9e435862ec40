using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Talkie.Composition;
using Talkie.Localization.Translation;

namespace Talkie.Localization;

/// <summary>Registers dubbing and everything it stands on.</summary>
public static class LocalizationServiceCollectionExtensions
{
    /// <summary>Adds the translator (apertium), the voicer and the <see cref="Localizer"/>, with <see cref="LocalizationOptions"/> bound to <c>Talkie:Localization</c>.</summary>
    public static IServiceCollection AddTalkieLocalization(this IServiceCollection services)
    {
        services.AddTalkieComposition();
        services.AddOptions<LocalizationOptions>()
            .BindConfiguration(LocalizationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ITranslator, ApertiumTranslator>();
        services.TryAddSingleton<DubVoicer>();
        services.TryAddSingleton<Localizer>();
        return services;
    }
}
