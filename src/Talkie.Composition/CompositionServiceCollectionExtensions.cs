using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Talkie.Avatars;
using Talkie.Speech;

namespace Talkie.Composition;

/// <summary>Registers composition and everything it stands on.</summary>
public static class CompositionServiceCollectionExtensions
{
    /// <summary>Adds speech, avatars (stock and photo), the renderer and the <see cref="VideoProducer"/>, with <see cref="CompositionOptions"/> bound to <c>Talkie:Composition</c>.</summary>
    public static IServiceCollection AddTalkieComposition(this IServiceCollection services)
    {
        services.AddTalkieSpeech();
        services.AddTalkieAvatars();
        services.AddOptions<CompositionOptions>()
            .BindConfiguration(CompositionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<VideoRenderer>();
        services.TryAddSingleton<VideoProducer>();
        return services;
    }
}
