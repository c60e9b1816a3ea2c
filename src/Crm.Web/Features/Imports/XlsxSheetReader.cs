using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Crm.Web.Features.Imports;

/// <summary>
/// Reads the first sheet of an .xlsx as rows of text, streaming its XML. A general-purpose reader sizes every row to the
/// widest column of the sheet (one value in column XFD made each row 16,384 cells) and takes any cell or part whole, so
/// a few KB could cost minutes of CPU or gigabytes of memory. Here only the cells that are present are kept, the unzipped
/// sizes are checked against the central directory before reading and counted again while reading, and every value,
/// row and column is bounded by <see cref="ImportLimits"/>. Throws <see cref="ImportFileException"/> (or XML and zip
/// errors, which the caller reports as a damaged workbook).
/// </summary>
public static class XlsxSheetReader
{
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    // Small parts compress well and cost nothing; the ratio only tells a bomb among parts worth reading.
    private const long RatioCheckedFrom = 1024 * 1024;

    public static IEnumerable<SourceRow> Read(string path, ImportLimits limits, Func<string, string> l, CancellationToken ct)
    {
        using var file = File.OpenRead(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Read);
        var workbook = zip.GetEntry("xl/workbook.xml") ?? throw Damaged(l);
        var parts = Parts(zip, workbook, limits, l, ct);
        CheckSizes([workbook, parts.Sheet, parts.SharedStrings, parts.Styles], limits, l);

        var dates = parts.Styles is null ? [] : DateStyles(parts.Styles, limits, l, ct);
        var shared = parts.SharedStrings is null ? [] : SharedStrings(parts.SharedStrings, limits, l, ct);
        foreach (var row in Rows(parts.Sheet, shared, dates, limits, l, ct))
        {
            yield return row;
        }
    }

    private sealed record WorkbookParts(ZipArchiveEntry Sheet, ZipArchiveEntry? SharedStrings, ZipArchiveEntry? Styles);

    /// <summary>The first sheet, the shared strings and the styles, as the workbook's relationships name them.</summary>
    private static WorkbookParts Parts(ZipArchive zip, ZipArchiveEntry workbook, ImportLimits limits, Func<string, string> l, CancellationToken ct)
    {
        CheckSizes([workbook], limits, l);
        string? firstSheet = null;
        using (var reader = Xml(workbook, limits.MaxUnzippedBytes, limits, l, ct))
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet")
                {
                    firstSheet = reader.GetAttribute("id", Relationships);
                    break;
                }
            }
        }

        var targets = new Dictionary<string, (string Type, string Target)>(StringComparer.Ordinal);
        if (zip.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
        {
            CheckSizes([rels], limits, l);
            using var reader = Xml(rels, limits.MaxUnzippedBytes, limits, l, ct);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                    && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target)
                {
                    targets[id] = (reader.GetAttribute("Type") ?? string.Empty, target);
                }
            }
        }

        ZipArchiveEntry? Entry(string? target) => target is null ? null : zip.GetEntry(target.StartsWith('/') ? target[1..] : "xl/" + target);
        ZipArchiveEntry? OfType(string type, string fallback) =>
            Entry(targets.Values.FirstOrDefault(t => t.Type.EndsWith("/" + type, StringComparison.Ordinal)).Target) ?? zip.GetEntry(fallback);

        var sheet = (firstSheet is not null && targets.TryGetValue(firstSheet, out var s) ? Entry(s.Target) : null)
            ?? zip.GetEntry("xl/worksheets/sheet1.xml")
            ?? throw Damaged(l);
        return new WorkbookParts(sheet, OfType("sharedStrings", "xl/sharedStrings.xml"), OfType("styles", "xl/styles.xml"));
    }

    /// <summary>Refuses, from the central directory alone, parts that unzip beyond the limits or far more than any real workbook.</summary>
    private static void CheckSizes(IEnumerable<ZipArchiveEntry?> entries, ImportLimits limits, Func<string, string> l)
    {
        long total = 0;
        foreach (var entry in entries.OfType<ZipArchiveEntry>())
        {
            total += entry.Length;
            if (entry.Length >= RatioCheckedFrom && entry.Length / Math.Max(1, entry.CompressedLength) > limits.MaxCompressionRatio)
            {
                throw new ImportFileException(string.Format(CultureInfo.CurrentCulture,
                    l("The Excel workbook cannot be imported: a part of it grows more than {0} times when unzipped."), limits.MaxCompressionRatio));
            }
        }

        if (total > limits.MaxUnzippedBytes)
        {
            throw TooLarge(limits.MaxUnzippedBytes, l);
        }
    }

    private static XmlReader Xml(ZipArchiveEntry entry, long max, ImportLimits limits, Func<string, string> l, CancellationToken ct)
    {
        // A part may say it is small in the central directory and unzip to more: its bytes are counted as they come.
        // XmlReader holds a whole tag or text node in memory: no run of bytes between '<' and '>' may be longer than the
        // longest value written out (UTF-8 and entities take up to 6 bytes a character), plus room for a tag's attributes.
        var longestRun = (6L * limits.MaxCellLength) + (64 * 1024);
        var stream = new BoundedStream(entry.Open(), Math.Min(entry.Length, max), longestRun,
            () => entry.Length > max ? TooLarge(max, l) : Damaged(l), () => ValueTooLong(null, limits, l), ct);
        return XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
            MaxCharactersInDocument = Math.Max(limits.MaxUnzippedBytes, max),
        });
    }

    /// <summary>For each cell style (the "s" of a cell), whether its number format shows a date.</summary>
    private static bool[] DateStyles(ZipArchiveEntry styles, ImportLimits limits, Func<string, string> l, CancellationToken ct)
    {
        var custom = new Dictionary<int, bool>();
        var cellStyles = new List<bool>();
        using var reader = Xml(styles, limits.MaxUnzippedBytes, limits, l, ct);
        var inCellXfs = false;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "numFmt" when int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id):
                    custom[id] = IsDateFormat(reader.GetAttribute("formatCode") ?? string.Empty);
                    break;
                case "cellXfs":
                    inCellXfs = !reader.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    var format = int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0;
                    cellStyles.Add(custom.TryGetValue(format, out var isDate) ? isDate : IsBuiltInDate(format));
                    break;
            }
        }

        return [.. cellStyles];
    }

    private static bool IsBuiltInDate(int id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

    /// <summary>A format code shows a date or time when, outside quoted text, brackets and escapes, it has a date or time token.</summary>
    private static bool IsDateFormat(string code)
    {
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                continue;
            }
            else if (c == '\\' || c == '_' || c == '*')
            {
                i++;
            }
            else if (c == '[')
            {
                bracket = true;
            }
            else if (c == ']')
            {
                bracket = false;
            }
            else if (!bracket && "yYdDmMhHsS".Contains(c, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> SharedStrings(ZipArchiveEntry entry, ImportLimits limits, Func<string, string> l, CancellationToken ct)
    {
        if (entry.Length > limits.MaxSharedStringsBytes)
        {
            throw TooLarge(limits.MaxSharedStringsBytes, l);
        }

        var strings = new List<string>();
        var text = new Text(limits.MaxCellLength, () => ValueTooLong(null, limits, l));
        using var reader = Xml(entry, limits.MaxSharedStringsBytes, limits, l, ct);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                text.Value.Clear();
                ReadRichText(reader, text);
                strings.Add(text.Value.Length == 0 ? string.Empty : text.Value.ToString());
            }
        }

        return strings;
    }

    /// <summary>The text of an &lt;si&gt; or &lt;is&gt; element: its &lt;t&gt;, or the &lt;t&gt; of its runs, without phonetic hints.</summary>
    private static void ReadRichText(XmlReader reader, Text text)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        var depth = reader.Depth;
        reader.Read();
        while (reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh")
            {
                reader.Skip();
                continue;
            }

            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
            {
                ReadText(reader, text);
            }

            if (!reader.Read())
            {
                break;
            }
        }
    }

    /// <summary>Appends the text content of the current element, by chunks, refusing it beyond the longest value allowed.</summary>
    private static void ReadText(XmlReader reader, Text text)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                int read;
                while ((read = reader.ReadValueChunk(text.Buffer, 0, text.Buffer.Length)) > 0)
                {
                    if (text.Value.Length + read > text.Max)
                    {
                        throw text.TooLong();
                    }

                    text.Value.Append(text.Buffer, 0, read);
                }
            }
        }
    }

    /// <summary>The text being read, its limit and what to throw beyond it; one per part, so its buffers serve every cell.</summary>
    private sealed class Text(int max, Func<Exception> tooLong)
    {
        public StringBuilder Value { get; } = new();
        public char[] Buffer { get; } = new char[4096];
        public int Max => max;
        public Func<Exception> TooLong => tooLong;
    }

    private static IEnumerable<SourceRow> Rows(ZipArchiveEntry sheet, List<string> shared, bool[] dates, ImportLimits limits, Func<string, string> l, CancellationToken ct)
    {
        using var reader = Xml(sheet, limits.MaxUnzippedBytes, limits, l, ct);
        var number = 0;
        var cells = new List<(int Column, string Value)>();
        var text = new Text(limits.MaxCellLength, () => ValueTooLong(number, limits, l));
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
            {
                continue;
            }

            number = int.TryParse(reader.GetAttribute("r"), CultureInfo.InvariantCulture, out var r) && r > number ? r : number + 1;
            cells.Clear();
            if (reader.IsEmptyElement)
            {
                continue;
            }

            var depth = reader.Depth;
            var column = -1;
            while (reader.Read() && reader.Depth > depth)
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c")
                {
                    continue;
                }

                column = ColumnOf(reader.GetAttribute("r")) ?? column + 1;
                var type = reader.GetAttribute("t");
                var style = int.TryParse(reader.GetAttribute("s"), CultureInfo.InvariantCulture, out var s) ? s : 0;
                text.Value.Clear();
                var value = CellValue(reader, type, text) is { } raw ? Convert(raw, type, style < dates.Length && dates[style], shared, l) : null;
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                if (column >= limits.MaxColumns)
                {
                    throw new ImportFileException(string.Format(CultureInfo.CurrentCulture,
                        l("Row {0} has more than {1} columns (a value in column {2})."), number, limits.MaxColumns, ColumnName(column)));
                }

                cells.Add((column, value));
            }

            if (cells.Count == 0)
            {
                continue;
            }

            var values = new string[cells.Max(c => c.Column) + 1];
            Array.Fill(values, string.Empty);
            foreach (var (c, v) in cells)
            {
                values[c] = v;
            }

            yield return new SourceRow(number, values);
        }
    }

    /// <summary>The raw text of a cell: its &lt;v&gt;, or the text of its inline string; formulas are not read.</summary>
    private static string? CellValue(XmlReader reader, string? type, Text text)
    {
        if (reader.IsEmptyElement)
        {
            return null;
        }

        var depth = reader.Depth;
        var found = false;
        reader.Read();
        while (reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "v")
            {
                ReadText(reader, text);
                found = true;
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "is" && type == "inlineStr")
            {
                ReadRichText(reader, text);
                found = true;
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                reader.Skip();
                continue;
            }

            if (!reader.Read())
            {
                break;
            }
        }

        return found ? text.Value.ToString() : null;
    }

    private static string Convert(string raw, string? type, bool isDate, List<string> shared, Func<string, string> l)
    {
        switch (type)
        {
            case "s":
                return int.TryParse(raw, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < shared.Count ? shared[index] : throw Damaged(l);
            case "inlineStr" or "str" or "e":
                return raw;
            case "b":
                return raw.Trim() == "1" ? bool.TrueString : bool.FalseString;
            case "d":
                return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) ? ImportTable.CellText(iso) : raw;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return raw;
        }

        // Excel's serial dates run from 1900 to 9999.
        return isDate && number > -657435 && number < 2958466 ? ImportTable.CellText(DateTime.FromOADate(number)) : ImportTable.CellText(number);
    }

    /// <summary>The 0-based column of a reference such as "B12"; null when there is none.</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]) && i < 3; i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        }

        return i == 0 ? null : column - 1;
    }

    private static string ColumnName(int column)
    {
        var name = string.Empty;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static ImportFileException ValueTooLong(int? row, ImportLimits limits, Func<string, string> l) =>
        new(row is int r
            ? string.Format(CultureInfo.CurrentCulture, l("Row {0}: a value is longer than {1:N0} characters."), r, limits.MaxCellLength)
            : string.Format(CultureInfo.CurrentCulture, l("The Excel workbook holds a value longer than {0:N0} characters."), limits.MaxCellLength));

    private static ImportFileException TooLarge(long max, Func<string, string> l) =>
        new(string.Format(CultureInfo.CurrentCulture, l("The Excel workbook is too large once unzipped: the limit is {0} MB. Split it into smaller files."),
            Math.Round(max / 1024d / 1024d, 1)));

    private static ImportFileException Damaged(Func<string, string> l) =>
        new(l("The Excel workbook cannot be read; it may be damaged. Save it again from Excel and retry."));

    /// <summary>
    /// A read-only stream that refuses to give more than <paramref name="max"/> bytes or a run of more than
    /// <paramref name="longestRun"/> bytes without a '&lt;' or '&gt;', and stops when the request does.
    /// </summary>
    private sealed class BoundedStream(Stream inner, long max, long longestRun, Func<Exception> overflow, Func<Exception> runTooLong, CancellationToken ct) : Stream
    {
        private long _read;
        private long _run;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            ct.ThrowIfCancellationRequested();
            var read = inner.Read(buffer);
            _read += read;
            if (_read > max)
            {
                throw overflow();
            }

            for (var rest = (ReadOnlySpan<byte>)buffer[..read]; ;)
            {
                var bracket = rest.IndexOfAny((byte)'<', (byte)'>');
                if (bracket < 0)
                {
                    _run += rest.Length;
                    break;
                }

                if (_run + bracket > longestRun)
                {
                    throw runTooLong();
                }

                _run = 0;
                rest = rest[(bracket + 1)..];
            }

            return _run > longestRun ? throw runTooLong() : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
