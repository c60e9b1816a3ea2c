using Crm.Tests.Infrastructure;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Demo;

/// <summary>One seeded data set (shared by the class): its deals, their stage histories, lines and activities.</summary>
public sealed class DealSeedingTests(DealSeedingTests.SeededApp app) : IClassFixture<DealSeedingTests.SeededApp>
{
    private const int Deals = 400;

    [Fact]
    public async Task Seeding_N_deals_gives_N_deals_in_two_pipelines_with_products_and_foreign_currencies()
    {
        await app.WithDbAsync(async db =>
        {
            Assert.Equal(Deals, await db.Deals.CountAsync());
            var pipelines = await db.Pipelines.OrderBy(p => p.Position).Select(p => p.Name).ToListAsync();
            Assert.Equal(["New business", DemoDealsSeeder.RenewalsName], pipelines);
            Assert.True(await db.Deals.Select(d => d.PipelineId).Distinct().CountAsync() == 2);
            Assert.True(await db.Products.CountAsync() >= 5);
            Assert.Equal(["EUR", "GBP", "USD"], (await db.Deals.Select(d => d.Currency).Distinct().ToListAsync()).Order(StringComparer.Ordinal));
            Assert.Equal(["GBP", "USD"], (await db.CurrencyRates.Select(r => r.Currency).ToListAsync()).Order(StringComparer.Ordinal));
            Assert.True(await db.DealLines.Select(l => l.DealId).Distinct().CountAsync() > Deals / 5);
            Assert.All(await db.Deals.Select(d => new { d.Id, Contacts = d.Contacts.Count }).ToListAsync(), d => Assert.InRange(d.Contacts, 1, 3));
        });
    }

    [Fact]
    public async Task Every_deal_has_a_consistent_stage_history_ending_where_the_deal_stands()
    {
        await app.WithDbAsync(async db =>
        {
            var deals = await db.Deals.AsNoTracking().Include(d => d.StageChanges).ToListAsync();
            var stages = await db.PipelineStages.AsNoTracking().ToDictionaryAsync(s => s.Id);
            var now = SeededApp.Now.UtcDateTime;
            foreach (var deal in deals)
            {
                var history = deal.StageChanges.OrderBy(c => c.Id).ToList();
                Assert.NotEmpty(history);
                Assert.Null(history[0].FromStageId);
                Assert.Null(history[0].FromStatus);
                Assert.Equal(DealStatus.Open, history[0].Status);
                for (var i = 1; i < history.Count; i++)
                {
                    Assert.True(history[i].At > history[i - 1].At, $"deal {deal.Id}: moves out of order");
                    Assert.Equal(history[i - 1].ToStageId, history[i].FromStageId);
                    Assert.Equal(history[i - 1].Status, history[i].FromStatus);
                }

                var last = history[^1];
                Assert.Equal(deal.StageId, last.ToStageId);
                Assert.Equal(deal.Status, last.Status);
                Assert.Equal(deal.CreatedAt, history[0].At);
                Assert.True(last.At <= now);
                Assert.All(history, c => Assert.Equal(deal.PipelineId, stages[c.ToStageId].PipelineId));
                Assert.Equal(history.Last(c => c.FromStageId != c.ToStageId).At, deal.StageEnteredAt);
                if (deal.Status == DealStatus.Open)
                {
                    Assert.Null(deal.ClosedAt);
                    Assert.Null(deal.LostReason);
                    Assert.NotNull(deal.ExpectedCloseDate);
                }
                else
                {
                    Assert.Equal(last.At, deal.ClosedAt);
                    Assert.Equal(deal.Status == DealStatus.Lost, !string.IsNullOrWhiteSpace(deal.LostReason));
                }
            }
        });
    }

    [Fact]
    public async Task The_deals_look_like_a_living_pipeline()
    {
        await app.WithDbAsync(async db =>
        {
            var deals = await db.Deals.AsNoTracking().Include(d => d.StageChanges).ToListAsync();
            var stages = await db.PipelineStages.AsNoTracking().ToDictionaryAsync(s => s.Id);
            var share = (Func<Deal, bool> test) => deals.Count(test) / (double)deals.Count;
            Assert.InRange(share(d => d.Status == DealStatus.Won), 0.18, 0.40);
            Assert.InRange(share(d => d.Status == DealStatus.Lost), 0.10, 0.28);
            Assert.InRange(share(d => d.Status == DealStatus.Open), 0.35, 0.70);

            // A few reopened after a loss; some skipped a stage; open deals stand in every stage of the main pipeline.
            Assert.Contains(deals, d => d.StageChanges.Any(c => c.FromStatus == DealStatus.Lost && c.Status == DealStatus.Open));
            Assert.Contains(deals, d => d.StageChanges.Any(c =>
                c.FromStageId is int from && from != c.ToStageId && stages[c.ToStageId].Position - stages[from].Position == 2));
            var main = await db.Pipelines.OrderBy(p => p.Position).Select(p => p.Id).FirstAsync();
            Assert.Equal(
                stages.Values.Where(s => s.PipelineId == main).Select(s => s.Id).Order(),
                deals.Where(d => d.Status == DealStatus.Open && d.PipelineId == main).Select(d => d.StageId).Distinct().Order());

            // Open deals close over the coming months; some rot (no activity for longer than their stage allows).
            var today = DateOnly.FromDateTime(SeededApp.Now.UtcDateTime);
            Assert.Contains(deals, d => d.Status == DealStatus.Open && d.ExpectedCloseDate > today.AddMonths(2));
            var now = SeededApp.Now.UtcDateTime;
            Assert.Contains(deals, d => d.Status == DealStatus.Open && stages[d.StageId].RottingDays is int days
                && (d.LastActivityAt ?? d.StageEnteredAt) < now.AddDays(-days));
            Assert.Contains(deals, d => d.Status == DealStatus.Open && d.LastActivityAt > now.AddDays(-7));

            var owners = deals.Where(d => d.OwnerId is not null).Select(d => d.OwnerId).Distinct().Count();
            Assert.True(owners >= 3, $"{owners} owners");
        });
    }

    [Fact]
    public async Task Amounts_equal_their_lines_totals_and_follow_the_rate()
    {
        await app.WithDbAsync(async db =>
        {
            var deals = await db.Deals.AsNoTracking().Include(d => d.Lines).ToListAsync();
            var rates = await db.CurrencyRates.ToDictionaryAsync(r => r.Currency, r => r.Rate);
            rates["EUR"] = 1m;
            foreach (var deal in deals)
            {
                Assert.True(deal.AmountCents > 0);
                if (deal.Lines.Count > 0)
                {
                    var stored = deal.Lines.Select(l => (l.NetCents, l.VatCents)).ToList();
                    deal.Lines.ForEach(l => l.Compute());
                    Assert.Equal(deal.Lines.Select(l => (l.NetCents, l.VatCents)), stored);
                    Assert.Equal(deal.Lines.Sum(l => l.NetCents), deal.AmountCents);
                }

                Assert.Equal(Money.ToCents(Money.FromCents(deal.AmountCents) * rates[deal.Currency]), deal.AmountDefaultCents);
            }
        });
    }

    [Fact]
    public async Task Activities_regarding_deals_belong_to_existing_deals_whose_LastActivityAt_is_the_latest()
    {
        await app.WithDbAsync(async db =>
        {
            var regarding = await db.Activities.AsNoTracking().Where(a => a.RecordKind != null)
                .Select(a => new { a.RecordKind, a.RecordId, a.OccurredAt, a.ContactId, a.CompanyId }).ToListAsync();
            Assert.NotEmpty(regarding);
            Assert.All(regarding, a => Assert.Equal(Deal.Kind.Key, a.RecordKind));
            var deals = await db.Deals.AsNoTracking()
                .Select(d => new { d.Id, d.CompanyId, d.LastActivityAt, d.CreatedAt, Contacts = d.Contacts.Select(c => c.ContactId).ToList() })
                .ToDictionaryAsync(d => d.Id);
            foreach (var a in regarding)
            {
                var deal = deals[a.RecordId!.Value];
                Assert.Equal(deal.CompanyId, a.CompanyId);
                Assert.True(a.ContactId is null || deal.Contacts.Contains(a.ContactId.Value));
                Assert.True(a.OccurredAt >= deal.CreatedAt);
            }

            var latest = regarding.GroupBy(a => a.RecordId!.Value).ToDictionary(g => g.Key, g => g.Max(a => a.OccurredAt));
            Assert.All(deals.Values, d => Assert.Equal(latest.TryGetValue(d.Id, out var at) ? at : null, d.LastActivityAt));
            Assert.Contains(deals.Values, d => d.LastActivityAt is null);

            // The contacts and companies those activities name have them as their last activity when they are the latest.
            var staleContacts = await db.Contacts.CountAsync(c => c.LastActivityAt != db.Activities.Where(x => x.ContactId == c.Id).Max(x => (DateTime?)x.OccurredAt));
            Assert.Equal(0, staleContacts);
            var staleCompanies = await db.Companies.CountAsync(c => c.LastActivityAt != db.Activities.Where(x => x.CompanyId == c.Id).Max(x => (DateTime?)x.OccurredAt));
            Assert.Equal(0, staleCompanies);
        });
    }

    [Fact]
    public async Task Seeded_deals_have_their_search_keys_and_words()
    {
        await app.WithDbAsync(async db =>
        {
            var deals = await db.Deals.AsNoTracking().ToListAsync();
            var words = (await db.SearchWords.AsNoTracking().Where(w => w.Kind == Deal.WordKind).ToListAsync())
                .GroupBy(w => w.RecordId).ToDictionary(g => g.Key, g => g.Select(w => w.Word).Order(StringComparer.Ordinal).ToList());
            foreach (var deal in deals)
            {
                var stored = deal.NameKey;
                deal.RefreshSearchKeys();
                Assert.Equal(deal.NameKey, stored);
                Assert.Equal(Crm.Web.Infrastructure.Search.SearchWords.Of(deal.WordSources()).Order(StringComparer.Ordinal), words[deal.Id]);
            }
        });
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_deals()
    {
        using var again = new SeededApp();
        await again.InitializeAsync();

        Assert.Equal(await SnapshotAsync(app), await SnapshotAsync(again));
    }

    private static Task<string> SnapshotAsync(CrmAppFactory app) => app.WithDbAsync(async db =>
    {
        var deals = await db.Deals.AsNoTracking().OrderBy(d => d.Id)
            .Select(d => $"{d.Name}|{d.StageId}|{d.Status}|{d.AmountCents}|{d.Currency}|{d.ExpectedCloseDate}|{d.CreatedAt:O}|{d.LastActivityAt:O}")
            .ToListAsync();
        var moves = await db.DealStageChanges.AsNoTracking().OrderBy(c => c.Id).Select(c => $"{c.DealId}|{c.ToStageId}|{c.Status}|{c.At:O}").ToListAsync();
        return string.Join('\n', deals.Concat(moves));
    });

    public sealed class SeededApp : CrmAppFactory, IAsyncLifetime
    {
        public static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 30, 0, TimeSpan.Zero);

        public async Task InitializeAsync() =>
            await WithScopeAsync(sp => sp.GetRequiredService<SeedDemoCommand>().RunAsync(
                new DemoSeedOptions(Companies: 40, Contacts: 250, Activities: 300, Deals: Deals, Password: "Demo-Pass-2026"),
                TextWriter.Null, CancellationToken.None));

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now)));
        }
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
