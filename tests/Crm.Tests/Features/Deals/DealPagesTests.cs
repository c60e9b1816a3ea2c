using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Products;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Deals;

/// <summary>
/// What is deals' own on their pages (the kit's tests cover list, bulk, access and the editor's shell): lines and their
/// totals, products, currencies, stages and statuses posted by hand, winning, losing and reopening, the stage history
/// and the deals shown on a company's and a contact's page.
/// </summary>
public sealed class DealPagesTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static string Marker() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>Posts the create form; status and currency default to Open and EUR unless given (a field posted twice binds its first value).</summary>
    private static async Task<HttpResponseMessage> CreateAsync(HttpClient client, params (string Key, string Value)[] fields)
    {
        (string Key, string Value)[] defaults = [("Status", "Open"), ("Currency", "EUR")];
        return await client.PostMultipleAsync("/Deals/Create", Fields([.. defaults.Where(d => fields.All(f => f.Key != d.Key)), .. fields]), "/Deals/Create");
    }

    private Task<Deal> DealAsync(int id) => app.WithDbAsync(db => db.Deals.AsNoTracking()
        .Include(d => d.Lines).Include(d => d.Contacts).Include(d => d.StageChanges).SingleAsync(d => d.Id == id));

    [Fact]
    public async Task A_deal_created_with_lines_is_worth_their_total_and_its_page_shows_amounts_before_and_after_VAT()
    {
        var product = await app.WithDbAsync(async db =>
        {
            var p = new Product { Name = "Licence " + Marker(), Code = "LIC-" + Marker(), UnitPriceCents = 19_990, VatRate = 20m };
            db.Products.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        var client = await app.SignInAsync();
        var name = "Lines " + Marker();

        var created = await CreateAsync(client,
            ("Name", name), ("StageId", "2"), ("Amount", "5"),
            ("Lines[0].ProductId", $"{product.Id}"), ("Lines[0].Quantity", "3"), ("Lines[0].Discount", "10"),
            ("Lines[1].Name", "Installation"), ("Lines[1].Quantity", "1"), ("Lines[1].UnitPrice", "0.25"), ("Lines[1].Discount", "50"), ("Lines[1].VatRate", "5.5"),
            ("Lines[2].Name", ""), ("Lines[2].Quantity", ""));

        var id = IdFromLocation(created);
        var deal = await DealAsync(id);
        // The product filled the first line's name, price and VAT: 3 × 199.90 − 10 % = 539.73; the second 0.125 → 0.13.
        Assert.Equal([product.Name, "Installation"], deal.Lines.OrderBy(l => l.Position).Select(l => l.Name));
        Assert.Equal(53_973 + 13, deal.AmountCents);
        Assert.Equal(deal.AmountCents, deal.AmountDefaultCents);
        Assert.Equal(2, deal.StageId);
        var html = WebUtility.HtmlDecode(await (await client.GetAsync($"/Deals/Details/{id}")).ReadHtmlAsync());
        // VAT 20 % of 539.73 = 107.946 → 107.95, plus 5.5 % of 0.13 → 0.01: 539.86 + 107.96 = 647.82 including VAT.
        Assert.Contains("€647.82", html, StringComparison.Ordinal);
        Assert.Contains("€539.86", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hand_posted_ids_and_values_the_form_never_offers_are_refused_with_a_message_and_nothing_is_saved()
    {
        var other = await app.CreateUserAsync(Roles.Sales, "Deal pages other team");
        var hidden = await app.AddContactAsync("Hidden", "Person" + Marker(), other);
        var removed = await app.WithDbAsync(async db =>
        {
            var pipeline = DefaultPipeline.New("Removed stages " + Marker(), 9);
            db.Pipelines.Add(pipeline);
            await db.SaveChangesAsync();
            pipeline.Stages[0].RemovedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
            return pipeline.Stages[0].Id;
        });
        var sales = await app.CreateUserAsync(Roles.Sales, "Deal pages team");
        var client = await app.SignInAsync(sales);
        var name = "Refused " + Marker();

        foreach (var (fields, message) in new (string Key, string Value)[][]
        {
            [("StageId", "987654")],
            [("StageId", $"{removed}")],
            [("Currency", "XYZ")],
            [("Contacts[0].ContactId", $"{hidden}"), ("Contacts[0].Role", "Buyer")],
            [("Lines[0].ProductId", "987654"), ("Lines[0].Quantity", "1")],
            [("Amount", "-5")],
        }.Zip([
            "Choose a stage from the list.", "Choose a stage from the list.", "No exchange rate is kept for XYZ",
            "Choose contacts from the list.", "Choose a product from the catalogue.", "The amount must be between 0 and"]))
        {
            var html = WebUtility.HtmlDecode(await (await CreateAsync(client, [("Name", name), .. fields])).ReadHtmlAsync());
            Assert.Contains(message, html, StringComparison.Ordinal);
        }

        Assert.False(await app.WithDbAsync(db => db.Deals.AnyAsync(d => d.Name == name)));
    }

    [Fact]
    public async Task A_product_lines_errors_show_at_once_each_at_its_field()
    {
        var client = await app.SignInAsync();
        var html = await (await CreateAsync(client, [("Name", "Lines " + Marker()), ("Lines[0].Name", "Setup"), ("Lines[0].Quantity", "-1"),
            ("Lines[0].UnitPrice", "10"), ("Lines[0].Discount", "150")])).ReadHtmlAsync();
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);

        foreach (var field in new[] { "Lines_0__Quantity", "Lines_0__Discount" })
        {
            var input = page.GetElementById(field)!;
            Assert.Equal("true", input.GetAttribute("aria-invalid"));
            var message = page.GetElementById(input.GetAttribute("aria-describedby")!)!;
            Assert.False(string.IsNullOrWhiteSpace(message.TextContent), $"{field}'s message is empty.");
            Assert.NotNull(page.QuerySelector($"[data-testid=error-summary] a[href='#{field}']"));
        }

        Assert.Null(page.GetElementById("Lines_0__UnitPrice")!.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task Winning_losing_and_reopening_from_the_deals_page_follow_the_rules_and_show_in_its_stage_history()
    {
        var client = await app.SignInAsync();
        var id = await app.AddDealAsync("Outcome " + Marker(), amountCents: 500_000);
        async Task<HttpResponseMessage> PostAsync(string action, params (string Key, string Value)[] fields) =>
            await client.PostMultipleAsync($"/Deals/{action}/{id}", Fields(fields), $"/Deals/Details/{id}");
        async Task<int> VersionAsync() => (await DealAsync(id)).Version;

        // A loss without a reason is refused and says why.
        var noReason = await PostAsync("Lose", ("version", $"{await VersionAsync()}"), ("reason", " "));
        Assert.Equal(HttpStatusCode.Redirect, noReason.StatusCode);
        Assert.Contains("Say why the deal was lost.", WebUtility.HtmlDecode(await client.GetStringAsync($"/Deals/Details/{id}")), StringComparison.Ordinal);
        Assert.Equal(DealStatus.Open, (await DealAsync(id)).Status);

        // A stale version changes nothing.
        await PostAsync("Win", ("version", $"{await VersionAsync() - 1}"));
        Assert.Equal(DealStatus.Open, (await DealAsync(id)).Status);

        await PostAsync("Lose", ("version", $"{await VersionAsync()}"), ("reason", "Chose a competitor"));
        var lost = await DealAsync(id);
        Assert.Equal((DealStatus.Lost, "Chose a competitor"), (lost.Status, lost.LostReason!));
        Assert.NotNull(lost.ClosedAt);
        await PostAsync("Reopen", ("version", $"{await VersionAsync()}"));
        await PostAsync("Win", ("version", $"{await VersionAsync()}"));

        var won = await DealAsync(id);
        Assert.Equal(DealStatus.Won, won.Status);
        Assert.Null(won.LostReason);
        Assert.Equal([DealStatus.Open, DealStatus.Lost, DealStatus.Open, DealStatus.Won], won.StageChanges.OrderBy(c => c.Id).Select(c => c.Status));
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Deals/Details/{id}"));
        Assert.Contains("Lost in Qualification", html, StringComparison.Ordinal);
        Assert.Contains("Reopened in Qualification", html, StringComparison.Ordinal);
        Assert.Contains("Won in Qualification", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moving_a_closed_deal_to_another_stage_in_the_form_asks_to_reopen_it_first()
    {
        var client = await app.SignInAsync();
        var name = "Closed move " + Marker();
        var id = IdFromLocation(await CreateAsync(client, ("Name", name), ("StageId", "1"), ("Status", "Won")));
        Assert.Equal(DealStatus.Won, (await DealAsync(id)).Status);
        var version = (await DealAsync(id)).Version;

        var html = WebUtility.HtmlDecode(await (await client.PostMultipleAsync($"/Deals/Edit/{id}",
            Fields(("Name", name), ("StageId", "3"), ("Status", "Won"), ("Currency", "EUR"), ("Version", $"{version}")), $"/Deals/Edit/{id}")).ReadHtmlAsync());

        Assert.Contains("Reopen the deal before moving it to another stage.", html, StringComparison.Ordinal);
        Assert.Equal(1, (await DealAsync(id)).StageId);

        // Reopening and moving in one save: two history rows, the deal open in its new stage.
        var moved = await client.PostMultipleAsync($"/Deals/Edit/{id}",
            Fields(("Name", name), ("StageId", "3"), ("Status", "Open"), ("Currency", "EUR"), ("Version", $"{version}")), $"/Deals/Edit/{id}");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var deal = await DealAsync(id);
        Assert.Equal((3, DealStatus.Open), (deal.StageId, deal.Status));
        Assert.Equal([(1, DealStatus.Won, DealStatus.Open), (1, DealStatus.Open, DealStatus.Open)],
            deal.StageChanges.OrderBy(c => c.Id).Skip(2).Select(c => (c.FromStageId!.Value, c.FromStatus!.Value, c.Status)));
    }

    [Fact]
    public async Task A_company_and_a_contact_show_their_deals_that_the_user_may_see_and_no_others()
    {
        var mine = await app.CreateUserAsync(Roles.Sales, "Deal panel team A");
        var theirs = await app.CreateUserAsync(Roles.Sales, "Deal panel team B");
        var company = await app.AddCompanyAsync("Panel firm " + Marker());
        var contact = await app.AddContactAsync("Pat", "Panel" + Marker(), null, company);
        var seen = "Seen deal " + Marker();
        var unseen = "Unseen deal " + Marker();
        foreach (var (name, owner) in new[] { (seen, mine), (unseen, theirs) })
        {
            var dealId = await app.AddDealAsync(name, owner, company, 1_250_000);
            await app.WithDbAsync(async db =>
            {
                db.DealContacts.Add(new DealContact { DealId = dealId, ContactId = contact, Role = DealContactRole.Champion });
                await db.SaveChangesAsync();
            });
        }

        var client = await app.SignInAsync(mine);
        foreach (var page in new[] { $"/Companies/Details/{company}", $"/Contacts/Details/{contact}" })
        {
            var html = WebUtility.HtmlDecode(await (await client.GetAsync(page)).ReadHtmlAsync());
            Assert.Contains(seen, html, StringComparison.Ordinal);
            Assert.DoesNotContain(unseen, html, StringComparison.Ordinal);
            Assert.Contains("1 open", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(DealsPanel.Count + 2)]
    public async Task A_companys_deals_panel_counts_every_open_deal_and_no_closed_one(int open)
    {
        var company = await app.AddCompanyAsync("Counted firm " + Marker());
        for (var i = 0; i < open; i++)
        {
            await app.AddDealAsync($"Counted {i} " + Marker(), companyId: company, amountCents: 100_00);
        }

        var won = await app.AddDealAsync("Counted won " + Marker(), companyId: company, amountCents: 100_00);
        await app.WithDbAsync(async db =>
        {
            (await db.Deals.SingleAsync(d => d.Id == won)).Win(null, DateTime.UtcNow);
            await db.SaveChangesAsync();
        });

        var html = await (await (await app.SignInAsync()).GetAsync($"/Companies/Details/{company}")).ReadHtmlAsync();
        var panel = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("[data-testid=deals-panel]")!;
        Assert.Contains($"{open} open", panel.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Math.Min(open + 1, DealsPanel.Count), panel.QuerySelectorAll("li a").Length);
    }

    [Fact]
    public async Task A_call_on_a_deal_names_the_deal_on_its_companys_timeline_for_those_who_may_see_the_deal()
    {
        var other = await app.CreateUserAsync(Roles.Sales, "Regarding other team");
        var sales = await app.CreateUserAsync(Roles.Sales, "Regarding team");
        var company = await app.AddCompanyAsync("Regarded Corp " + Marker());
        var seen = await app.AddDealAsync("Seen renewal " + Marker(), companyId: company);
        var hidden = await app.AddDealAsync("Hidden expansion " + Marker(), other, companyId: company);
        await app.WithDbAsync(async db =>
        {
            foreach (var (deal, subject) in new[] { (seen, "Call about the renewal"), (hidden, "Call about the expansion") })
            {
                db.Activities.Add(new Crm.Web.Features.Activities.Activity
                {
                    Kind = Crm.Web.Features.Activities.ActivityKind.Call, Subject = subject, OccurredAt = DateTime.UtcNow,
                    RecordKind = DealKind.Key, RecordId = deal, CompanyId = company,
                });
            }

            await db.SaveChangesAsync();
        });
        var seenName = await app.WithDbAsync(db => db.Deals.Where(d => d.Id == seen).Select(d => d.Name).SingleAsync());
        var hiddenName = await app.WithDbAsync(db => db.Deals.Where(d => d.Id == hidden).Select(d => d.Name).SingleAsync());

        var admin = await (await app.SignInAsync()).GetStringAsync($"/Companies/Details/{company}");
        var rep = await (await app.SignInAsync(sales)).GetStringAsync($"/Companies/Details/{company}");
        var onTheDeal = await (await app.SignInAsync()).GetStringAsync($"/Deals/Details/{seen}");

        Assert.Contains($"Regarding <a href=\"/Deals/Details/{seen}\">{seenName}</a>", admin, StringComparison.Ordinal);
        Assert.Contains($"Regarding <a href=\"/Deals/Details/{hidden}\">{hiddenName}</a>", admin, StringComparison.Ordinal);
        Assert.Contains($"Regarding <a href=\"/Deals/Details/{seen}\">{seenName}</a>", rep, StringComparison.Ordinal);
        Assert.Contains("Call about the expansion", rep, StringComparison.Ordinal);
        Assert.DoesNotContain(hiddenName, rep, StringComparison.Ordinal);
        Assert.Contains("Call about the renewal", onTheDeal, StringComparison.Ordinal);
        Assert.DoesNotContain($"Regarding <a href=\"/Deals/Details/{seen}\"", onTheDeal, StringComparison.Ordinal);
    }
}
