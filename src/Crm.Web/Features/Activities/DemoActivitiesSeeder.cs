using System.Globalization;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Demo;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using static Crm.Web.Features.Demo.DemoData;

namespace Crm.Web.Features.Activities;

/// <summary>
/// Calls, emails, meetings and notes over the last two years, in the contact's language, most on contacts (and
/// their company), some on companies alone. Busy customers get many, some contacts none. Then each contact's and
/// company's LastActivityAt is raised to its latest activity. Additive: each run adds activities.
/// </summary>
public sealed class DemoActivitiesSeeder(CrmDbContext db, TimeProvider clock) : IDemoSeeder
{
    public const int DefaultCount = 1500;

    public int Order => 30;

    public IReadOnlyCollection<string> Handles => ["activities"];

    public async Task SeedAsync(DemoSeedOptions options, TextWriter output, CancellationToken ct)
    {
        var count = options.Activities ?? DefaultCount;
        if (count == 0)
        {
            return;
        }

        var random = RandomFor(options, 3);
        var today = Today(clock);
        var owners = await DemoOwners.LoadAsync(db, ct);
        var companies = await db.Companies.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new Target(null, c.Id, c.Name, null, c.BillingAddress.Country != "France", c.OwnerId, c.CreatedAt))
            .ToListAsync(ct);
        var contacts = await db.Contacts.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new Target(c.Id, c.CompanyId, c.Company != null ? c.Company.Name : null, c.FirstName, c.PreferredLanguage == "en", c.OwnerId, c.CreatedAt))
            .ToListAsync(ct);
        if (companies.Count == 0 && contacts.Count == 0)
        {
            await output.WriteLineAsync("Note: no contacts or companies to log activities on; --activities ignored.");
            return;
        }

        // Draw how many activities each contact and company gets, then write them target by target, so that
        // the timeline indexes grow in order.
        var contactCounts = new int[contacts.Count];
        var companyCounts = new int[companies.Count];
        var contactPicker = contacts.Count > 0 ? new WeightedPicker(random, contacts.Count, noneShare: 0.15) : null;
        var companyPicker = companies.Count > 0 ? new WeightedPicker(random, companies.Count) : null;
        for (var i = 0; i < count; i++)
        {
            if (contactPicker is not null && (companyPicker is null || random.Chance(0.85)))
            {
                contactCounts[contactPicker.Next()]++;
            }
            else
            {
                companyCounts[companyPicker!.Next()]++;
            }
        }

        await using var writer = await BulkWriter.OpenAsync(db, ct);
        var activities = writer.Table<Activity>(returnsId: false,
            nameof(Activity.Kind), nameof(Activity.Subject), nameof(Activity.OccurredAt), nameof(Activity.DurationMinutes),
            nameof(Activity.Outcome), nameof(Activity.Body), nameof(Activity.BodyFormat), nameof(Activity.ContactId),
            nameof(Activity.CompanyId), nameof(Activity.CreatedById), nameof(Activity.CreatedAt), nameof(Activity.UpdatedAt),
            nameof(Activity.Version));

        var progress = new Progress(output, "activities", count);
        var written = 0;
        var contactLatest = new DateTime?[contacts.Count];
        var companyLatest = new Dictionary<int, DateTime>();
        var companyIds = companies.Select(c => c.CompanyId!.Value).ToHashSet();

        async Task WriteAsync(Target target, int howMany, Action<DateTime> seen)
        {
            var from = target.CreatedAt > today.AddYears(-2) ? target.CreatedAt : today.AddYears(-2);
            // Many relationships go quiet: their activities stop at some point, which "no activity for N days" finds.
            var until = random.Chance(0.4) ? random.Between(from, today) : today.AddMinutes(-5);
            for (var n = 0; n < howMany; n++)
            {
                var occurredAt = random.Between(from, until);
                var a = DemoActivityText.Make(random, target.English, target.FirstName, target.CompanyName);
                var logged = occurredAt.AddMinutes(a.Kind is ActivityKind.Note ? 0 : random.Next(1, 90));
                var createdAt = logged < today ? logged : today;
                var by = target.OwnerId is not null && random.Chance(0.7) ? target.OwnerId
                    : owners.Sales.Count > 0 ? random.Pick(owners.Sales).UserId : target.OwnerId;
                await activities.ExecuteAsync(ct,
                    a.Kind, a.Subject, occurredAt, a.DurationMinutes, a.Outcome, a.Body, a.Format,
                    target.ContactId, target.CompanyId, by, createdAt, createdAt, 1);
                seen(occurredAt);
                written++;
                await writer.RowsWrittenAsync(1, ct);
                await progress.ReportAsync(written);
            }
        }

        void SeenByCompany(int? companyId, DateTime at)
        {
            if (companyId is { } id && companyIds.Contains(id) && (!companyLatest.TryGetValue(id, out var latest) || at > latest))
            {
                companyLatest[id] = at;
            }
        }

        for (var i = 0; i < contacts.Count; i++)
        {
            var index = i;
            await WriteAsync(contacts[i], contactCounts[i], at =>
            {
                if (contactLatest[index] is not { } latest || at > latest)
                {
                    contactLatest[index] = at;
                }

                SeenByCompany(contacts[index].CompanyId, at);
            });
        }

        for (var i = 0; i < companies.Count; i++)
        {
            var company = companies[i];
            await WriteAsync(company, companyCounts[i], at => SeenByCompany(company.CompanyId, at));
        }

        await progress.DoneAsync(written);

        var contactTouch = writer.RaiseToLatest<Contact>(nameof(Contact.LastActivityAt));
        for (var i = 0; i < contacts.Count; i++)
        {
            if (contactLatest[i] is { } at)
            {
                await contactTouch.ExecuteAsync(ct, at, contacts[i].ContactId);
                await writer.RowsWrittenAsync(1, ct);
            }
        }

        var companyTouch = writer.RaiseToLatest<Company>(nameof(Company.LastActivityAt));
        foreach (var (id, at) in companyLatest.OrderBy(x => x.Key))
        {
            await companyTouch.ExecuteAsync(ct, at, id);
            await writer.RowsWrittenAsync(1, ct);
        }

        await writer.CompleteAsync(ct);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  last activity dates: {contactLatest.Count(x => x is not null):N0} contacts, {companyLatest.Count:N0} companies"));
    }

    private sealed record Target(int? ContactId, int? CompanyId, string? CompanyName, string? FirstName, bool English, string? OwnerId, DateTime CreatedAt);
}
