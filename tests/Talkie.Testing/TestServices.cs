using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Talkie.Composition;
using Talkie.Localization;
using Talkie.Vision;

namespace Talkie.Testing;

/// <summary>The real services (real ffmpeg, espeak-ng, festival), wired as the CLI wires them.</summary>
public static class TestServices
{
    private static readonly Lazy<ServiceProvider> Shared = new(() => Build());

    /// <summary>Gets one provider shared by the tests of a process.</summary>
    public static IServiceProvider Provider => Shared.Value;

    /// <summary>Gets a service from the shared provider.</summary>
    public static T Get<T>()
        where T : notnull => Provider.GetRequiredService<T>();

    /// <summary>Builds a provider with extra settings (e.g. a wrong ffmpeg path).</summary>
    public static ServiceProvider Build(IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddTalkieComposition();
        services.AddTalkieLocalization();
        services.AddTalkieVision();
        return services.BuildServiceProvider();
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("talkie-test-").FullName;

    /// <summary>Gets the folder.</summary>
    public string Path { get; }

    /// <summary>Returns a path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
