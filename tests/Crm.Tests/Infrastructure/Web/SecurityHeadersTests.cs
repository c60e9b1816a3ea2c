using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Features;
using Crm.Web.Infrastructure.Auth;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Infrastructure.Web;

public sealed partial class SecurityHeadersTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task Every_page_redirect_static_file_and_error_carries_the_hardening_headers()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, "Headers team");
        var company = await app.AddCompanyAsync("Headers firm", owner);
        var contact = await app.AddContactAsync("Header", "Walker", owner, company, email: "header.walker@example.fr");
        var problems = new List<string>();
        var seen = new List<HttpStatusCode>();

        async Task Walk(HttpClient client, string url, HttpStatusCode expected)
        {
            var response = await client.GetAsync(url);
            seen.Add(response.StatusCode);
            if (response.StatusCode != expected)
            {
                problems.Add($"GET {url}: {(int)response.StatusCode}, expected {(int)expected}");
            }

            problems.AddRange(SecurityHeaderChecks.Problems(response));
        }

        var anonymous = app.CreateBrowserLikeClient();
        await Walk(anonymous, "/Account/Login", HttpStatusCode.OK);
        await Walk(anonymous, "/Account/ForgotPassword", HttpStatusCode.OK);
        await Walk(anonymous, "/Account/ResetPassword?email=a%40b.fr&code=x", HttpStatusCode.OK);
        await Walk(anonymous, "/Setup", HttpStatusCode.NotFound);
        await Walk(anonymous, "/", HttpStatusCode.Redirect);
        await Walk(anonymous, "/Contacts", HttpStatusCode.Redirect);
        await Walk(anonymous, "/health", HttpStatusCode.OK);
        await Walk(anonymous, "/css/site.css", HttpStatusCode.OK);
        await Walk(anonymous, "/js/site.js", HttpStatusCode.OK);
        await Walk(anonymous, "/favicon.svg", HttpStatusCode.OK);
        await Walk(anonymous, "/Home/Error", HttpStatusCode.NotFound);

        var admin = await app.SignInAsync();
        foreach (var url in new[]
        {
            "/", "/Dashboard", "/Contacts", "/Companies", "/Contacts/Create", "/Companies/Create",
            $"/Contacts/Details/{contact}", $"/Companies/Details/{company}", $"/Contacts/Edit/{contact}", $"/Companies/Edit/{company}",
            $"/Contacts/Timeline/{contact}", $"/Companies/Timeline/{company}",
            "/Contacts/Duplicates", "/Companies/Duplicates", "/Contacts/Import", "/Companies/Import", "/RecycleBin",
            "/Search?q=Walker", "/Search/Suggest?q=Walker", "/Companies/Lookup?q=Headers", "/Contacts/Export",
            $"/Contacts/VCard/{contact}", "/Deals", "/Tasks", "/Tickets", "/Campaigns", "/Reports", "/Admin", "/Account/Manage",
        })
        {
            await Walk(admin, url, HttpStatusCode.OK);
        }

        await Walk(admin, "/Account/AccessDenied", HttpStatusCode.Forbidden);
        await Walk(admin, "/No/Such/Page", HttpStatusCode.NotFound);
        await Walk(admin, "/Contacts/Details/987654", HttpStatusCode.NotFound);
        await Walk(admin, "/Home/Status/500", HttpStatusCode.NotFound);
        await Walk(admin, "/Account/Login", HttpStatusCode.Redirect);

        var sales = await app.SignInAsync(owner);
        await Walk(sales, "/Admin", HttpStatusCode.Redirect);

        // A POST answered with a redirect, and a refused POST (400 from antiforgery).
        var signIn = await app.CreateBrowserLikeClient().PostFormAsync("/Account/Login", new() { ["Email"] = CrmAppFactory.AdminEmail, ["Password"] = CrmAppFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        problems.AddRange(SecurityHeaderChecks.Problems(signIn));
        var refused = await app.CreateBrowserLikeClient().PostAsync("/Account/Login", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        problems.AddRange(SecurityHeaderChecks.Problems(refused));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Contains(HttpStatusCode.NotFound, seen);
        Assert.Contains(HttpStatusCode.Redirect, seen);
    }

    [Fact]
    public async Task A_static_file_answered_not_modified_still_carries_the_headers()
    {
        var client = app.CreateBrowserLikeClient();
        var first = await client.GetAsync("/css/site.css");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/css/site.css");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var response = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        SecurityHeaderChecks.AssertHardened(response);
    }

    [Fact]
    public async Task Behind_a_TLS_proxy_outside_development_responses_ask_for_HTTPS_from_then_on()
    {
        var client = app.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", SecurityHeaderChecks.Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task Over_plain_http_no_HSTS_is_sent()
    {
        var response = await app.CreateBrowserLikeClient().GetAsync("/Account/Login");
        Assert.Null(SecurityHeaderChecks.Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_antiforgery_SAMEORIGIN_frame_option_gives_way_to_DENY()
    {
        // The login page issues an antiforgery token, which used to send X-Frame-Options: SAMEORIGIN.
        var response = await app.CreateBrowserLikeClient().GetAsync("/Account/Login");
        Assert.Equal("DENY", SecurityHeaderChecks.Header(response, "X-Frame-Options"));
    }

    [Fact]
    public void No_view_carries_an_inline_script_an_event_handler_or_a_style_attribute()
    {
        var features = Path.Combine(RepositoryRoot(), "src", "Crm.Web", "Features");
        var offending = Directory.EnumerateFiles(features, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(l => InlineScript().IsMatch(l.line) || EventHandler().IsMatch(l.line) || StyleAttribute().IsMatch(l.line) || l.line.Contains("javascript:", StringComparison.OrdinalIgnoreCase))
            .Select(l => $"{Path.GetRelativePath(features, l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(offending.Count == 0, string.Join(Environment.NewLine, offending));
    }

    // A <script> without src, i.e. with a body the policy would block.
    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();

    [GeneratedRegex(@"\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Crm.sln not found above " + AppContext.BaseDirectory);
    }
}
