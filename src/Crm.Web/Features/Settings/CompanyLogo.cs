using Crm.Web.Infrastructure;

namespace Crm.Web.Features.Settings;

/// <summary>
/// The company's logo, shown in the menu bar beside its name: one raster image in the data folder's branding directory.
/// Its type is read from its first bytes, never from its name or the browser's word; SVG is refused (it can carry
/// script), so the file is always served as the image type its content proved.
/// </summary>
public sealed class CompanyLogo(DataPaths paths)
{
    public const int MaxBytes = 512 * 1024;

    private static readonly (string Extension, string ContentType)[] Types = [("png", "image/png"), ("jpg", "image/jpeg"), ("webp", "image/webp")];

    private string Directory => Path.Combine(paths.Root, "branding");

    /// <summary>The stored logo's path, content type and a version that changes with it; null, none.</summary>
    public (string Path, string ContentType, long Version)? Find()
    {
        foreach (var (extension, contentType) in Types)
        {
            var path = Path.Combine(Directory, "logo." + extension);
            if (File.Exists(path))
            {
                return (path, contentType, File.GetLastWriteTimeUtc(path).Ticks);
            }
        }

        return null;
    }

    /// <summary>What kind of the accepted images the bytes are, by their signature; null, none of them.</summary>
    public static string? ExtensionOf(ReadOnlySpan<byte> head) =>
        head.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "png"
        : head.StartsWith((byte[])[0xFF, 0xD8, 0xFF]) ? "jpg"
        : head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? "webp"
        : null;

    public enum Refusal
    {
        None,
        Empty,
        TooLarge,
        NotAnImage,
    }

    /// <summary>Keeps the upload as the logo, replacing the previous one, when it is a PNG, JPEG or WebP image under the size limit.</summary>
    public async Task<Refusal> SaveAsync(Stream content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return Refusal.TooLarge;
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return Refusal.Empty;
        }

        if (ExtensionOf(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is not { } extension)
        {
            return Refusal.NotAnImage;
        }

        System.IO.Directory.CreateDirectory(Directory);
        var temporary = Path.Combine(Directory, $"logo-{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(temporary, buffer.ToArray(), ct);
        Remove();
        File.Move(temporary, Path.Combine(Directory, "logo." + extension), overwrite: true);
        return Refusal.None;
    }

    public void Remove()
    {
        foreach (var (extension, _) in Types)
        {
            File.Delete(Path.Combine(Directory, "logo." + extension));
        }
    }
}
