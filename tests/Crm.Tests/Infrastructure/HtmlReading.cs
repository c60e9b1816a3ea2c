using System.Net;

namespace Crm.Tests.Infrastructure;

public static class HtmlReading
{
    /// <summary>The page as a reader sees it: Razor encodes accented letters as entities.</summary>
    public static async Task<string> ReadTextAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    public static async Task<string> GetTextAsync(this HttpClient client, string url) =>
        await (await client.GetAsync(url)).ReadTextAsync();

    public static string LocationPath(this HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString)
            : throw new InvalidOperationException($"No Location header on a {(int)response.StatusCode} response.");
}
