using System.ComponentModel.DataAnnotations;

namespace Talkie.Vision;

/// <summary>Settings of the face component: where its model files are and how it tracks.</summary>
public sealed class VisionOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Talkie:Vision";

    /// <summary>Gets or sets dlib's 68-point model (Debian package libdlib-data).</summary>
    [Required]
    public string DlibModelPath { get; set; } = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

    /// <summary>
    /// Gets or sets the folder with MediaPipe's <c>face_landmark.tflite</c>,
    /// <c>face_detection_short_range.tflite</c> and <c>geometry_pipeline_metadata_landmarks.binarypb</c>
    /// (the mesh's triangles), extracted by scripts/setup.sh from the npm package
    /// @mediapipe/face_mesh. Defaults to <c>$TALKIE_MODELS/mediapipe</c> or
    /// <c>~/.local/share/talkie/models/mediapipe</c>.
    /// </summary>
    [Required]
    public string MediaPipeDirectory { get; set; } = DefaultMediaPipeDirectory();

    /// <summary>Gets or sets OpenCV's frontal face Haar cascade (Debian package opencv-data), the fallback detector.</summary>
    [Required]
    public string HaarCascadePath { get; set; } = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    /// <summary>Gets or sets the engine used when none is asked for.</summary>
    public LandmarkEngineKind DefaultEngine { get; set; } = LandmarkEngineKind.Mesh;

    /// <summary>Gets or sets the smallest face (box side, pixels) that landmarks are placed on.</summary>
    [Range(8, 1000)]
    public int MinimumFaceSize { get; set; } = 40;

    /// <summary>Gets or sets how often (frames) the tracker runs the detector even when the face is held, to catch new faces.</summary>
    [Range(1, 1000)]
    public int RedetectInterval { get; set; } = 10;

    /// <summary>Gets or sets the most faces tracked at once in a video.</summary>
    [Range(1, 16)]
    public int MaxTrackedFaces { get; set; } = 4;

    /// <summary>Gets or sets the One Euro filter's minimum cut-off (Hz) on points that do not move with speech.</summary>
    [Range(0.001, 100)]
    public double SmoothingMinCutoff { get; set; } = 0.05;

    /// <summary>Gets or sets the One Euro filter's speed coefficient (per inter-ocular distance per second).</summary>
    [Range(0, 1000)]
    public double SmoothingBeta { get; set; } = 1;

    /// <summary>Gets or sets the One Euro filter's minimum cut-off (Hz) on the lips and jaw, which move with speech.</summary>
    [Range(0.001, 100)]
    public double MouthSmoothingMinCutoff { get; set; } = 3;

    private static string DefaultMediaPipeDirectory()
    {
        var models = Environment.GetEnvironmentVariable("TALKIE_MODELS");
        if (string.IsNullOrEmpty(models))
        {
            var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (string.IsNullOrEmpty(data))
            {
                data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            models = Path.Combine(data, "talkie", "models");
        }

        return Path.Combine(models, "mediapipe");
    }
}
