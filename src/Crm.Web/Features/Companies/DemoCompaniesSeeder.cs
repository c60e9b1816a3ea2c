using Crm.Web.Features.Demo;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Search;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using static Crm.Web.Features.Demo.DemoData;

namespace Crm.Web.Features.Companies;

/// <summary>
/// French companies (legal forms, valid SIREN/SIRET and VAT numbers, NAF codes) and British ones, written in bulk
/// with prepared inserts. Additive: each run adds companies with names and SIRENs not already used.
/// </summary>
public sealed class DemoCompaniesSeeder(CrmDbContext db, TimeProvider clock) : IDemoSeeder
{
    public const int DefaultCount = 50;

    public int Order => 10;

    public IReadOnlyCollection<string> Handles => ["companies"];

    public async Task SeedAsync(DemoSeedOptions options, TextWriter output, CancellationToken ct)
    {
        var count = options.Companies ?? DefaultCount;
        if (count == 0)
        {
            return;
        }

        var random = RandomFor(options, 1);
        var today = Today(clock);
        var owners = await DemoOwners.LoadAsync(db, ct);
        var tagIds = await DemoOwners.EnsureTagsAsync(db, ct);
        var names = (await db.Companies.IgnoreQueryFilters().Select(c => c.NameKey).ToListAsync(ct)).ToHashSet();
        var sirens = (await db.Companies.IgnoreQueryFilters().Where(c => c.Siren != null).Select(c => c.Siren!).ToListAsync(ct)).ToHashSet();

        await using var writer = await BulkWriter.OpenAsync(db, ct);
        var companies = writer.Table<Company>(returnsId: true,
            nameof(Company.Name), nameof(Company.NameKey), nameof(Company.LegalName), nameof(Company.Siren), nameof(Company.Siret),
            nameof(Company.VatNumber), nameof(Company.NafCode), nameof(Company.Industry), nameof(Company.Size), nameof(Company.Website),
            nameof(Company.Phone), nameof(Company.PhoneE164),
            "BillingAddress.Line1", "BillingAddress.Line2", "BillingAddress.PostalCode", "BillingAddress.City", "BillingAddress.Country",
            "ShippingAddress.Line1", "ShippingAddress.Line2", "ShippingAddress.PostalCode", "ShippingAddress.City", "ShippingAddress.Country",
            nameof(Company.Status), nameof(Company.OwnerId), nameof(Company.TeamId), nameof(Company.ParentCompanyId),
            nameof(Company.CreatedAt), nameof(Company.UpdatedAt), nameof(Company.Version));
        var companyTags = writer.Table<CompanyTag>(returnsId: false, nameof(CompanyTag.CompanyId), nameof(CompanyTag.TagId));
        var searchWords = SearchWordTable.Open(writer);

        var progress = new Progress(output, "companies", count);
        var seeded = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            var c = random.Chance(0.7) ? French(random, names, sirens) : British(random, names);
            var owner = owners.Pick(random);
            var createdAt = random.Between(today.AddYears(-3), today.AddDays(-1));
            var updatedAt = random.Chance(0.6) ? random.Between(createdAt, today) : createdAt;
            int? parentId = seeded.Count > 20 && random.Chance(0.04) ? seeded[random.Next(seeded.Count)] : null;
            var id = await companies.InsertReturningIdAsync(ct,
                c.Name, SearchKey.Normalize(c.Name), c.LegalName, c.Siren, c.Siret, c.Vat, c.Naf, c.Industry, Size(random),
                "https://www." + c.Domain, c.Phone.Typed, c.Phone.E164,
                c.Billing.Line1, c.Billing.Line2, c.Billing.PostalCode, c.Billing.City, c.Billing.Country,
                c.Shipping.Line1, c.Shipping.Line2, c.Shipping.PostalCode, c.Shipping.City, c.Shipping.Country,
                Status(random), owner?.UserId, owner?.TeamId, parentId, createdAt, updatedAt, 1);
            seeded.Add(id);
            var tags = DemoOwners.PickTags(random, tagIds);
            foreach (var tagId in tags)
            {
                await companyTags.ExecuteAsync(ct, id, tagId);
            }

            var words = await searchWords.WriteAsync(new Company { Id = id, Name = c.Name, LegalName = c.LegalName }, ct);
            await writer.RowsWrittenAsync(1 + tags.Length + words, ct);
            await progress.ReportAsync(i + 1);
        }

        await searchWords.FlushAsync(ct);
        await writer.CompleteAsync(ct);
        await progress.DoneAsync(count);
    }

    private sealed record Generated(
        string Name, string LegalName, string? Siren, string? Siret, string? Vat, string? Naf, string Industry,
        string Domain, (string Typed, string E164) Phone, Shared.Address Billing, Shared.Address Shipping);

    private static Generated French(Random random, HashSet<string> names, HashSet<string> sirens)
    {
        var (trade, naf, industry) = random.Pick(FrenchTrades);
        var city = random.Pick(FrenchCities);
        var name = UniqueName(random, names, city.City, () => random.Next(4) switch
        {
            0 => $"{trade} {random.Pick(FrenchLastNames)}",
            1 => $"{trade} {random.Pick(FrenchLastNames)} & Fils",
            2 => $"{random.Pick(FrenchBrandRoots)} {trade}",
            _ => $"{trade} {random.Pick(FrenchBrandRoots)}",
        });
        string siren;
        do
        {
            siren = Siren(random);
        }
        while (!sirens.Add(siren));

        var billing = FrenchAddress(random, city);
        var shipping = random.Chance(0.7) ? billing : FrenchAddress(random, random.Pick(FrenchCities));
        return new Generated(
            name, $"{name} {random.Pick(FrenchLegalForms)}", siren, Siret(siren, random.Next(1, 6) * (random.Chance(0.8) ? 1 : 7)),
            "FR" + FrenchCompanyIds.FrenchVatKey(siren) + siren, naf, industry, Slug(name) + ".example",
            FrenchPhone(random, city.Phone), billing, shipping);
    }

    private static Generated British(Random random, HashSet<string> names)
    {
        var (word, industry) = random.Pick(UkTrades);
        var city = random.Pick(UkCities);
        var name = UniqueName(random, names, city.City, () => random.Next(3) switch
        {
            0 => $"{random.Pick(EnglishLastNames)} & {random.Pick(EnglishLastNames)}",
            1 => $"{random.Pick(UkBrandRoots)} {word}",
            _ => $"{random.Pick(EnglishLastNames)} {word}",
        });
        var billing = new Shared.Address
        {
            Line1 = $"{random.Next(1, 240)} {random.Pick(UkStreets)}",
            Line2 = random.Chance(0.2) ? $"Unit {random.Next(1, 30)}" : null,
            PostalCode = city.PostalCode,
            City = city.City,
            Country = "United Kingdom",
        };
        return new Generated(name, $"{name} {random.Pick(UkLegalForms)}", null, null, null, null, industry,
            Slug(name) + ".example", UkPhone(random, city.AreaCode), billing, billing);
    }

    private static Shared.Address FrenchAddress(Random random, (string City, string PostalCode, string Phone) city) => new()
    {
        Line1 = $"{random.Next(1, 180)}{(random.Chance(0.1) ? " bis" : "")} {random.Pick(FrenchStreets)}",
        Line2 = random.Chance(0.25) ? random.Pick(FrenchAddressLine2) : null,
        PostalCode = city.PostalCode,
        City = city.City,
        Country = "France",
    };

    private static string UniqueName(Random random, HashSet<string> names, string city, Func<string> make)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var candidate = make();
            if (names.Add(SearchKey.Normalize(candidate)))
            {
                return candidate;
            }
        }

        var withCity = $"{make()} {city}";
        while (!names.Add(SearchKey.Normalize(withCity)))
        {
            withCity = $"{make()} {city} {random.Next(2, 1000)}";
        }

        return withCity;
    }

    private static CompanySize Size(Random random) => random.NextDouble() switch
    {
        < 0.02 => CompanySize.Unknown,
        < 0.37 => CompanySize.Micro,
        < 0.67 => CompanySize.Small,
        < 0.87 => CompanySize.Medium,
        < 0.97 => CompanySize.Large,
        _ => CompanySize.Enterprise,
    };

    private static CompanyStatus Status(Random random) => random.NextDouble() switch
    {
        < 0.20 => CompanyStatus.Lead,
        < 0.50 => CompanyStatus.Prospect,
        < 0.85 => CompanyStatus.Customer,
        < 0.90 => CompanyStatus.Partner,
        _ => CompanyStatus.Inactive,
    };
}
