using System.Diagnostics;
using System.Globalization;
using Talkie.Media;

namespace Talkie.Vision.Tests;

/// <summary>
/// dlib itself: Reference/dlib_landmarks.cpp built against Debian's libdlib-dev by
/// <c>scripts/setup.sh --test</c>, fed the same RGB pixels and box as our reader.
/// </summary>
internal static class DlibReference
{
    public static string Binary
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, ".build", "dlib-reference", "dlib_landmarks");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("the dlib reference program is not built; run scripts/setup.sh --test (./talkie test does)");
        }
    }

    /// <summary>Returns dlib's 68 points (integers, as dlib rounds them) for each image and box.</summary>
    public static async Task<List<double[]>> PredictAsync(string model, IReadOnlyList<(VideoFrame Image, FaceBox Box)> requests)
    {
        var start = new ProcessStartInfo(Binary, [model]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var reading = Task.Run(async () =>
        {
            var lines = new List<double[]>();
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lines.Add(line.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
            }

            return lines;
        });
        var stdin = process.StandardInput.BaseStream;
        foreach (var (image, box) in requests)
        {
            var header = FormattableString.Invariant($"{image.Width} {image.Height} {box.X:0} {box.Y:0} {box.Width:0} {box.Height:0}\n");
            await stdin.WriteAsync(System.Text.Encoding.ASCII.GetBytes(header));
            var rgb = new byte[image.Width * image.Height * 3];
            var pixels = image.Pixels;
            for (int i = 0, j = 0; i < image.Width * image.Height; i++)
            {
                rgb[j++] = pixels[4 * i];
                rgb[j++] = pixels[(4 * i) + 1];
                rgb[j++] = pixels[(4 * i) + 2];
            }

            await stdin.WriteAsync(rgb);
        }

        stdin.Close();
        var result = await reading;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return result;
    }
}
