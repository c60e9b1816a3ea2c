using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Crm.Web.Infrastructure.Export;

/// <summary>An .xlsx download written to the response as its rows are read (see <see cref="XlsxFile"/>).</summary>
public sealed class XlsxResult(string fileName, string sheetName, IReadOnlyList<ExportColumn> columns, Func<CancellationToken, IAsyncEnumerable<object?[]>> rows)
    : IActionResult
{
    public string FileName => fileName;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = XlsxFile.ContentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        var ct = context.HttpContext.RequestAborted;
        await XlsxFile.WriteAsync(response.Body, rows(ct), sheetName, columns, ct);
    }
}
