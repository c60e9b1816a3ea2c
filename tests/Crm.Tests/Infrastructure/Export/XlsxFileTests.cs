using Crm.Web.Infrastructure.Export;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace Crm.Tests.Infrastructure.Export;

/// <summary>
/// The streamed XLSX writer writes the sheet's XML by hand: the package it makes must pass the Open XML SDK's schema
/// validation (what Excel is strict about), whatever the cells hold, empty or not.
/// </summary>
public sealed class XlsxFileTests
{
    private static readonly ExportColumn[] Columns =
    [
        new("Id", 8),
        new("Name < & > \"quoted\""),
        new("When", 18),
        new("Amount"),
    ];

    private static async IAsyncEnumerable<object?[]> Rows(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return [i, i % 3 == 0 ? null : $"Name {i} <b>&\u0001", new DateTime(2026, 12, 2, 9, 30, 0).AddDays(i), 1234.5m + i];
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(2500)]
    public async Task The_package_passes_schema_validation_and_holds_every_row(int count)
    {
        using var copy = new MemoryStream();
        await XlsxFile.WriteAsync(new ResponseLike(copy), Rows(count), "Contacts", Columns, CancellationToken.None);
        copy.Position = 0;

        using var document = SpreadsheetDocument.Open(copy, false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
        var sheet = document.WorkbookPart!.WorksheetParts.Single();
        var rows = sheet.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Count();
        Assert.Equal(count + 1, rows);
    }

    [Fact]
    public async Task The_first_bytes_are_sent_long_before_the_last_row_is_read_and_never_synchronously()
    {
        using var sent = new MemoryStream();
        var output = new ResponseLike(sent);
        var read = 0;
        int? readWhenFirstSent = null;
        output.Sending += () => readWhenFirstSent ??= read;

        async IAsyncEnumerable<object?[]> Counted()
        {
            await foreach (var row in Rows(5000))
            {
                read++;
                yield return row;
            }
        }

        await XlsxFile.WriteAsync(output, Counted(), "Contacts", Columns, CancellationToken.None);

        Assert.Equal(5000, read);
        Assert.NotNull(readWhenFirstSent);
        Assert.True(readWhenFirstSent <= 1000, $"The first bytes left after {readWhenFirstSent} rows of 5000.");
        sent.Position = 0;
        using var document = SpreadsheetDocument.Open(sent, false);
        Assert.Equal(5001, document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Count());
    }

    [Fact]
    public async Task A_download_reads_its_rows_ahead_and_sends_a_whole_workbook_named_for_the_user()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = new ResponseLike(body);
        var result = new XlsxResult("contacts-2026-12-03.xlsx", "Contacts", Columns, _ => Rows(4500));

        await result.ExecuteResultAsync(new Microsoft.AspNetCore.Mvc.ActionContext(context, new Microsoft.AspNetCore.Routing.RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));

        Assert.Equal(XlsxFile.ContentType, context.Response.ContentType);
        Assert.Contains("contacts-2026-12-03.xlsx", context.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        body.Position = 0;
        using var document = SpreadsheetDocument.Open(body, false);
        Assert.Equal(4501, document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Count());
    }

    [Fact]
    public async Task A_failure_while_reading_rows_fails_the_download_instead_of_completing_it()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = new ResponseLike(body);

        async IAsyncEnumerable<object?[]> FailingAfter3000()
        {
            await foreach (var row in Rows(3000))
            {
                yield return row;
            }

            throw new InvalidOperationException("The database went away.");
        }

        var result = new XlsxResult("contacts.xlsx", "Contacts", Columns, _ => FailingAfter3000());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => result.ExecuteResultAsync(
            new Microsoft.AspNetCore.Mvc.ActionContext(context, new Microsoft.AspNetCore.Routing.RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor())));

        Assert.Equal("The database went away.", error.Message);
        Assert.True(body.Length > 0, "Rows read before the failure were already on their way.");
        body.Position = 0;
        Assert.ThrowsAny<Exception>(() => SpreadsheetDocument.Open(body, false));
    }

    /// <summary>Like a response body: written forwards only, and only asynchronously (ASP.NET Core forbids synchronous writes).</summary>
    private sealed class ResponseLike(Stream target) : Stream
    {
        public event Action? Sending;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous write.");

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Sending?.Invoke();
            await target.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => throw new InvalidOperationException("Synchronous flush.");

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
