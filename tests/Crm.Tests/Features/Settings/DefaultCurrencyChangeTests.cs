using System.Net;
using Crm.Tests.Features.Deals;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Products;
using Crm.Web.Features.Settings;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Settings;

/// <summary>
/// Making another currency the company's (/Admin/Settings/Currency): a confirmation that says what changes, then rates,
/// deals' converted amounts, the stage history and product prices re-based in one go, and the change in the security log.
/// </summary>
public sealed class DefaultCurrencyChangeTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Password = "Currency-Pass-2026";

    private Task<int> AddDealAsync(string currency, long amountCents, decimal rate, bool won = false) =>
        app.WithDbAsync(async db =>
        {
            var deal = new Deal { Name = "Cur-" + Guid.NewGuid().ToString("N")[..6], Currency = currency };
            deal.SetAmount(amountCents / 100m, rate);
            deal.Start(DealTestData.FirstStage, null, DateTime.UtcNow.AddDays(-3));
            if (won)
            {
                deal.Win(null, DateTime.UtcNow);
            }

            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            return deal.Id;
        });

    private async Task<string> DefaultAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CurrencyRates>().DefaultAsync(default);
    }

    [Theory]
    [InlineData("US", "Choose a currency from the list.")]
    [InlineData("", "Choose a currency from the list.")]
    [InlineData("*", "{0} is already the company")]
    [InlineData("NOK", "No exchange rate is kept for NOK")]
    public async Task A_currency_that_cannot_be_the_company_s_is_refused_on_the_settings_page_and_changes_nothing(string code, string message)
    {
        var admin = await app.SignInAsync();
        // The class shares one database: "*" is whatever the company's currency is when the case runs.
        var before = await DefaultAsync();
        code = code == "*" ? before : code;
        message = message.Replace("{0}", before, StringComparison.Ordinal);

        var preview = await admin.GetAsync("/Admin/Settings/Currency?currency=" + code);
        var page = await preview.ReadTextAsync();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(message), page, StringComparison.Ordinal);
        Assert.Contains("is-invalid", page, StringComparison.Ordinal);

        var posted = await admin.PostFormAsync("/Admin/Settings/Currency", new() { ["currency"] = code, ["rate"] = "1" }, "/Admin/Settings");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(before, await DefaultAsync());
    }

    [Fact]
    public async Task Only_admins_see_or_make_the_change()
    {
        await app.CreateUserAsync("currency-manager@tests.crm", Password, Roles.Manager);
        var manager = await app.SignInAsync("currency-manager@tests.crm", Password);
        Assert.StartsWith("/Account/AccessDenied", (await manager.GetAsync("/Admin/Settings/Currency?currency=USD")).LocationPath(), StringComparison.Ordinal);
        var refused = await manager.PostFormAsync("/Admin/Settings/Currency", new() { ["currency"] = "USD", ["rate"] = "0.8" }, "/Account/Manage");
        Assert.StartsWith("/Account/AccessDenied", refused.LocationPath(), StringComparison.Ordinal);

        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/Admin/Settings/Currency", new FormUrlEncodedContent([new("currency", "USD")]))).StatusCode);
    }

    [Fact]
    public async Task Changing_the_company_currency_rebases_rates_deals_history_and_prices_once_confirmed_at_the_rate_shown()
    {
        var admin = await app.SignInAsync();
        await app.WithDbAsync(async db =>
        {
            db.CurrencyRates.AddRange(
                new CurrencyRate { Currency = "USD", Rate = 0.9m, UpdatedAt = DateTime.UtcNow },
                new CurrencyRate { Currency = "GBP", Rate = 1.2m, UpdatedAt = DateTime.UtcNow });
            db.Products.Add(new Product { Name = "Currency test product", UnitPriceCents = 9_000, VatRate = 20m, Active = true });
            var budget = new Crm.Web.Features.CustomFields.CustomField
            {
                Kind = "companies", Key = "currency-budget", Type = Crm.Web.Features.CustomFields.CustomFieldType.Money, LabelEn = "Budget", LabelFr = "Budget", CreatedAt = DateTime.UtcNow,
            };
            db.CustomFields.Add(budget);
            await db.SaveChangesAsync();
            db.CustomFieldValues.Add(new Crm.Web.Features.CustomFields.CustomFieldValue { FieldId = budget.Id, RecordId = 1, Number = 12_000 });
            await db.SaveChangesAsync();
        });
        var openEur = await AddDealAsync("EUR", 90_000, 1m);
        var openUsd = await AddDealAsync("USD", 10_000, 0.9m);
        var openGbp = await AddDealAsync("GBP", 10_000, 1.2m);
        var wonEur = await AddDealAsync("EUR", 45_000, 1m, won: true);

        // The confirmation says what will change, at the rate kept now.
        var preview = await (await admin.GetAsync("/Admin/Settings/Currency?currency=USD")).ReadTextAsync();
        Assert.Contains("1 USD = 0.9 EUR", preview, StringComparison.Ordinal);
        Assert.Contains("3 open deals are converted again", preview, StringComparison.Ordinal);
        Assert.Contains("1 value of a money custom field is converted.", preview, StringComparison.Ordinal);
        Assert.Contains("won, lost or deleted deal keeps", preview, StringComparison.Ordinal);
        Assert.Equal("EUR", await DefaultAsync());

        // The rate changes meanwhile: the confirmation of the old one is refused and nothing moves.
        await app.WithDbAsync(async db =>
        {
            (await db.CurrencyRates.SingleAsync(r => r.Currency == "USD")).Rate = 0.8m;
            await db.SaveChangesAsync();
        });
        var stale = await admin.PostFormAsync("/Admin/Settings/Currency", new() { ["currency"] = "USD", ["rate"] = "0.9" }, "/Admin/Settings/Currency?currency=USD");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("changed since the confirmation was shown", await stale.ReadTextAsync(), StringComparison.Ordinal);
        Assert.Equal("EUR", await DefaultAsync());
        Assert.Equal(90_000, await app.WithDbAsync(db => db.Deals.Where(d => d.Id == openEur).Select(d => d.AmountDefaultCents).SingleAsync()));

        var done = await admin.PostFormAsync("/Admin/Settings/Currency", new() { ["currency"] = "USD", ["rate"] = "0.8" }, "/Admin/Settings/Currency?currency=USD");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        Assert.Equal("USD", await DefaultAsync());
        var rates = await app.WithDbAsync(db => db.CurrencyRates.ToDictionaryAsync(r => r.Currency, r => r.Rate));
        Assert.False(rates.ContainsKey("USD"));
        Assert.Equal(1.25m, rates["EUR"]);
        Assert.Equal(1.5m, rates["GBP"]);

        var deals = await app.WithDbAsync(db => db.Deals.Where(d => d.Id == openEur || d.Id == openUsd || d.Id == openGbp || d.Id == wonEur)
            .ToDictionaryAsync(d => d.Id, d => new { d.AmountCents, d.Currency, d.AmountDefaultCents }));
        Assert.Equal(112_500, deals[openEur].AmountDefaultCents);
        Assert.Equal(10_000, deals[openUsd].AmountDefaultCents);
        Assert.Equal(15_000, deals[openGbp].AmountDefaultCents);
        Assert.Equal(56_250, deals[wonEur].AmountDefaultCents);
        Assert.Equal((90_000, "EUR"), (deals[openEur].AmountCents, deals[openEur].Currency));
        Assert.All(await app.WithDbAsync(db => db.DealStageChanges.Where(c => c.DealId == wonEur).Select(c => c.AmountDefaultCents).ToListAsync()),
            cents => Assert.Equal(56_250, cents));
        Assert.Equal(11_250, await app.WithDbAsync(db => db.Products.Where(p => p.Name == "Currency test product").Select(p => p.UnitPriceCents).SingleAsync()));
        Assert.Equal(15_000d, await app.WithDbAsync(db => db.CustomFieldValues.Where(v => db.CustomFields.Any(f => f.Id == v.FieldId && f.Key == "currency-budget")).Select(v => v.Number).SingleAsync()));

        var logged = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.Kind == SecurityEventKind.CurrencyChanged));
        Assert.Equal("EUR → USD (1 USD = 0.8 EUR)", logged.Detail);
        Assert.NotNull(logged.ActorId);

        // Pages follow: the forecast counts in USD, and a new deal without a currency is in USD.
        Assert.Contains("Amounts in USD", await (await admin.GetAsync("/Deals/Forecast")).ReadTextAsync(), StringComparison.Ordinal);
        var settings = await (await admin.GetAsync("/Admin/Settings")).ReadTextAsync();
        Assert.Contains("<option value=\"USD\" selected=\"selected\">USD</option>", settings, StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1m, await scope.ServiceProvider.GetRequiredService<CurrencyRates>().RateAsync("USD", default));
    }
}
