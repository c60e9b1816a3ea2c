using System.Globalization;
using CsvHelper;
using Crm.Web.Infrastructure.Export;

namespace Crm.Web.Features.Imports;

/// <summary>One data row of the source: its number as the user sees it (the row in Excel, the line of BEGIN:VCARD) and its cells.</summary>
public sealed record SourceRow(int Number, string[] Values)
{
    /// <summary>The trimmed value; a quote that protected a formula-leading value (<c>'+33 6 …</c>) is dropped.</summary>
    public string? Cell(int column) =>
        column < Values.Length && !string.IsNullOrWhiteSpace(Values[column]) ? SpreadsheetSafe.Unquote(Values[column].Trim()) : null;
}

/// <summary>How the uploaded file is read, as recorded on the job, and the limits it is read within.</summary>
public sealed record SourceFormat(ImportFileKind Kind, string Path, string? Encoding, char Separator)
{
    public ImportLimits Limits { get; init; } = ImportLimits.Default;

    /// <summary>The format of a stored upload; the kind is read again from the file's first bytes.</summary>
    public static SourceFormat Of(ImportJob job, string path, ImportLimits limits) =>
        new(ImportFileKinds.Detect(path), path, job.Encoding, job.Separator is { Length: 1 } s ? s[0] : ',') { Limits = limits };
}

/// <summary>The uploaded file as a table: a header row, then data rows streamed one at a time.</summary>
public static class ImportTable
{
    /// <summary>Column headers a vCard file is presented with, so it goes through the same mapping as a CSV file.</summary>
    public static readonly string[] VCardHeaders =
        ["First Name", "Last Name", "Email", "Phone", "Mobile", "Company", "Job Title", "Tags", "Civility", "Language", "Notes", "Street", "Address line 2", "Postal Code", "City", "Country"];

    /// <summary>Looks at an uploaded file: its kind, encoding and separator. Throws <see cref="ImportFileException"/> with a message for the user.</summary>
    public static SourceFormat Sniff(string path, Func<string, string> l, ImportLimits? limits = null)
    {
        limits ??= ImportLimits.Default;
        if (new FileInfo(path).Length == 0)
        {
            throw new ImportFileException(l("The file is empty."));
        }

        var kind = ImportFileKinds.Detect(path);
        switch (kind)
        {
            case ImportFileKind.Unknown:
                throw new ImportFileException(l("This file is neither a CSV text file, an Excel workbook (.xlsx) nor a vCard file (.vcf)."));
            case ImportFileKind.Xlsx:
                return new SourceFormat(kind, path, null, ',') { Limits = limits };
        }

        using var stream = File.OpenRead(path);
        var encoding = CsvSniffer.DetectEncoding(stream)
            ?? throw new ImportFileException(l("This file is neither a CSV text file, an Excel workbook (.xlsx) nor a vCard file (.vcf)."));
        if (kind == ImportFileKind.VCard)
        {
            return new SourceFormat(kind, path, encoding.WebName, ',') { Limits = limits };
        }

        stream.Position = 0;
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[64 * 1024];
        var length = reader.ReadBlock(buffer, 0, buffer.Length);
        return new SourceFormat(kind, path, encoding.WebName, CsvSniffer.DetectSeparator(new string(buffer, 0, length))) { Limits = limits };
    }

    /// <summary>The header row; throws <see cref="ImportFileException"/> when there is none.</summary>
    public static IReadOnlyList<string> Headers(SourceFormat format, Func<string, string> l, CancellationToken ct = default)
    {
        using var rows = Open(format, l, ct).GetEnumerator();
        return rows.MoveNext() ? rows.Current.Values : throw new ImportFileException(l("The file has no header row."));
    }

    /// <summary>Every data row after the header, blank rows left out.</summary>
    public static IEnumerable<SourceRow> DataRows(SourceFormat format, Func<string, string> l, CancellationToken ct = default) => Open(format, l, ct).Skip(1);

    /// <summary>
    /// Reads the whole file once, within its limits: counts the data rows and finds any malformed or oversized part before
    /// anything is written. Returns the count and the headers.
    /// </summary>
    public static (int Rows, IReadOnlyList<string> Headers) CheckAndCount(SourceFormat format, Func<string, string> l, CancellationToken ct = default)
    {
        if (format.Kind == ImportFileKind.Csv)
        {
            CsvShape.Check(format, l, ct);
        }

        using var rows = Open(format, l, ct).GetEnumerator();
        if (!rows.MoveNext() || rows.Current.Values.All(string.IsNullOrWhiteSpace))
        {
            throw new ImportFileException(l("The file has no header row."));
        }

        var headers = rows.Current.Values;
        var count = 0;
        while (rows.MoveNext())
        {
            if (++count > format.Limits.MaxRows)
            {
                throw new ImportFileException(string.Format(CultureInfo.CurrentCulture,
                    l("The file has more than {0:N0} rows: split it into smaller files."), format.Limits.MaxRows));
            }
        }

        return count == 0 ? throw new ImportFileException(l("The file has a header row but no data.")) : (count, headers);
    }

    /// <summary>All rows including the header (row 1).</summary>
    private static IEnumerable<SourceRow> Open(SourceFormat format, Func<string, string> l, CancellationToken ct) => format.Kind switch
    {
        ImportFileKind.Csv => ReadCsv(format, l, ct),
        ImportFileKind.Xlsx => ReadXlsx(format, l, ct),
        ImportFileKind.VCard => ReadVCard(format, l, ct),
        _ => throw new ImportFileException(l("This file is neither a CSV text file, an Excel workbook (.xlsx) nor a vCard file (.vcf).")),
    };

    /// <summary>Refuses a row with a value longer than the limit, for the readers that cannot tell while reading.</summary>
    private static SourceRow Checked(SourceRow row, ImportLimits limits, Func<string, string> l)
    {
        if (row.Values.Length > limits.MaxColumns && row.Values.Skip(limits.MaxColumns).Any(v => !string.IsNullOrWhiteSpace(v)))
        {
            throw new ImportFileException(string.Format(CultureInfo.CurrentCulture, l("Line {0} has more than {1} columns."), row.Number, limits.MaxColumns));
        }

        return row.Values.Any(v => v.Length > limits.MaxCellLength)
            ? throw new ImportFileException(string.Format(CultureInfo.CurrentCulture, l("Line {0}: a value is longer than {1:N0} characters."), row.Number, limits.MaxCellLength))
            : row;
    }

    private static IEnumerable<SourceRow> ReadCsv(SourceFormat format, Func<string, string> l, CancellationToken ct)
    {
        var options = new CsvReaderOptions
        {
            Separator = format.Separator,
            HasHeader = false,
            Encoding = ImportFileKinds.TextEncoding(format.Encoding),
            // Blank lines are rows in Excel too: counting them keeps row numbers the ones the user sees.
            SkipEmptyLines = false,
            MalformedData = CsvMalformedDataHandling.Throw,
            // A backstop: CsvShape has already refused longer values and lines with a message that says which. A record
            // holds at most MaxColumns values of MaxCellLength characters, each up to 3 bytes of UTF-8 with its quotes.
            MaxRecordSize = (int)Math.Min(int.MaxValue / 4, Math.Max(1024 * 1024, 3L * format.Limits.MaxColumns * (format.Limits.MaxCellLength + 3))),
        };

        using var reader = CsvReader.Create(File.OpenRead(format.Path), options, false);
        while (Read(reader, l))
        {
            ct.ThrowIfCancellationRequested();
            if (reader.FieldCount > format.Limits.MaxColumns)
            {
                // The columns past the limit are not copied: a few KB of separators would otherwise make as many strings.
                for (var i = format.Limits.MaxColumns; i < reader.FieldCount; i++)
                {
                    if (!reader.GetSpan(i).Trim(" \t"u8).IsEmpty)
                    {
                        throw new ImportFileException(string.Format(CultureInfo.CurrentCulture, l("Line {0} has more than {1} columns."), reader.RowNumber, format.Limits.MaxColumns));
                    }
                }
            }

            var values = new string[Math.Min(reader.FieldCount, format.Limits.MaxColumns)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.GetString(i);
            }

            if (values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            yield return Checked(new SourceRow((int)reader.RowNumber, values), format.Limits, l);
        }
    }

    private static bool Read(CsvReader reader, Func<string, string> l)
    {
        try
        {
            return reader.Read();
        }
        catch (CsvFormatException e)
        {
            throw new ImportFileException(string.Format(CultureInfo.CurrentCulture,
                l("The file is malformed near row {0}: a quote (\") is not closed or is misplaced."), Math.Max(1, e.RecordNumber)));
        }
    }

    private static IEnumerable<SourceRow> ReadXlsx(SourceFormat format, Func<string, string> l, CancellationToken ct)
    {
        IEnumerator<SourceRow> rows;
        try
        {
            rows = XlsxSheetReader.Read(format.Path, format.Limits, l, ct).GetEnumerator();
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw new ImportFileException(l("The Excel workbook cannot be read; it may be damaged. Save it again from Excel and retry."));
        }

        using (rows)
        {
            while (true)
            {
                try
                {
                    if (!rows.MoveNext())
                    {
                        yield break;
                    }
                }
                catch (Exception e) when (IsDamage(e))
                {
                    throw new ImportFileException(l("The Excel workbook cannot be read; it may be damaged. Save it again from Excel and retry."));
                }

                yield return rows.Current;
            }
        }
    }

    private static bool IsDamage(Exception e) => e is System.Xml.XmlException or InvalidDataException or IOException or FormatException or OverflowException;

    /// <summary>A cell's value as text, the same whichever reader gave it.</summary>
    internal static string CellText(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        // Phone numbers, SIRET and postal codes are often stored as numbers: write them without exponent or decimals.
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e16 => ((long)d).ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static IEnumerable<SourceRow> ReadVCard(SourceFormat format, Func<string, string> l, CancellationToken ct)
    {
        yield return new SourceRow(0, VCardHeaders);
        using var reader = new StreamReader(format.Path, ImportFileKinds.TextEncoding(format.Encoding), detectEncodingFromByteOrderMarks: true);
        using var cards = VCardReader.Read(reader, format.Limits.MaxLineLength).GetEnumerator();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                if (!cards.MoveNext())
                {
                    yield break;
                }
            }
            catch (VCardLineTooLongException e)
            {
                throw new ImportFileException(string.Format(CultureInfo.CurrentCulture, l("Line {0} is longer than {1:N0} characters."), e.Line, format.Limits.MaxLineLength));
            }

            var card = cards.Current;
            yield return Checked(new SourceRow(card.Line,
            [
                card.FirstName ?? string.Empty,
                card.LastName ?? string.Empty,
                string.Join("; ", card.Emails),
                string.Join("; ", card.Phones),
                string.Join("; ", card.Mobiles),
                card.Organization ?? string.Empty,
                card.Title ?? string.Empty,
                string.Join(", ", card.Categories),
                card.Civility ?? string.Empty,
                card.Language ?? string.Empty,
                card.Note ?? string.Empty,
                card.Street ?? string.Empty,
                card.Street2 ?? string.Empty,
                card.PostalCode ?? string.Empty,
                card.City ?? string.Empty,
                card.Country ?? string.Empty,
            ]), format.Limits, l);
        }
    }
}
