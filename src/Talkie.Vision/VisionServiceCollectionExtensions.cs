using Microsoft.Extensions.DependencyInjection;
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
        services.AddSingleton<DlibLandmarkEngine>();
        services.AddSingleton<FaceMeshEngine>();
        services.AddSingleton<BlazeFaceDetector>();
        services.AddSingleton<HaarFaceDetector>();
        services.AddSingleton<FaceDetector>();
        services.AddSingleton<FaceAnalyzer>();
        return services;
    }
}
