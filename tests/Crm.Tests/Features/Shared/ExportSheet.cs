using System.Globalization;
using System.Net;
using MiniExcelLibs;

namespace Crm.Tests.Features.Shared;

/// <summary>Reads an export back as a browser would download it: the header row and every row's cells, in column order, as text.</summary>
public static class ExportSheet
{
    public static async Task<List<string[]>> CellsAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return body.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(Text).ToArray())
            .ToList();
    }

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        DateTime at => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
