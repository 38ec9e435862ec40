using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Talkie.Media;

/// <summary>Registers the media layer.</summary>
public static class MediaServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ToolRunner"/>, <see cref="MediaProbe"/>, <see cref="MediaDecoder"/> and
    /// <see cref="VideoEncoder"/>, with <see cref="MediaOptions"/> bound to <c>Talkie:Media</c>.</summary>
    public static IServiceCollection AddTalkieMedia(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>()
            .BindConfiguration(MediaOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ToolRunner>();
        services.TryAddSingleton<MediaProbe>();
        services.TryAddSingleton<MediaDecoder>();
        services.TryAddSingleton<VideoEncoder>();
        return services;
    }
}
