using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Products;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Products;

public sealed class ProductTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static Dictionary<string, string> Valid(string name, string? code = null, string price = "1250.50", string vat = "20") =>
        new() { ["Name"] = name, ["Code"] = code ?? string.Empty, ["UnitPrice"] = price, ["VatRate"] = vat, ["Active"] = "true" };

    private static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..6];

    private Task<Product?> FindAsync(string name) => app.WithDbAsync(db => db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Name == name));

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Manager)]
    public async Task Admins_and_managers_create_a_product_with_an_exact_price_in_cents(string role)
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(role));
        var name = Unique("Licence annuelle");
        var response = await client.PostFormAsync("/Products/Create", Valid(name, price: "1 250,55", vat: "5,5"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var product = await FindAsync(name);
        Assert.NotNull(product);
        Assert.Equal((125_055L, 5.5m, true), (product.UnitPriceCents, product.VatRate, product.Active));
    }

    [Fact]
    public async Task The_vat_rate_is_20_when_left_empty()
    {
        var client = await app.SignInAsync();
        var name = Unique("Formation");
        await client.PostFormAsync("/Products/Create", Valid(name, vat: ""));
        Assert.Equal(20m, (await FindAsync(name))!.VatRate);
    }

    [Fact]
    public async Task Everyone_reads_the_catalogue_and_sales_may_not_change_it()
    {
        var name = Unique("Support");
        await (await app.SignInAsync()).PostFormAsync("/Products/Create", Valid(name));
        var sales = await app.SignInAsync(await app.CreateUserAsync(Roles.Sales));
        Assert.Contains(name, await (await sales.GetAsync("/Products?q=" + Uri.EscapeDataString(name))).ReadHtmlAsync(), StringComparison.Ordinal);

        // A policy refusal sends to the access-denied page, which answers 403.
        var create = await sales.GetAsync("/Products/Create");
        AssertSentToAccessDenied(create);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetAsync(create.LocationPath())).StatusCode);

        var id = (await FindAsync(name))!.Id;
        var hack = Unique("Hack");
        AssertSentToAccessDenied(await sales.PostFormAsync("/Products/Create", Valid(hack), "/Products"));
        AssertSentToAccessDenied(await sales.PostFormAsync($"/Products/Edit/{id}", Valid("Hacked", price: "1"), "/Products"));
        AssertSentToAccessDenied(await sales.PostFormAsync($"/Products/Deactivate/{id}", new(), "/Products"));
        Assert.Null(await FindAsync(hack));
        var product = (await FindAsync(name))!;
        Assert.Equal((name, 125_050L, true), (product.Name, product.UnitPriceCents, product.Active));
    }

    private static void AssertSentToAccessDenied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.LocationPath(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "1", "20", "Name the product.")]
    [InlineData("X", "-1", "20", "The unit price is an amount of 0 or more.")]
    [InlineData("X", "abc", "20", "The unit price is an amount of 0 or more.")]
    [InlineData("X", "1.005", "20", "The unit price has at most 2 decimals.")]
    [InlineData("X", "1", "101", "The VAT rate is a percentage from 0 to 100, with at most 2 decimals.")]
    [InlineData("X", "1", "-5", "The VAT rate is a percentage from 0 to 100, with at most 2 decimals.")]
    public async Task Bad_input_shows_its_message_and_saves_nothing(string name, string price, string vat, string message)
    {
        var client = await app.SignInAsync();
        var code = Guid.NewGuid().ToString("N")[..8];
        var response = await client.PostFormAsync("/Products/Create", Valid(name, code, price, vat));
        var html = await response.ReadHtmlAsync();
        Assert.Contains(WebUtility.HtmlEncode(message), html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Products.AnyAsync(p => p.Code == code)));
    }

    [Fact]
    public async Task Every_error_shows_at_once_in_the_summary_and_at_its_field()
    {
        var client = await app.SignInAsync();
        var html = await (await client.PostFormAsync("/Products/Create", Valid("", Guid.NewGuid().ToString("N")[..8], "abc", "101"))).ReadHtmlAsync();
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);

        Assert.Equal(["#Name", "#UnitPrice", "#VatRate"], page.QuerySelectorAll("[data-testid=error-summary] a").Select(a => a.GetAttribute("href")).Order());
        foreach (var field in new[] { "Name", "UnitPrice", "VatRate" })
        {
            var input = page.GetElementById(field)!;
            Assert.Equal("true", input.GetAttribute("aria-invalid"));
            var message = page.GetElementById(input.GetAttribute("aria-describedby")!.Split(' ')[0])!;
            Assert.False(string.IsNullOrWhiteSpace(message.TextContent), $"{field}'s message is empty.");
        }

        Assert.Equal("autofocus", page.GetElementById("Name")!.GetAttribute("autofocus"));
        Assert.Null(page.GetElementById("Code")!.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task A_code_is_unique_when_given_and_several_products_may_have_none()
    {
        var client = await app.SignInAsync();
        var code = "SKU-" + Guid.NewGuid().ToString("N")[..6];
        await client.PostFormAsync("/Products/Create", Valid(Unique("First"), code));
        var html = await (await client.PostFormAsync("/Products/Create", Valid(Unique("Second"), code))).ReadHtmlAsync();
        Assert.Contains($"Another product already has the code “{code}”.", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Products.CountAsync(p => p.Code == code)));

        var a = Unique("No code A");
        var b = Unique("No code B");
        await client.PostFormAsync("/Products/Create", Valid(a));
        await client.PostFormAsync("/Products/Create", Valid(b));
        Assert.Null((await FindAsync(a))!.Code);
        Assert.Null((await FindAsync(b))!.Code);
    }

    [Fact]
    public async Task Editing_changes_the_product_and_unknown_ids_answer_404()
    {
        var client = await app.SignInAsync();
        var name = Unique("Audit");
        await client.PostFormAsync("/Products/Create", Valid(name));
        var id = (await FindAsync(name))!.Id;
        Assert.Contains("1250.50", await (await client.GetAsync($"/Products/Edit/{id}")).ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Products/Edit/{id}", Valid(name + " v2", price: "99.99", vat: "10"))).StatusCode);
        var product = await app.WithDbAsync(db => db.Products.SingleAsync(p => p.Id == id));
        Assert.Equal((name + " v2", 9_999L, 10m), (product.Name, product.UnitPriceCents, product.VatRate));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Products/Edit/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync("/Products/Edit/999999", Valid("Ghost"), "/Products")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync("/Products/Deactivate/999999", new(), "/Products")).StatusCode);
    }

    [Fact]
    public async Task An_inactive_product_is_not_offered_to_new_deal_lines_until_reactivated()
    {
        var client = await app.SignInAsync();
        var name = Unique("Ancienne offre");
        await client.PostFormAsync("/Products/Create", Valid(name));
        var id = (await FindAsync(name))!.Id;
        var offered = $">{name}</option>";
        Assert.Contains(offered, await (await client.GetAsync("/Deals/Create")).ReadTextAsync(), StringComparison.Ordinal);

        // The browser follows each redirect: the confirmation naming the product shows there, not on the next page.
        var deactivated = await client.PostFormAsync($"/Products/Deactivate/{id}", new(), "/Products");
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        Assert.Contains($"“{name}” is no longer offered to new deal lines.", await (await client.GetAsync(deactivated.LocationPath())).ReadTextAsync(), StringComparison.Ordinal);
        Assert.False((await FindAsync(name))!.Active);
        Assert.DoesNotContain(name, await (await client.GetAsync("/Deals/Create")).ReadTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(name, await (await client.GetAsync("/Products")).ReadTextAsync(), StringComparison.Ordinal);
        Assert.Contains(name, await (await client.GetAsync("/Products?inactive=true")).ReadTextAsync(), StringComparison.Ordinal);

        var reactivated = await client.PostFormAsync($"/Products/Reactivate/{id}", new(), "/Products");
        Assert.Equal(HttpStatusCode.Redirect, reactivated.StatusCode);
        Assert.Contains($"“{name}” is offered to deal lines again.", await (await client.GetAsync(reactivated.LocationPath())).ReadTextAsync(), StringComparison.Ordinal);
        Assert.Contains(offered, await (await client.GetAsync("/Deals/Create")).ReadTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_searches_by_name_or_code_and_pages()
    {
        var prefix = "Pg" + Guid.NewGuid().ToString("N")[..6];
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < ProductCatalog.PageSize + 3; i++)
            {
                db.Products.Add(new Product { Name = $"{prefix} {i:000}", Code = i == 7 ? prefix + "-CODE" : null, UnitPriceCents = 100 });
            }

            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();
        var first = await (await client.GetAsync($"/Products?q={prefix}")).ReadHtmlAsync();
        Assert.Contains("rel=\"next\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain($"{prefix} 052", first, StringComparison.Ordinal);
        var second = await (await client.GetAsync($"/Products?q={prefix}&page=2")).ReadHtmlAsync();
        Assert.Contains($"{prefix} 052", second, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", second, StringComparison.Ordinal);

        var byCode = await (await client.GetAsync($"/Products?q={prefix}-code")).ReadHtmlAsync();
        Assert.Contains($"{prefix} 007", byCode, StringComparison.Ordinal);
        Assert.DoesNotContain($"{prefix} 008", byCode, StringComparison.Ordinal);
        Assert.Contains("No product matches this search.", await (await client.GetAsync("/Products?q=zzz-nothing-zzz")).ReadHtmlAsync(), StringComparison.Ordinal);
    }
}
