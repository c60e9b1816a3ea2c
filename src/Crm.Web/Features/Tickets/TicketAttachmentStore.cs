using System.Text;
using Crm.Web.Infrastructure;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Tickets;

/// <summary>The "Tickets" configuration section.</summary>
public sealed class TicketOptions
{
    public const string Section = "Tickets";

    /// <summary>Largest attachment accepted, in bytes (default 10 MB).</summary>
    public long MaxAttachmentBytes { get; set; } = 10L * 1024 * 1024;
}

/// <summary>What storing an upload gave: the attachment to add to a message, or why it was refused.</summary>
public sealed record AttachmentCheck(TicketAttachment? Attachment, string? Error)
{
    public bool Accepted => Attachment is not null;
}

/// <summary>
/// Keeps the files sent with ticket messages (uploads and mail in) under {DataDirectory}/attachments with generated
/// names. A file is accepted only when its content is of a kind we allow and agrees with its name: the first bytes
/// decide, never the name or the type a browser claims, so an executable renamed ".pdf" is refused. The content type
/// stored is the one the content shows.
/// </summary>
public sealed class TicketAttachmentStore(DataPaths paths, IOptions<TicketOptions> options, IStringLocalizer<SharedResource> l)
{
    /// <summary>How many leading bytes the type is read from (and a text file checked for binary content).</summary>
    private const int SniffLength = 8192;

    private static readonly Dictionary<string, string> TextTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain",
        [".log"] = "text/plain",
        [".csv"] = "text/csv",
        [".eml"] = "message/rfc822",
    };

    private static readonly Dictionary<string, string> ZipTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".zip"] = "application/zip",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".odt"] = "application/vnd.oasis.opendocument.text",
        [".ods"] = "application/vnd.oasis.opendocument.spreadsheet",
    };

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>The extensions accepted, as the upload field's hint lists them.</summary>
    public static readonly IReadOnlyList<string> Extensions =
        [".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", .. TextTypes.Keys, .. ZipTypes.Keys];

    public long MaxBytes => options.Value.MaxAttachmentBytes;

    public async Task<AttachmentCheck> StoreAsync(Stream content, string fileName, CancellationToken ct)
    {
        var name = CleanName(fileName);
        if (name.Length == 0)
        {
            return Refused(l["The file has no name."]);
        }

        Directory.CreateDirectory(paths.Attachments);
        var stored = Guid.NewGuid().ToString("N");
        var path = Path.Combine(paths.Attachments, stored);
        long size = 0;
        var head = new byte[SniffLength];
        var headLength = 0;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > MaxBytes)
                    {
                        file.Close();
                        File.Delete(path);
                        return Refused(l["\"{0}\" is larger than {1} MB.", name, MaxBytes / (1024 * 1024)]);
                    }

                    if (headLength < SniffLength)
                    {
                        var take = Math.Min(read, SniffLength - headLength);
                        Array.Copy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            var type = size == 0 ? null : TypeOf(head.AsSpan(0, headLength), Path.GetExtension(name));
            if (type is null)
            {
                File.Delete(path);
                return Refused(size == 0
                    ? l["\"{0}\" is empty.", name]
                    : l["\"{0}\" is not a file type we accept, or its content does not match its name. Accepted: {1}.", name, string.Join(", ", Extensions)]);
            }

            return new AttachmentCheck(new TicketAttachment { FileName = name, ContentType = type, Size = size, StoredName = stored }, null);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The stored file, for a download that the caller has already allowed.</summary>
    public Stream OpenRead(TicketAttachment attachment) =>
        new FileStream(PathOf(attachment.StoredName), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    /// <summary>Removes stored files that no message refers to (an upload refused with the rest of its form).</summary>
    public void Discard(IEnumerable<TicketAttachment> attachments)
    {
        foreach (var attachment in attachments)
        {
            File.Delete(PathOf(attachment.StoredName));
        }
    }

    /// <summary>Where a stored attachment lives; refuses any name the store did not make.</summary>
    public string PathOf(string storedName) =>
        storedName.Length == 32 && storedName.All(char.IsAsciiHexDigitLower)
            ? Path.Combine(paths.Attachments, storedName)
            : throw new ArgumentException("Not a stored attachment name.", nameof(storedName));

    /// <summary>The content type the bytes show, when it is one we accept and agrees with the extension; else null.</summary>
    public static string? TypeOf(ReadOnlySpan<byte> head, string extension)
    {
        extension = extension.ToLowerInvariant();
        if (head.StartsWith("%PDF-"u8))
        {
            return extension == ".pdf" ? "application/pdf" : null;
        }

        if (head.StartsWith(Png))
        {
            return extension == ".png" ? "image/png" : null;
        }

        if (head.StartsWith(Jpeg))
        {
            return extension is ".jpg" or ".jpeg" ? "image/jpeg" : null;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return extension == ".gif" ? "image/gif" : null;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return extension == ".webp" ? "image/webp" : null;
        }

        if (head.StartsWith(Zip))
        {
            return ZipTypes.TryGetValue(extension, out var zipType) ? zipType : null;
        }

        return TextTypes.TryGetValue(extension, out var textType) && IsText(head) ? textType : null;
    }

    /// <summary>Text: valid UTF-8 (a sequence cut at the sniff's end allowed) without control bytes other than tab, CR, LF, FF.</summary>
    private static bool IsText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C))
            {
                return false;
            }
        }

        var decoder = new UTF8Encoding(false, true).GetDecoder();
        try
        {
            var chars = new char[head.Length];
            decoder.GetChars(head, chars, flush: false);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The uploaded name without any folder, control characters or quotes, at most the column's length.</summary>
    public static string CleanName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/')).Trim();
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '/')).ToArray());
        if (name.Length <= TicketAttachment.MaxFileNameLength)
        {
            return name;
        }

        var extension = Path.GetExtension(name);
        return name[..(TicketAttachment.MaxFileNameLength - extension.Length)] + extension;
    }

    private static AttachmentCheck Refused(string message) => new(null, message);
}
