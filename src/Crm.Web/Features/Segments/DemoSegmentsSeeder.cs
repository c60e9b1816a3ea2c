using Crm.Web.Features.Contacts;
using Crm.Web.Features.Demo;
using Crm.Web.Features.WebForms;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Segments;

/// <summary>
/// Marketing's demo data, after the contacts: two dynamic segments (customers who consented; leads idle for 90 days),
/// a static list of the first consenting contacts met at a trade show, and the newsletter web form. Segments are added
/// at each run; the form only once (its address is unique).
/// </summary>
public sealed class DemoSegmentsSeeder(CrmDbContext db, TimeProvider clock) : IDemoSeeder
{
    public const int TradeShowMembers = 25;

    public int Order => 60;

    public IReadOnlyCollection<string> Handles => [];

    public async Task SeedAsync(DemoSeedOptions options, TextWriter output, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;

        // Written around the save interceptor, as the other seeders write in bulk: demo data leaves no history.
        await InsertAsync("Customers who consented", SegmentType.Dynamic, "consent=Granted&stage=Customer", null, now, ct);
        await InsertAsync("Leads idle for 90 days", SegmentType.Dynamic, "idle=90&stage=Lead", null, now, ct);
        var tradeShowId = await InsertAsync("Salon Lyon 2026", SegmentType.Static, string.Empty, "Met on our stand; consent given on the spot.", now, ct);
        var members = await db.Contacts.AsNoTracking().Where(c => c.Consent == ConsentState.Granted)
            .OrderBy(c => c.Id).Select(c => c.Id).Take(TradeShowMembers).ToListAsync(ct);
        db.SegmentMembers.AddRange(members.Select(id => new SegmentMember { SegmentId = tradeShowId, ContactId = id, AddedAt = now }));

        if (!await db.WebForms.AnyAsync(f => f.Slug == "newsletter", ct))
        {
            db.WebForms.Add(new WebForm
            {
                Name = "Newsletter",
                Slug = "newsletter",
                Title = "Subscribe to our newsletter",
                Intro = "News about the product and our events, once a month.",
                Fields = string.Join(',', WebFormFields.FirstName, WebFormFields.LastName, WebFormFields.Email, WebFormFields.Company),
                Required = string.Join(',', WebFormFields.LastName, WebFormFields.Email),
                ConsentText = "I agree to receive the newsletter by email.",
                ThankYou = "Thank you! The next issue is on its way.",
                TagName = "newsletter",
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
        await output.WriteLineAsync($"Segments: 3 (a static list of {members.Count}), web form /Forms/newsletter.");
    }

    private async Task<int> InsertAsync(string name, SegmentType type, string filter, string? description, DateTime now, CancellationToken ct)
    {
        var typeName = type.ToString();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO Segments (Name, Description, Type, Filter, CreatedAt, UpdatedAt, Version) VALUES ({name}, {description}, {typeName}, {filter}, {now}, {now}, {1})", ct);
        return await db.Segments.AsNoTracking().Where(s => s.Name == name).OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync(ct);
    }
}
