using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Crm.Web.Infrastructure.Export;

/// <summary>An .xlsx download written to the response as its rows are read (see <see cref="XlsxFile"/>).</summary>
public sealed class XlsxResult(
    string fileName, string sheetName, IReadOnlyList<ExportColumn> columns, Func<CancellationToken, IAsyncEnumerable<object?[]>> rows, XlsxLayout? layout = null)
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
        await XlsxFile.WriteAsync(response.Body, ReadAhead(rows(ct), ct), sheetName, columns, layout ?? XlsxLayout.Plain, ct);
    }

    /// <summary>
    /// The rows read by another task a few thousand ahead of the writer, so that on two cores the database reads the
    /// next chunk while the last one is written and compressed. Nothing else uses the request's DbContext meanwhile.
    /// </summary>
    internal static async IAsyncEnumerable<object?[]> ReadAhead(IAsyncEnumerable<object?[]> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<object?[]>(new BoundedChannelOptions(4000) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var row in rows.WithCancellation(stop.Token))
                    {
                        await channel.Writer.WriteAsync(row, stop.Token);
                    }

                    channel.Writer.Complete();
                }
                catch (Exception ex)
                {
                    channel.Writer.Complete(ex);
                }
            },
            CancellationToken.None);
        try
        {
            await foreach (var row in channel.Reader.ReadAllAsync(ct))
            {
                yield return row;
            }
        }
        finally
        {
            // The writer stopped (done, failed or the client left): the reader stops too before the scope ends.
            await stop.CancelAsync();
            await reading;
        }
    }
}
