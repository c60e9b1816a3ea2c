using System.Data;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using MiniExcelLibs.Attributes;

namespace Crm.Web.Infrastructure.Export;

/// <summary>
/// Writes rows to an .xlsx in a temporary file that deletes itself when the response has sent it. MiniExcel writes
/// row by row, so memory stays bounded whatever the row count; the file (not the response) takes the bytes so a
/// failure mid-way answers an error instead of a truncated download.
/// </summary>
public static class XlsxFile
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// Writes the rows, keyed by <see cref="ExportColumn.Property"/>, under the columns' headers; with no row, the header
    /// row alone (MiniExcel reads a dictionary row's columns from the first row, so an empty sheet gets them from a table).
    /// </summary>
    public static async Task<Stream> WriteAsync(IAsyncEnumerable<IDictionary<string, object?>> rows, string sheetName, IReadOnlyList<ExportColumn> columns, CancellationToken ct)
    {
        var enumerator = rows.GetAsyncEnumerator(ct);
        try
        {
            if (!await enumerator.MoveNextAsync())
            {
                using var headers = new DataTable();
                foreach (var column in columns)
                {
                    headers.Columns.Add(column.Property);
                }

                return await SaveAsync(headers, sheetName, columns, ct);
            }

            return await SaveAsync(Rest(enumerator), sheetName, columns, ct);
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }

    private static async IAsyncEnumerable<IDictionary<string, object?>> Rest(IAsyncEnumerator<IDictionary<string, object?>> started)
    {
        do
        {
            yield return started.Current;
        }
        while (await started.MoveNextAsync());
    }

    private static async Task<Stream> SaveAsync(object rows, string sheetName, IReadOnlyList<ExportColumn> columns, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"crm-export-{Guid.NewGuid():N}.xlsx");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        try
        {
            var configuration = new OpenXmlConfiguration
            {
                DynamicColumns = columns.Select((c, i) => new DynamicExcelColumn(c.Property) { Name = c.Header, Width = c.Width, Index = i, Format = c.Format }).ToArray(),
            };
            await MiniExcel.SaveAsAsync(file, rows, printHeader: true, sheetName: sheetName, excelType: ExcelType.XLSX, configuration: configuration, cancellationToken: ct);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}

/// <summary>A column of an export: the row property, its header in the user's language, its width and number format.</summary>
public sealed record ExportColumn(string Property, string Header, int Width = 18, string? Format = null);
