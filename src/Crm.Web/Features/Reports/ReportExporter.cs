using System.Globalization;
using System.Runtime.CompilerServices;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Reports;

/// <summary>
/// A report as a workbook, for the export page and the scheduled delivery alike: the runner that handles the key is
/// asked for a table (the formatted <see cref="ReportWorkbook"/>), else for rows to stream (<see cref="XlsxFile"/> with
/// the same first sheet, formats, frozen header and autofilter), always as <c>user</c> (see <see cref="IReportRunner"/>).
/// </summary>
public sealed class ReportExporter(IEnumerable<IReportRunner> runners, ReportWorkbook workbook, IStringLocalizer<SharedResource> l)
{
    /// <summary>
    /// A report ready to write: its title and file name, and either its table or its rows (read once, while written).
    /// </summary>
    public sealed class Prepared
    {
        internal Prepared(string title, string fileName, ReportTable? table, Streamed? streamed)
        {
            Title = title;
            FileName = fileName;
            Table = table;
            Rows = streamed;
        }

        public string Title { get; }

        public string FileName { get; }

        public ReportTable? Table { get; }

        internal Streamed? Rows { get; }
    }

    internal sealed record Streamed(string SheetName, IReadOnlyList<ExportColumn> Columns, XlsxLayout Layout, IAsyncEnumerable<object?[]> Rows);

    public IReportRunner? RunnerFor(string? key) =>
        string.IsNullOrWhiteSpace(key) ? null : runners.FirstOrDefault(r => r.Handles(key));

    /// <summary>The report the key names as <paramref name="user"/> may read it; null when no runner knows it or it is not readable.</summary>
    public async Task<Prepared?> PrepareAsync(string? key, CrmUser user, ReportExport export, CancellationToken ct)
    {
        if (RunnerFor(key) is not { } runner)
        {
            return null;
        }

        if (await runner.RunAsync(key!, user, ct) is { } table)
        {
            return new Prepared(table.Title, FileName(table.Title, export), table, null);
        }

        if (await runner.StreamAsync(key!, user, ct) is not { } found)
        {
            return null;
        }

        var (title, columns, filters, rows) = found;
        var exportColumns = columns.Select(c => new ExportColumn(l[c.Header], Math.Min(ReportWorkbook.MaxWidth, Math.Max(c.Width, l[c.Header].Value.Length + 2)), ReportFormats.Of(c, export.CompanyCurrency, export.Culture))).ToArray();
        var layout = new XlsxLayout(Cover(title, filters, export), FrozenHeader: true, AutoFilter: true);
        return new Prepared(title, FileName(title, export), null, new Streamed(ReportWorkbook.SheetName(l["Data"]), exportColumns, layout, Local(rows, columns, export.Zone, CancellationToken.None)));
    }

    /// <summary>Writes the workbook to <paramref name="output"/> (a file for a delivery); a page sends it with <see cref="ReportExportController"/>.</summary>
    public async Task WriteAsync(Prepared report, ReportExport export, Stream output, CancellationToken ct)
    {
        if (report.Table is { } table)
        {
            // ClosedXML writes synchronously, and a zip needs to seek back: the table is small, so it goes through memory.
            using var memory = new MemoryStream();
            workbook.Write(table, export, memory);
            memory.Position = 0;
            await memory.CopyToAsync(output, ct);
            return;
        }

        var streamed = report.Rows!;
        await XlsxFile.WriteAsync(output, streamed.Rows, streamed.SheetName, streamed.Columns, streamed.Layout, ct);
    }

    /// <summary>The streamed workbook's first sheet: what <see cref="ReportWorkbook"/>'s says, as text lines.</summary>
    private XlsxCover Cover(string title, IReadOnlyList<ReportFilter> filters, ReportExport export)
    {
        var at = UserTime.ToLocal(export.ExportedAtUtc, export.Zone).ToString("g", export.Culture);
        List<XlsxLine> lines =
        [
            new(title, null),
            new(l["Exported by"], export.ExportedBy),
            new(l["Exported on"], at),
            new(l["Time zone"], export.Zone.Id),
            new(l["Filters"], filters.Count == 0 ? l["None: every record you may see."].Value : null),
            .. filters.Select(f => new XlsxLine(l[f.Name], f.Value)),
        ];
        return new XlsxCover(ReportWorkbook.SheetName(l["Report"]), lines);
    }

    /// <summary>The rows with their times (UTC, as the runner reads them) on the reader's clock.</summary>
    private static async IAsyncEnumerable<object?[]> Local(IAsyncEnumerable<object?[]> rows, IReadOnlyList<ReportColumn> columns, TimeZoneInfo zone, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var times = columns.Select((c, i) => (c, i)).Where(x => x.c.Type == ReportValueType.DateTime).Select(x => x.i).ToArray();
        await foreach (var row in rows.WithCancellation(ct))
        {
            foreach (var i in times)
            {
                if (i < row.Length && row[i] is DateTime { Kind: not DateTimeKind.Local } at)
                {
                    row[i] = UserTime.ToLocal(at, zone);
                }
            }

            yield return row;
        }
    }

    /// <summary>"Pipeline by stage 2026-12-03.xlsx": the title without what a file name or a header cannot carry.</summary>
    public static string FileName(string title, ReportExport export)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var clean = new string(title.Select(c => char.IsControl(c) || invalid.Contains(c) || c is '"' or '\\' or '/' or ':' or '*' or '?' or '<' or '>' or '|' or ';' ? ' ' : c).ToArray());
        clean = string.Join(' ', clean.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim('.', ' ');
        if (clean.Length > 80)
        {
            clean = clean[..80].TrimEnd();
        }

        var day = UserTime.ToLocal(export.ExportedAtUtc, export.Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (clean.Length == 0 ? "report" : clean) + " " + day + ".xlsx";
    }
}
