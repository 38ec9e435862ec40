namespace Talkie.Vision;

/// <summary>How much work an engine spends placing the landmarks of one face.</summary>
public enum LandmarkPrecision
{
    /// <summary>
    /// As exactly as the engine can, for a still image or a first frame: the mesh averages its
    /// points over 25 crops shifted by up to 6% of their size (about 25 times the work of one
    /// pass), which halves its spread; dlib's trees give the same points either way.
    /// </summary>
    Still,

    /// <summary>One pass, for frames that follow each other (the tracker smooths over time instead).</summary>
    Tracking,
}
