using System.IO.Compression;
using System.Text;

namespace Crm.Web.Features.Imports;

public enum ImportFileKind
{
    Unknown,
    Csv,
    Xlsx,
    VCard,
}

/// <summary>A file that cannot be imported, with a message for the user (already localised).</summary>
public sealed class ImportFileException(string message) : Exception(message);

/// <summary>What a file really is, judged by its content, never by its name.</summary>
public static class ImportFileKinds
{
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    public static ImportFileKind Detect(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[4];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read == 4 && head.AsSpan().SequenceEqual(ZipMagic))
        {
            stream.Position = 0;
            return IsWorkbook(stream) ? ImportFileKind.Xlsx : ImportFileKind.Unknown;
        }

        // Only the start is needed to tell a vCard from a CSV file; ASCII-compatible encodings all read "BEGIN:VCARD" alike.
        stream.Position = 0;
        var unicode = read >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF));
        using var reader = new StreamReader(stream, unicode ? Encoding.Unicode : Encoding.Latin1, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[1024];
        var length = reader.ReadBlock(buffer, 0, buffer.Length);
        var start = new string(buffer, 0, length).TrimStart('\uFEFF', '\u00EF', '\u00BB', '\u00BF', ' ', '\t', '\r', '\n');
        return start.StartsWith("BEGIN:VCARD", StringComparison.OrdinalIgnoreCase) ? ImportFileKind.VCard : ImportFileKind.Csv;
    }

    private static bool IsWorkbook(Stream stream)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            return zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry("xl/workbook.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The encoding recorded on the job by its web name ("utf-8", "windows-1252", "utf-16").</summary>
    public static Encoding TextEncoding(string? name) =>
        name is null || name == "utf-8" ? new UTF8Encoding(false)
        : name == CsvSniffer.Windows1252.WebName ? CsvSniffer.Windows1252
        : Encoding.GetEncoding(name);
}
