namespace Talkie.Vision;

/// <summary>The landmark engines.</summary>
public enum LandmarkEngineKind
{
    /// <summary>
    /// dlib's 68-point shape predictor (ensemble of regression trees). Upstream trained the model on
    /// iBUG 300-W, whose terms exclude commercial use.
    /// </summary>
    Dlib,

    /// <summary>MediaPipe's 468-point face mesh (Apache-2.0), with the BlazeFace detector.</summary>
    Mesh,
}

/// <summary>Helpers for <see cref="LandmarkEngineKind"/>.</summary>
public static class LandmarkEngineKinds
{
    /// <summary>Gets the name used on the command line and in JSON (<c>dlib</c>, <c>mesh</c>).</summary>
    public static string Name(this LandmarkEngineKind kind) => kind switch
    {
        LandmarkEngineKind.Dlib => "dlib",
        LandmarkEngineKind.Mesh => "mesh",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses an engine name.</summary>
    /// <exception cref="InvalidInputException">The name is not an engine.</exception>
    public static LandmarkEngineKind Parse(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "dlib" => LandmarkEngineKind.Dlib,
        "mesh" or "mediapipe" => LandmarkEngineKind.Mesh,
        _ => throw new InvalidInputException($"'{name}' is not a landmark engine; use dlib or mesh"),
    };
}
