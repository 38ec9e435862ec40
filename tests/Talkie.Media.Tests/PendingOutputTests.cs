namespace Talkie.Media.Tests;

public sealed class PendingOutputTests
{
    [Fact]
    public void DisposeWithoutCommit_LeavesNothingAndKeepsTheOldFile()
    {
        using var temp = new Testing.TempDirectory();
        var target = temp.File("video.mp4");
        File.WriteAllText(target, "previous render");

        using (var pending = PendingOutput.Begin(target))
        {
            File.WriteAllText(pending.TemporaryPath, "half a video");
        }

        Assert.Equal("previous render", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Commit_ReplacesTheTarget()
    {
        using var temp = new Testing.TempDirectory();
        var target = temp.File("video.mp4");
        using (var pending = PendingOutput.Begin(target))
        {
            File.WriteAllText(pending.TemporaryPath, "new");
            pending.Commit();
        }

        Assert.Equal("new", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Theory]
    [InlineData("/nonexistent-folder/video.mp4", "does not exist")]
    [InlineData("/proc/video.mp4", "cannot write")]
    public void Begin_UnwritablePath_ThrowsNamingTheProblem(string path, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => PendingOutput.Begin(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Begin_Directory_Throws()
    {
        using var temp = new Testing.TempDirectory();
        var error = Assert.Throws<InvalidInputException>(() => PendingOutput.Begin(temp.Path));
        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
    }
}
