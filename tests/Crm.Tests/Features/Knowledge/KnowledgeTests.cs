using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Knowledge;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Knowledge;

public sealed class KnowledgeMarkdownTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>", "<script")]
    [InlineData("<img src=x onerror=alert(1)>", "onerror")]
    [InlineData("[click](javascript:alert(1))", "javascript:")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "javascript:")]
    [InlineData("[x](JaVaScRiPt:alert(1))", "alert(1)")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    public void Raw_html_and_script_links_never_get_through(string markdown, string forbidden)
    {
        var html = KnowledgeText.Render(markdown).ToString()!;
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var elements = document.Body!.QuerySelectorAll("*");
        Assert.DoesNotContain(elements, e => e.LocalName is "script" or "img" or "iframe");
        Assert.DoesNotContain(elements, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(elements, e => e.GetAttribute("href")?.Contains(forbidden, StringComparison.OrdinalIgnoreCase) == true || e.GetAttribute("href")?.Contains("script:", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public void Markdown_is_rendered_with_headings_under_the_title()
    {
        var html = SafeMarkdown.ToHtml("# Refunds\n\n**Within 30 days**, see [the form](https://example.com/refund).", KnowledgeText.TopHeadingLevel);
        Assert.Contains("<h2", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Within 30 days</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com/refund\"", html, StringComparison.Ordinal);
    }
}

public sealed class KnowledgePagesTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task Support_writes_an_article_that_shows_sanitised_is_found_by_search_and_inserted_as_text()
    {
        var support = await app.CreateUserAsync(Roles.Support);
        var client = await app.SignInAsync(support);
        var title = $"Refund policy {Guid.NewGuid():N}";
        var body = "Refunds within **30 days**.\n\n<script>alert('x')</script>";

        var saved = await client.PostFormAsync("/Knowledge/New", new() { ["Title"] = title, ["Body"] = body, ["Category"] = "Billing", ["Published"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = await app.WithDbAsync(db => db.Set<KnowledgeArticle>().Where(a => a.Title == title).Select(a => a.Id).SingleAsync());

        // The raw HTML (GetTextAsync decodes entities, which would hide what the browser gets).
        var page = await (await client.GetAsync($"/Knowledge/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("<strong>30 days</strong>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert", page, StringComparison.Ordinal);

        var found = await client.GetTextAsync("/Knowledge?q=" + Uri.EscapeDataString(title[^8..]));
        Assert.Contains(title, found, StringComparison.Ordinal);
        var none = await client.GetTextAsync("/Knowledge?q=zzznothingzzz");
        Assert.Contains("data-testid=\"kb-empty\"", none, StringComparison.Ordinal);

        var text = await client.GetAsync($"/Knowledge/{id}/Text");
        Assert.Equal(body, await text.Content.ReadAsStringAsync());
        Assert.Contains(title, await client.GetTextAsync("/Knowledge/Choices?q=" + Uri.EscapeDataString(title[^8..])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_article_without_title_or_text_shows_both_errors_and_a_draft_is_not_offered_for_insertion()
    {
        var client = await app.SignInAsync();
        var invalid = await client.PostFormAsync("/Knowledge/New", new() { ["Title"] = "", ["Body"] = "", ["Published"] = "false" });
        var html = await invalid.ReadTextAsync();
        Assert.Contains("Give the article a title.", html, StringComparison.Ordinal);
        Assert.Contains("Write the article's text.", html, StringComparison.Ordinal);

        var title = $"Draft {Guid.NewGuid():N}";
        await client.PostFormAsync("/Knowledge/New", new() { ["Title"] = title, ["Body"] = "Not yet.", ["Published"] = "false" }, "/Knowledge/New");
        var id = await app.WithDbAsync(db => db.Set<KnowledgeArticle>().Where(a => a.Title == title).Select(a => a.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Knowledge/{id}/Text")).StatusCode);
    }

    [Fact]
    public async Task Sales_read_but_do_not_write_and_marketing_does_not_read()
    {
        var sales = await app.SignInAsync(await app.CreateUserAsync(Roles.Sales));
        Assert.Equal(HttpStatusCode.OK, (await sales.GetAsync("/Knowledge")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await sales.GetAsync("/Knowledge/New")).StatusCode);

        var marketing = await app.SignInAsync(await app.CreateUserAsync(Roles.Marketing));
        Assert.NotEqual(HttpStatusCode.OK, (await marketing.GetAsync("/Knowledge")).StatusCode);
    }
}
