using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace Talkie.Vision.Mesh;

/// <summary>
/// The face mesh's triangles: which three of the 468 points make each face of the surface. The mesh
/// is closed over the eyes and the mouth, so a warp of the points moves every pixel of the face.
/// Read from MediaPipe's geometry pipeline metadata (set-up extracts it beside the models).
/// </summary>
public sealed class FaceMeshTopology
{
    private const string FileName = "geometry_pipeline_metadata_landmarks.binarypb";

    /// <summary>Reads the triangles from the configured MediaPipe folder.</summary>
    public FaceMeshTopology(IOptions<VisionOptions> options)
        : this(Path.Combine((options ?? throw new ArgumentNullException(nameof(options))).Value.MediaPipeDirectory, FileName))
    {
    }

    /// <summary>Reads the triangles from a geometry metadata file.</summary>
    /// <exception cref="VisionSetupException">The file is missing or not MediaPipe's geometry metadata.</exception>
    public FaceMeshTopology(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            throw new VisionSetupException($"the MediaPipe face geometry {path} is missing; run scripts/setup.sh (it extracts it from the npm package @mediapipe/face_mesh)");
        }

        try
        {
            Triangles = ReadTriangles(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new VisionSetupException($"{path} is not MediaPipe's face geometry ({e.Message}); delete it and run scripts/setup.sh again", e);
        }

        if (Triangles.Count == 0 || Triangles.Any(t => t.A >= PointCount || t.B >= PointCount || t.C >= PointCount))
        {
            throw new VisionSetupException($"{path} does not describe the 468-point face mesh; delete it and run scripts/setup.sh again");
        }
    }

    /// <summary>Gets the number of mesh points the triangles index.</summary>
    public static int PointCount => 468;

    /// <summary>Gets the triangles (indices into the mesh's points).</summary>
    public IReadOnlyList<(int A, int B, int C)> Triangles { get; }

    // GeometryPipelineMetadata (face_geometry/protos): field 1 is the canonical Mesh3d, whose field 4
    // is the index buffer (triangle list). Other fields are skipped.
    private static List<(int A, int B, int C)> ReadTriangles(byte[] bytes)
    {
        var indices = new List<int>();
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                var mesh = new CodedInputStream(input.ReadBytes().ToByteArray());
                uint inner;
                while ((inner = mesh.ReadTag()) != 0)
                {
                    if (WireFormat.GetTagFieldNumber(inner) != 4)
                    {
                        mesh.SkipLastField();
                    }
                    else if (WireFormat.GetTagWireType(inner) == WireFormat.WireType.LengthDelimited)
                    {
                        // A packed index buffer.
                        var packed = new CodedInputStream(mesh.ReadBytes().ToByteArray());
                        while (!packed.IsAtEnd)
                        {
                            indices.Add((int)packed.ReadUInt32());
                        }
                    }
                    else
                    {
                        indices.Add((int)mesh.ReadUInt32());
                    }
                }
            }
            else
            {
                input.SkipLastField();
            }
        }

        var triangles = new List<(int A, int B, int C)>(indices.Count / 3);
        for (var i = 0; i + 2 < indices.Count; i += 3)
        {
            triangles.Add((indices[i], indices[i + 1], indices[i + 2]));
        }

        return triangles;
    }
}
