using System.Globalization;
using CsvHelper;
using MiniExcelLibs;

namespace Crm.Web.Features.Imports;

/// <summary>One data row of the source: its number as the user sees it (the row in Excel, the line of BEGIN:VCARD) and its cells.</summary>
public sealed record SourceRow(int Number, string[] Values)
{
    public string? Cell(int column) =>
        column < Values.Length && !string.IsNullOrWhiteSpace(Values[column]) ? Values[column].Trim() : null;
}

/// <summary>How the uploaded file is read, as recorded on the job.</summary>
public sealed record SourceFormat(ImportFileKind Kind, string Path, string? Encoding, char Separator)
{
    /// <summary>The format of a stored upload; the kind is read again from the file's first bytes.</summary>
    public static SourceFormat Of(ImportJob job, string path) =>
        new(ImportFileKinds.Detect(path), path, job.Encoding, job.Separator is { Length: 1 } s ? s[0] : ',');
}

/// <summary>The uploaded file as a table: a header row, then data rows streamed one at a time.</summary>
public static class ImportTable
{
    /// <summary>Column headers a vCard file is presented with, so it goes through the same mapping as a CSV file.</summary>
    public static readonly string[] VCardHeaders = ["First Name", "Last Name", "Email", "Phone", "Mobile", "Company", "Job Title", "Tags"];

    /// <summary>Looks at an uploaded file: its kind, encoding and separator. Throws <see cref="ImportFileException"/> with a message for the user.</summary>
    public static SourceFormat Sniff(string path, Func<string, string> l)
    {
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
                return new SourceFormat(kind, path, null, ',');
        }

        using var stream = File.OpenRead(path);
        var encoding = CsvSniffer.DetectEncoding(stream)
            ?? throw new ImportFileException(l("This file is neither a CSV text file, an Excel workbook (.xlsx) nor a vCard file (.vcf)."));
        if (kind == ImportFileKind.VCard)
        {
            return new SourceFormat(kind, path, encoding.WebName, ',');
        }

        stream.Position = 0;
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[64 * 1024];
        var length = reader.ReadBlock(buffer, 0, buffer.Length);
        return new SourceFormat(kind, path, encoding.WebName, CsvSniffer.DetectSeparator(new string(buffer, 0, length)));
    }

    /// <summary>The header row; throws <see cref="ImportFileException"/> when there is none.</summary>
    public static IReadOnlyList<string> Headers(SourceFormat format, Func<string, string> l)
    {
        using var rows = Open(format, l).GetEnumerator();
        return rows.MoveNext() ? rows.Current.Values : throw new ImportFileException(l("The file has no header row."));
    }

    /// <summary>Every data row after the header, blank rows left out.</summary>
    public static IEnumerable<SourceRow> DataRows(SourceFormat format, Func<string, string> l) => Open(format, l).Skip(1);

    /// <summary>Reads the whole file once: counts the data rows and finds any malformed part before anything is written.</summary>
    public static int CheckAndCount(SourceFormat format, Func<string, string> l)
    {
        var headers = Headers(format, l);
        if (headers.All(string.IsNullOrWhiteSpace))
        {
            throw new ImportFileException(l("The file has no header row."));
        }

        var count = DataRows(format, l).Count();
        return count == 0 ? throw new ImportFileException(l("The file has a header row but no data.")) : count;
    }

    /// <summary>All rows including the header (row 1).</summary>
    private static IEnumerable<SourceRow> Open(SourceFormat format, Func<string, string> l) => format.Kind switch
    {
        ImportFileKind.Csv => ReadCsv(format, l),
        ImportFileKind.Xlsx => ReadXlsx(format, l),
        ImportFileKind.VCard => ReadVCard(format, l),
        _ => throw new ImportFileException(l("This file is neither a CSV text file, an Excel workbook (.xlsx) nor a vCard file (.vcf).")),
    };

    private static IEnumerable<SourceRow> ReadCsv(SourceFormat format, Func<string, string> l)
    {
        var options = new CsvReaderOptions
        {
            Separator = format.Separator,
            HasHeader = false,
            Encoding = ImportFileKinds.TextEncoding(format.Encoding),
            // Blank lines are rows in Excel too: counting them keeps row numbers the ones the user sees.
            SkipEmptyLines = false,
            MalformedData = CsvMalformedDataHandling.Throw,
            MaxRecordSize = 1024 * 1024,
        };

        using var reader = CsvReader.Create(File.OpenRead(format.Path), options, false);
        while (Read(reader, l))
        {
            var values = reader.Current.ToArray();
            if (values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            yield return new SourceRow((int)reader.RowNumber, values);
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

    private static IEnumerable<SourceRow> ReadXlsx(SourceFormat format, Func<string, string> l)
    {
        IEnumerator<dynamic> rows;
        try
        {
            rows = MiniExcel.Query(format.Path, useHeaderRow: false, excelType: ExcelType.XLSX).GetEnumerator();
        }
        catch (Exception e) when (e is not ImportFileException)
        {
            throw new ImportFileException(l("The Excel workbook cannot be read; it may be damaged. Save it again from Excel and retry."));
        }

        using (rows)
        {
            var number = 0;
            while (true)
            {
                IDictionary<string, object?> cells;
                try
                {
                    if (!rows.MoveNext())
                    {
                        yield break;
                    }

                    cells = (IDictionary<string, object?>)rows.Current;
                }
                catch (Exception e) when (e is not ImportFileException)
                {
                    throw new ImportFileException(l("The Excel workbook cannot be read; it may be damaged. Save it again from Excel and retry."));
                }

                number++;
                var values = cells.Values.Select(CellText).ToArray();
                if (values.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                yield return new SourceRow(number, values);
            }
        }
    }

    private static string CellText(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        // Phone numbers, SIRET and postal codes are often stored as numbers: write them without exponent or decimals.
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e16 => ((long)d).ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static IEnumerable<SourceRow> ReadVCard(SourceFormat format, Func<string, string> l)
    {
        yield return new SourceRow(0, VCardHeaders);
        using var reader = new StreamReader(format.Path, ImportFileKinds.TextEncoding(format.Encoding), detectEncodingFromByteOrderMarks: true);
        foreach (var card in VCardReader.Read(reader))
        {
            yield return new SourceRow(card.Line,
            [
                card.FirstName ?? string.Empty,
                card.LastName ?? string.Empty,
                string.Join("; ", card.Emails),
                string.Join("; ", card.Phones),
                string.Join("; ", card.Mobiles),
                card.Organization ?? string.Empty,
                card.Title ?? string.Empty,
                string.Join(", ", card.Categories),
            ]);
        }
    }
}
