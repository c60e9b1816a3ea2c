using Crm.Web.Features.Demo;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Search;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using static Crm.Web.Features.Demo.DemoData;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// Contacts spread over the companies (a few with many people, most with a handful; some contacts with no company),
/// with emails on the company's domain, phones, consent and tags, written in bulk with prepared inserts. One contact
/// in two hundred is a near-duplicate of an earlier one (no accents, email in capitals), as real data has.
/// Additive: each run adds contacts.
/// </summary>
public sealed class DemoContactsSeeder(CrmDbContext db, TimeProvider clock) : IDemoSeeder
{
    public const int DefaultCount = 300;

    private static readonly string[] ConsentSourcesFr = ["Formulaire site web", "Salon VivaTech", "Webinaire", "Import CSV", "Rendez-vous commercial"];
    private static readonly string[] ConsentSourcesEn = ["Web form", "Trade show", "Webinar", "CSV import", "Sales meeting"];

    public int Order => 20;

    public IReadOnlyCollection<string> Handles => ["contacts"];

    public async Task SeedAsync(DemoSeedOptions options, TextWriter output, CancellationToken ct)
    {
        var count = options.Contacts ?? DefaultCount;
        if (count == 0)
        {
            return;
        }

        var random = RandomFor(options, 2);
        var today = Today(clock);
        var owners = await DemoOwners.LoadAsync(db, ct);
        var tagIds = await DemoOwners.EnsureTagsAsync(db, ct);
        var companies = await db.Companies.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new CompanyRow(c.Id, c.Website, c.BillingAddress.Country, c.OwnerId, c.TeamId, c.CreatedAt))
            .ToListAsync(ct);
        var emailKeys = (await db.ContactEmails.Select(e => e.AddressKey).ToListAsync(ct)).ToHashSet();
        var companyPicker = new WeightedPicker(random, companies.Count);

        await using var writer = await BulkWriter.OpenAsync(db, ct);
        var contacts = writer.Table<Contact>(returnsId: true,
            nameof(Contact.FirstName), nameof(Contact.LastName), nameof(Contact.FirstNameKey), nameof(Contact.LastNameKey),
            nameof(Contact.SortName), nameof(Contact.JobTitle), nameof(Contact.Email), nameof(Contact.EmailKey),
            nameof(Contact.Phone), nameof(Contact.PhoneE164), nameof(Contact.CompanyId), nameof(Contact.Status),
            nameof(Contact.LifecycleStage), nameof(Contact.PreferredLanguage), nameof(Contact.Consent), nameof(Contact.ConsentAt),
            nameof(Contact.ConsentSource), nameof(Contact.OwnerId), nameof(Contact.TeamId),
            nameof(Contact.CreatedAt), nameof(Contact.UpdatedAt), nameof(Contact.Version));
        var emails = writer.Table<ContactEmail>(returnsId: false,
            nameof(ContactEmail.ContactId), nameof(ContactEmail.Address), nameof(ContactEmail.AddressKey), nameof(ContactEmail.IsPrimary));
        var phones = writer.Table<ContactPhone>(returnsId: false, nameof(ContactPhone.ContactId), nameof(ContactPhone.Number), nameof(ContactPhone.E164));
        var contactTags = writer.Table<ContactTag>(returnsId: false, nameof(ContactTag.ContactId), nameof(ContactTag.TagId));
        var searchWords = SearchWordTable.Open(writer);

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        string Key(string name) => keys.TryGetValue(name, out var key) ? key : keys[name] = SearchKey.Normalize(name);

        var progress = new Progress(output, "contacts", count);
        var recent = new List<Person>();
        for (var i = 0; i < count; i++)
        {
            var company = companies.Count > 0 && random.Chance(0.88) ? companies[companyPicker.Next()] : null;
            var french = company is null ? random.Chance(0.65) : company.Country == "France" ^ random.Chance(0.05);
            var person = recent.Count > 0 && random.Chance(0.005)
                ? NearDuplicate(random.Pick(recent))
                : NewPerson(random, french, company, emailKeys);
            if (recent.Count < 200)
            {
                recent.Add(person);
            }
            else
            {
                recent[i % 200] = person;
            }

            var phoneList = Phones(random, french);
            var owner = company?.OwnerId is not null && random.Chance(0.8) ? new DemoOwner(company.OwnerId, company.TeamId) : owners.Pick(random);
            var createdAt = random.Between(Max(company?.CreatedAt, today.AddYears(-3)), today.AddHours(-1));
            var (consent, consentAt, consentSource) = Consent(random, french, createdAt, today);
            var status = consent is ConsentState.Denied && random.Chance(0.4) ? ContactStatus.DoNotContact
                : random.Chance(0.9) ? ContactStatus.Active : ContactStatus.Inactive;
            var firstKey = Key(person.FirstName);
            var lastKey = Key(person.LastName);
            var primary = person.Emails.Count > 0 ? person.Emails[0] : null;

            var id = await contacts.InsertReturningIdAsync(ct,
                person.FirstName, person.LastName, firstKey, lastKey, $"{lastKey} {firstKey}".Trim(),
                JobTitle(random, french, person.FirstName),
                primary, primary is null ? null : SearchKey.NormalizeEmail(primary),
                phoneList.Count > 0 ? phoneList[0].Typed : null, phoneList.Count > 0 ? phoneList[0].E164 : null,
                person.CompanyId, status, Stage(random), french ? "fr" : "en", consent, consentAt, consentSource,
                owner?.UserId, owner?.TeamId, createdAt, random.Chance(0.5) ? random.Between(createdAt, today) : createdAt, 1);

            for (var e = 0; e < person.Emails.Count; e++)
            {
                await emails.ExecuteAsync(ct, id, person.Emails[e], SearchKey.NormalizeEmail(person.Emails[e]), e == 0);
            }

            foreach (var (typed, e164) in phoneList)
            {
                await phones.ExecuteAsync(ct, id, typed, e164);
            }

            var tags = DemoOwners.PickTags(random, tagIds);
            foreach (var tagId in tags)
            {
                await contactTags.ExecuteAsync(ct, id, tagId);
            }

            var words = await searchWords.WriteAsync(new Contact { Id = id, FirstName = person.FirstName, LastName = person.LastName }, ct);
            await writer.RowsWrittenAsync(1 + person.Emails.Count + phoneList.Count + tags.Length + words, ct);
            await progress.ReportAsync(i + 1);
        }

        await searchWords.FlushAsync(ct);
        await writer.CompleteAsync(ct);
        await progress.DoneAsync(count);
    }

    private sealed record CompanyRow(int Id, string? Website, string? Country, string? OwnerId, int? TeamId, DateTime CreatedAt);

    private sealed record Person(string FirstName, string LastName, int? CompanyId, IReadOnlyList<string> Emails);

    private static Person NewPerson(Random random, bool french, CompanyRow? company, HashSet<string> emailKeys)
    {
        var first = random.Pick(french ? FrenchFirstNames : EnglishFirstNames);
        var last = random.Pick(french ? FrenchLastNames : EnglishLastNames);
        var list = new List<string>(2);
        var domain = company?.Website is { } site ? site[(site.IndexOf("www.", StringComparison.Ordinal) + 4)..] : null;
        if (random.Chance(0.95))
        {
            list.Add(UniqueEmail(random, first, last, domain ?? random.Pick(PersonalMailDomains), emailKeys));
        }

        if (domain is not null && list.Count > 0 && random.Chance(0.12))
        {
            list.Add(UniqueEmail(random, first, last, random.Pick(PersonalMailDomains), emailKeys));
        }

        return new Person(first, last, company?.Id, list);
    }

    /// <summary>The same person typed again: accents dropped, email in capitals, same company.</summary>
    private static Person NearDuplicate(Person original)
    {
        var first = Slug(original.FirstName).Replace('-', ' ');
        return new Person(
            first.Length > 0 ? char.ToUpperInvariant(first[0]) + first[1..] : original.FirstName,
            original.LastName.ToUpperInvariant(),
            original.CompanyId,
            original.Emails.Take(1).Select(e => e.ToUpperInvariant()).ToList());
    }

    private static string UniqueEmail(Random random, string first, string last, string domain, HashSet<string> emailKeys)
    {
        var f = Slug(first).Replace("-", "", StringComparison.Ordinal);
        var l = Slug(last).Replace("-", "", StringComparison.Ordinal);
        var local = random.Next(4) switch
        {
            0 => $"{f}.{l}",
            1 => $"{f[0]}.{l}",
            2 => $"{f}{l}",
            _ => $"{f}.{l}",
        };
        var address = $"{local}@{domain}";
        for (var n = 2; !emailKeys.Add(SearchKey.NormalizeEmail(address)); n++)
        {
            address = $"{local}{n}@{domain}";
        }

        // Some people type their address with capitals; the key is lower case either way.
        return random.Chance(0.05) ? char.ToUpperInvariant(address[0]) + address[1..] : address;
    }

    private static string JobTitle(Random random, bool french, string firstName)
    {
        if (!french)
        {
            return random.Pick(EnglishJobTitles);
        }

        var (man, woman) = random.Pick(FrenchJobTitles);
        return FrenchWomen.Contains(firstName) ? woman : man;
    }

    private static List<(string Typed, string E164)> Phones(Random random, bool french)
    {
        var count = random.NextDouble() switch { < 0.05 => 0, < 0.75 => 1, _ => 2 };
        var list = new List<(string Typed, string E164)>(count);
        if (count >= 1)
        {
            list.Add(french ? FrenchMobile(random) : UkMobile(random));
        }

        if (count == 2)
        {
            list.Add(french ? FrenchPhone(random, random.Next(1, 6).ToString(System.Globalization.CultureInfo.InvariantCulture)) : UkPhone(random, random.Pick(UkCities).AreaCode));
        }

        return list;
    }

    private static (ConsentState State, DateTime? At, string? Source) Consent(Random random, bool french, DateTime createdAt, DateTime today)
    {
        var state = random.NextDouble() switch
        {
            < 0.35 => ConsentState.Unknown,
            < 0.75 => ConsentState.Granted,
            < 0.88 => ConsentState.Denied,
            _ => ConsentState.Withdrawn,
        };
        return state == ConsentState.Unknown
            ? (state, null, null)
            : (state, random.Between(createdAt, today), random.Pick(french ? ConsentSourcesFr : ConsentSourcesEn));
    }

    private static LifecycleStage Stage(Random random) => random.NextDouble() switch
    {
        < 0.10 => LifecycleStage.Subscriber,
        < 0.35 => LifecycleStage.Lead,
        < 0.45 => LifecycleStage.MarketingQualified,
        < 0.55 => LifecycleStage.SalesQualified,
        < 0.65 => LifecycleStage.Opportunity,
        < 0.92 => LifecycleStage.Customer,
        < 0.97 => LifecycleStage.Evangelist,
        _ => LifecycleStage.Other,
    };

    private static DateTime Max(DateTime? a, DateTime b) => a is { } value && value > b ? value : b;
}
