using System.Net;
using System.Text.RegularExpressions;

namespace Crm.Tests.Infrastructure;

/// <summary>Posts forms the way a browser does: GET the page, take its antiforgery token, POST with it.</summary>
public static partial class FormPosting
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static string AntiforgeryToken(string html)
    {
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token on the page.");
    }

    /// <summary>GETs <paramref name="formPage"/> (default: the action URL) for its token, then POSTs the fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string action, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetAsync(formPage ?? action);
        var html = await page.Content.ReadAsStringAsync();
        var all = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", AntiforgeryToken(html)) };
        return await client.PostAsync(action, new FormUrlEncodedContent(all));
    }

    public static async Task<HttpResponseMessage> PostMultipleAsync(this HttpClient client, string action, IEnumerable<KeyValuePair<string, string>> fields, string formPage)
    {
        var page = await client.GetAsync(formPage);
        var html = await page.Content.ReadAsStringAsync();
        var all = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", AntiforgeryToken(html)) };
        return await client.PostAsync(action, new FormUrlEncodedContent(all));
    }
}
