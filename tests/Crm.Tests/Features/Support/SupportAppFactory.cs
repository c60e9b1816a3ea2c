using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Features.Support;

/// <summary>The app with a rate limit of <paramref name="postsPerWindow"/> posts per address (the tests share one address).</summary>
public class SupportAppFactory : CrmAppFactory
{
    public SupportAppFactory()
        : this(1000)
    {
    }

    protected SupportAppFactory(int postsPerWindow)
    {
        Settings["Support:PostsPerWindow"] = postsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class TightlyLimitedSupportAppFactory() : SupportAppFactory(2);

public static partial class SupportForms
{
    /// <summary>Posts /Support/New as a browser does: multipart, with the page's antiforgery token, and a file when given.</summary>
    public static async Task<HttpResponseMessage> PostSupportAsync(this HttpClient client, Dictionary<string, string> fields, (string Name, byte[] Bytes)? file = null, string action = "/Support/New", string? formPage = null, bool withToken = true)
    {
        var page = await client.GetAsync(formPage ?? action);
        var html = await page.Content.ReadAsStringAsync();
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }

        if (withToken)
        {
            content.Add(new StringContent(FormPosting.AntiforgeryToken(html)), "__RequestVerificationToken");
        }

        if (file is { } f)
        {
            content.Add(new ByteArrayContent(f.Bytes), "attachment", f.Name);
        }

        return await client.PostAsync(action, content);
    }

    public static Dictionary<string, string> Request(string email, string subject = "The printer is on fire", string name = "Marie Curie", string message = "Smoke comes out of it since this morning.") =>
        new() { ["Name"] = name, ["Email"] = email, ["Subject"] = subject, ["Message"] = message, ["Website"] = string.Empty };

    /// <summary>The app-relative path of the customer's link in a confirmation email.</summary>
    public static string LinkPath(string text) => new Uri(LinkPattern().Match(text).Value).PathAndQuery;

    [GeneratedRegex(@"https?://\S+/Support/Ticket/\S+")]
    private static partial Regex LinkPattern();

    public static void AssertStatus(HttpStatusCode expected, HttpResponseMessage response) => Assert.Equal(expected, response.StatusCode);
}
