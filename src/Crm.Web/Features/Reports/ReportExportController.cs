using System.Globalization;
using System.Security.Claims;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Reports;

/// <summary>
/// GET /Reports/Export?key=…: any report as a workbook, run as the signed-in user (what they may see, nothing more).
/// 404 when no runner knows the key or the user may not read the report (the same answer: no hint that it exists).
/// </summary>
[Route("Reports")]
public sealed class ReportExportController(ReportExporter exporter, UserTime time, CurrencyRates currencies, TimeProvider clock) : Controller
{
    [HttpGet("Export")]
    public async Task<IActionResult> Export(string? key, CancellationToken ct)
    {
        var export = new ReportExport(
            User.FindFirstValue(CrmUser.DisplayNameClaim) ?? User.Identity?.Name ?? string.Empty,
            clock.GetUtcNow().UtcDateTime,
            time.Zone,
            CultureInfo.CurrentCulture,
            await currencies.DefaultAsync(ct));
        if (await exporter.PrepareAsync(key, CrmUser.From(User), export, ct) is not { } report)
        {
            return NotFound();
        }

        if (report.Table is not null)
        {
            using var file = new MemoryStream();
            await exporter.WriteAsync(report, export, file, ct);
            return File(file.ToArray(), XlsxFile.ContentType, report.FileName);
        }

        var rows = report.Rows!;
        return new XlsxResult(report.FileName, rows.SheetName, rows.Columns, _ => rows.Rows, rows.Layout);
    }
}
