using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Talkie.Media;
using Talkie.Vision.Dlib;
using Talkie.Vision.Mesh;

namespace Talkie.Vision;

/// <summary>Registers the face component.</summary>
public static class VisionServiceCollectionExtensions
{
    /// <summary>Adds the detectors, both landmark engines and the <see cref="FaceAnalyzer"/>, with <see cref="VisionOptions"/> bound to <c>Talkie:Vision</c>.</summary>
    public static IServiceCollection AddTalkieVision(this IServiceCollection services)
    {
        services.AddTalkieMedia();
        services.AddOptions<VisionOptions>()
            .BindConfiguration(VisionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<DlibLandmarkEngine>();
        services.TryAddSingleton<FaceMeshEngine>();
        services.TryAddSingleton<BlazeFaceDetector>();
        services.TryAddSingleton<HaarFaceDetector>();
        services.TryAddSingleton<FaceDetector>();
        services.TryAddSingleton<FaceAnalyzer>();
        services.TryAddSingleton<FaceMeshTopology>();
        return services;
    }
}
