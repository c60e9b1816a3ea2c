using Crm.Tests.Infrastructure;
using Crm.Web.Features.Account;
using Crm.Web.Features.Activities;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Demo;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Search;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Demo;

public sealed class CustomerRecordSeedingTests
{
    // Without deals: their seeder adds activities and search words of its own (DealSeedingTests).
    private static readonly DemoSeedOptions Small = new(Companies: 40, Contacts: 250, Activities: 1200, Deals: 0, Password: "Demo-Pass-2026");

    [Fact]
    public async Task Seeding_creates_exactly_the_asked_counts_and_writes_no_audit_rows()
    {
        using var app = new FixedClockAppFactory();
        await SeedAsync(app, Small);

        await app.WithDbAsync(async db =>
        {
            Assert.Equal(40, await db.Companies.CountAsync());
            Assert.Equal(250, await db.Contacts.CountAsync());
            Assert.Equal(1200, await db.Activities.CountAsync());
            Assert.True(await db.ContactEmails.CountAsync() > 200);
            Assert.True(await db.ContactPhones.CountAsync() > 200);
            Assert.True(await db.ContactTags.AnyAsync());
            Assert.True(await db.CompanyTags.AnyAsync());
            Assert.Equal(0, await db.AuditEntries.CountAsync());
            Assert.True(await db.Contacts.AllAsync(c => c.Version == 1 && c.CreatedAt <= c.UpdatedAt));
            Assert.True(await db.Activities.AllAsync(a => a.Version == 1));
        });
    }

    [Fact]
    public async Task Seeding_without_counts_gives_a_small_usable_demo()
    {
        using var app = new FixedClockAppFactory();
        await SeedAsync(app, new DemoSeedOptions(Password: "Demo-Pass-2026"));

        await app.WithDbAsync(async db =>
        {
            Assert.Equal(DemoCompaniesSeeder.DefaultCount, await db.Companies.CountAsync());
            Assert.Equal(DemoContactsSeeder.DefaultCount, await db.Contacts.CountAsync());
            Assert.Equal(DemoActivitiesSeeder.DefaultCount, await db.Activities.CountAsync(a => a.RecordKind == null));
            Assert.Equal(DemoDealsSeeder.DefaultCount, await db.Deals.CountAsync());
            Assert.True(await db.Activities.AnyAsync(a => a.RecordKind == Deal.Kind.Key));
        });
    }

    [Fact]
    public async Task Seeded_companies_carry_valid_siren_siret_and_vat_numbers()
    {
        using var app = new FixedClockAppFactory();
        await SeedAsync(app, Small);

        var companies = await app.WithDbAsync(db => db.Companies.AsNoTracking().ToListAsync());
        var french = companies.Where(c => c.Siren is not null).ToList();
        Assert.NotEmpty(french);
        Assert.Contains(companies, c => c.Siren is null && c.BillingAddress.Country == "United Kingdom");
        Assert.All(french, c =>
        {
            Assert.True(FrenchCompanyIds.IsValidSiren(c.Siren), c.Siren);
            Assert.True(FrenchCompanyIds.IsValidSiret(c.Siret), c.Siret);
            Assert.StartsWith(c.Siren!, c.Siret!, StringComparison.Ordinal);
            Assert.True(FrenchCompanyIds.IsValidVat(c.VatNumber), c.VatNumber);
            Assert.Equal("FR" + FrenchCompanyIds.FrenchVatKey(c.Siren!) + c.Siren, c.VatNumber);
            Assert.Matches(@"^\d\d\.\d\d[A-Z]$", c.NafCode);
            Assert.Equal("France", c.BillingAddress.Country);
        });
        Assert.Equal(companies.Count, companies.Select(c => c.NameKey).Distinct().Count());
    }

    [Fact]
    public async Task Seeded_search_keys_equal_what_the_entities_compute()
    {
        using var app = new FixedClockAppFactory();
        await SeedAsync(app, Small);

        await app.WithDbAsync(async db =>
        {
            var contacts = await db.Contacts.AsNoTracking().Include(c => c.Emails).Include(c => c.Phones).OrderBy(c => c.Id).ToListAsync();
            foreach (var contact in contacts)
            {
                var stored = (contact.FirstNameKey, contact.LastNameKey, contact.SortName, contact.Email, contact.EmailKey, contact.Phone, contact.PhoneE164,
                    Emails: string.Join('|', contact.Emails.OrderBy(e => e.Id).Select(e => $"{e.AddressKey}:{e.IsPrimary}")),
                    Phones: string.Join('|', contact.Phones.OrderBy(p => p.Id).Select(p => p.E164)));
                contact.Emails.Sort((a, b) => a.Id.CompareTo(b.Id));
                contact.Phones.Sort((a, b) => a.Id.CompareTo(b.Id));
                contact.RefreshSearchKeys();
                var computed = (contact.FirstNameKey, contact.LastNameKey, contact.SortName, contact.Email, contact.EmailKey, contact.Phone, contact.PhoneE164,
                    Emails: string.Join('|', contact.Emails.Select(e => $"{e.AddressKey}:{e.IsPrimary}")),
                    Phones: string.Join('|', contact.Phones.Select(p => p.E164)));
                Assert.Equal(computed, stored);
            }

            Assert.Contains(contacts, c => c.FirstName.Any(ch => ch > 127));
            Assert.Contains(contacts, c => c.Phones.Count == 2);

            foreach (var company in await db.Companies.AsNoTracking().OrderBy(c => c.Id).ToListAsync())
            {
                var stored = (company.NameKey, company.PhoneE164, company.Siren, company.Siret, company.VatNumber);
                company.RefreshSearchKeys();
                Assert.Equal((company.NameKey, company.PhoneE164, company.Siren, company.Siret, company.VatNumber), stored);
            }
        });
    }

    [Fact]
    public async Task Seeded_contacts_and_companies_have_exactly_the_search_words_of_their_names()
    {
        using var app = new FixedClockAppFactory();
        await SeedAsync(app, Small);

        await app.WithDbAsync(async db =>
        {
            var stored = (await db.SearchWords.AsNoTracking().ToListAsync())
                .GroupBy(w => (w.Kind, w.RecordId))
                .ToDictionary(g => g.Key, g => g.Select(w => w.Word).Order(StringComparer.Ordinal).ToList());
            var contacts = await db.Contacts.AsNoTracking().ToListAsync();
            var companies = await db.Companies.AsNoTracking().ToListAsync();
            Assert.True(stored.Values.Sum(w => w.Count) > 2 * (contacts.Count + companies.Count));
            Assert.Equal(contacts.Count + companies.Count, stored.Count);
            foreach (var contact in contacts)
            {
                Assert.Equal(SearchWords.Of(contact.WordSources()).Order(StringComparer.Ordinal), stored[(Contact.WordKind, contact.Id)]);
            }

            foreach (var company in companies)
            {
                Assert.Equal(SearchWords.Of(company.WordSources()).Order(StringComparer.Ordinal), stored[(Company.WordKind, company.Id)]);
            }
        });
    }

    [Fact]
    public async Task Every_activity_belongs_to_a_seeded_record_and_LastActivityAt_is_the_latest_one()
    {
        using var app = new FixedClockAppFactory();
        await SeedAsync(app, Small);

        await app.WithDbAsync(async db =>
        {
            var contactIds = (await db.Contacts.Select(c => c.Id).ToListAsync()).ToHashSet();
            var companyIds = (await db.Companies.Select(c => c.Id).ToListAsync()).ToHashSet();
            var activities = await db.Activities.AsNoTracking().Select(a => new { a.ContactId, a.CompanyId, a.OccurredAt, a.Kind, a.DurationMinutes }).ToListAsync();
            Assert.All(activities, a => Assert.True(
                (a.ContactId is null || contactIds.Contains(a.ContactId.Value)) && (a.CompanyId is null || companyIds.Contains(a.CompanyId.Value))
                && (a.ContactId ?? a.CompanyId) is not null));
            Assert.Equal(Enum.GetValues<ActivityKind>().Order(), activities.Select(a => a.Kind).Distinct().Order());
            Assert.All(activities.Where(a => a.Kind is ActivityKind.Call or ActivityKind.Meeting), a => Assert.NotNull(a.DurationMinutes));
            Assert.True(activities.Min(a => a.OccurredAt) >= FixedClockAppFactory.Now.UtcDateTime.Date.AddYears(-2));
            Assert.True(activities.Max(a => a.OccurredAt) <= FixedClockAppFactory.Now.UtcDateTime);

            var latestByContact = activities.Where(a => a.ContactId is not null).GroupBy(a => a.ContactId!.Value).ToDictionary(g => g.Key, g => g.Max(a => a.OccurredAt));
            var contacts = await db.Contacts.AsNoTracking().Select(c => new { c.Id, c.LastActivityAt }).ToListAsync();
            Assert.All(contacts, c => Assert.Equal(latestByContact.TryGetValue(c.Id, out var at) ? at : null, c.LastActivityAt));
            Assert.Contains(contacts, c => c.LastActivityAt is null);

            var latestByCompany = activities.Where(a => a.CompanyId is not null).GroupBy(a => a.CompanyId!.Value).ToDictionary(g => g.Key, g => g.Max(a => a.OccurredAt));
            var companies = await db.Companies.AsNoTracking().Select(c => new { c.Id, c.LastActivityAt }).ToListAsync();
            Assert.All(companies, c => Assert.Equal(latestByCompany.TryGetValue(c.Id, out var at) ? at : null, c.LastActivityAt));
        });
    }

    [Fact]
    public async Task Records_are_owned_mostly_by_sales_users_with_their_team_and_some_by_nobody()
    {
        using var app = new FixedClockAppFactory();
        await SeedAsync(app, Small);

        await app.WithDbAsync(async db =>
        {
            var users = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id);
            var contacts = await db.Contacts.AsNoTracking().Select(c => new { c.OwnerId, c.TeamId }).ToListAsync();
            Assert.Contains(contacts, c => c.OwnerId is null);
            Assert.All(contacts.Where(c => c.OwnerId is not null), c => Assert.Equal(users[c.OwnerId!].TeamId, c.TeamId));
            var salesEmails = DemoUsersSeeder.People.Where(p => p.Role == Roles.Sales).Select(p => p.Email).ToHashSet();
            var bySales = contacts.Count(c => c.OwnerId is not null && salesEmails.Contains(users[c.OwnerId].Email!));
            Assert.True(bySales > contacts.Count / 2, $"{bySales} of {contacts.Count} owned by Sales users");
        });
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_data_and_another_seed_other_data()
    {
        using var first = new FixedClockAppFactory();
        using var second = new FixedClockAppFactory();
        using var other = new FixedClockAppFactory();
        await SeedAsync(first, Small);
        await SeedAsync(second, Small);
        await SeedAsync(other, Small with { RandomSeed = 7 });

        var a = await SnapshotAsync(first);
        Assert.Equal(a, await SnapshotAsync(second));
        Assert.NotEqual(a, await SnapshotAsync(other));
    }

    [Fact]
    public async Task Seeding_twice_adds_more_data_without_reusing_names_or_sirens()
    {
        using var app = new FixedClockAppFactory();
        await SeedAsync(app, Small);
        await SeedAsync(app, Small);

        await app.WithDbAsync(async db =>
        {
            Assert.Equal(80, await db.Companies.CountAsync());
            Assert.Equal(500, await db.Contacts.CountAsync());
            Assert.Equal(2400, await db.Activities.CountAsync());
            Assert.Equal(80, await db.Companies.Select(c => c.NameKey).Distinct().CountAsync());
            var sirens = await db.Companies.Where(c => c.Siren != null).Select(c => c.Siren).ToListAsync();
            Assert.Equal(sirens.Count, sirens.Distinct().Count());
            Assert.Equal(DemoData.Tags.Length, await db.Tags.CountAsync());
            var stale = await db.Contacts.CountAsync(c => c.LastActivityAt != db.Activities.Where(x => x.ContactId == c.Id).Max(x => (DateTime?)x.OccurredAt));
            Assert.Equal(0, stale);
        });
    }

    private static async Task SeedAsync(CrmAppFactory app, DemoSeedOptions options) =>
        await app.WithScopeAsync(sp => sp.GetRequiredService<SeedDemoCommand>().RunAsync(options, TextWriter.Null, CancellationToken.None));

    private static async Task<string> SnapshotAsync(CrmAppFactory app) => await app.WithDbAsync(async db =>
    {
        var companies = await db.Companies.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => $"{c.Name}|{c.Siret}|{c.Phone}|{c.BillingAddress.City}|{c.Status}|{c.CreatedAt:O}|{c.LastActivityAt:O}").ToListAsync();
        var contacts = await db.Contacts.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => $"{c.FirstName} {c.LastName}|{c.Email}|{c.Phone}|{c.CompanyId}|{c.JobTitle}|{c.Consent}|{c.CreatedAt:O}|{c.LastActivityAt:O}").ToListAsync();
        var activities = await db.Activities.AsNoTracking().OrderBy(a => a.Id)
            .Select(a => $"{a.Kind}|{a.Subject}|{a.OccurredAt:O}|{a.ContactId}|{a.CompanyId}|{a.Body}").ToListAsync();
        return string.Join('\n', companies.Concat(contacts).Concat(activities));
    });

    /// <summary>The app with a fixed clock, so that generated times do not depend on when the test runs.</summary>
    private sealed class FixedClockAppFactory : CrmAppFactory
    {
        public static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 30, 0, TimeSpan.Zero);

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
