using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SkiaSharp;
using Talkie.Avatars;
using Talkie.Composition;
using Talkie.Media;
using Talkie.Server.Data;
using Talkie.Server.Storage;
using Talkie.Speech.Visemes;

namespace Talkie.Server.Avatars;

/// <summary>Pictures for the studio's avatar gallery: a stock presenter drawn at rest, a photo avatar's portrait, a frame of a trained avatar's footage.</summary>
public sealed class ThumbnailService(AvatarCatalog catalog, BlobStore blobs, ToolRunner tools, IOptions<MediaOptions> media, IOptions<ServerOptions> options)
{
    private const int Size = 320;
    private readonly ConcurrentDictionary<string, byte[]> _stock = new(StringComparer.Ordinal);

    /// <summary>Returns a stock presenter as a PNG, drawn once.</summary>
    public byte[]? Stock(string id)
    {
        var avatar = catalog.Avatars.FirstOrDefault(a => a.Kind == "stock" && a.Id == id);
        return avatar is null ? null : _stock.GetOrAdd(id, _ => Draw(avatar));
    }

    /// <summary>Returns the path and type of a workspace avatar's picture, making it the first time for a trained one.</summary>
    public async Task<(string Path, string ContentType)?> OwnAsync(AvatarRecord avatar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(avatar);
        var source = blobs.PathOf(avatar.SourceBlob);
        if (avatar.Kind == "photo")
        {
            var head = new byte[ContentSniffer.HeadLength];
            await using (var file = File.OpenRead(source))
            {
                await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }

            return (source, ContentSniffer.Detect(head).ContentType);
        }

        var folder = Path.Combine(options.Value.DataDirectory, "cache", "thumbnails");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, avatar.SourceBlob + ".jpg");
        if (!File.Exists(path))
        {
            var temp = path + ".tmp.jpg";
            try
            {
                await tools.RunAsync(
                    new ToolCommand("ffmpeg", media.Value.FfmpegPath, ["-hide_banner", "-loglevel", "error", "-y", "-ss", "1", "-i", source, "-frames:v", "1", "-vf", $"scale={Size}:-2", temp])
                    {
                        OptionName = "Talkie:Media:FfmpegPath",
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ToolFailedException)
            {
                return null;
            }

            if (!File.Exists(temp))
            {
                return null;
            }

            File.Move(temp, path, overwrite: true);
        }

        return (path, "image/jpeg");
    }

    private static byte[] Draw(IAvatar avatar)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Size, Size, SKColorType.Bgra8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        // The scenes' own default backdrop, so a presenter looks in the gallery as in a video.
        var backdrop = (GradientBackdrop)Backdrop.Default;
        using (var paint = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, Size), [backdrop.Top, backdrop.Bottom], SKShaderTileMode.Clamp) })
        {
            canvas.DrawRect(0, 0, Size, Size, paint);
        }

        // At rest: no speech, the first frame of its idle motion.
        using var renderer = avatar.CreateRenderer(new AvatarPerformance(new VisemeTrack([], TimeSpan.FromSeconds(1)), [], []));
        renderer.Render(canvas, new SKRect(0, 0, Size, Size), TimeSpan.Zero);
        canvas.Flush();
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 90);
        return png.ToArray();
    }
}
