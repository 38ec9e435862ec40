using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace Talkie.Vision.Mesh;

/// <summary>Loads MediaPipe's TFLite files with OpenCV's DNN module.</summary>
internal static class MeshModels
{
    public static Net Load(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            throw new VisionSetupException(
                $"the MediaPipe model {path} is missing; run scripts/setup.sh (it extracts it from the npm package @mediapipe/face_mesh) or set Talkie:Vision:MediaPipeDirectory");
        }

        try
        {
            var net = CvDnn.ReadNet(path);
            net.SetPreferableBackend(Backend.OPENCV);
            net.SetPreferableTarget(Target.CPU);
            return net;
        }
        catch (OpenCVException e)
        {
            throw new VisionSetupException($"OpenCV could not load the MediaPipe model {path} ({e.Message}); delete it and run scripts/setup.sh again", e);
        }
    }
}
