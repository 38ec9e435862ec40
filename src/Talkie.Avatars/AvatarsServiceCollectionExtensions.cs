using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Talkie.Avatars.Photo;
using Talkie.Avatars.Trained;
using Talkie.Vision;

namespace Talkie.Avatars;

/// <summary>Registers the presenters.</summary>
public static class AvatarsServiceCollectionExtensions
{
    /// <summary>Adds the stock catalog, photo avatars and trained avatars (with the face component), with <see cref="PhotoAvatarOptions"/> bound to <c>Talkie:Avatars:Photo</c> and <see cref="TrainedAvatarOptions"/> to <c>Talkie:Avatars:Trained</c>.</summary>
    public static IServiceCollection AddTalkieAvatars(this IServiceCollection services)
    {
        services.AddTalkieVision();
        services.AddOptions<PhotoAvatarOptions>()
            .BindConfiguration(PhotoAvatarOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<TrainedAvatarOptions>()
            .BindConfiguration(TrainedAvatarOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<AvatarStore>();
        services.TryAddSingleton<AvatarTrainer>();
        services.TryAddSingleton<FootageResync>();
        services.TryAddSingleton<AvatarCatalog>();
        services.TryAddSingleton<PhotoAnalyzer>();
        services.TryAddSingleton<PhotoAvatarFactory>();
        return services;
    }
}
