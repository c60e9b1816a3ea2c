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
        var tradeShow = new Segment { Name = "Salon Lyon 2026", Type = SegmentType.Static, Description = "Met on our stand; consent given on the spot." };
        db.Segments.AddRange(
            new Segment { Name = "Customers who consented", Type = SegmentType.Dynamic, Filter = "consent=Granted&stage=Customer" },
            new Segment { Name = "Leads idle for 90 days", Type = SegmentType.Dynamic, Filter = "idle=90&stage=Lead" },
            tradeShow);
        await db.SaveChangesAsync(ct);
        var members = await db.Contacts.AsNoTracking().Where(c => c.Consent == ConsentState.Granted)
            .OrderBy(c => c.Id).Select(c => c.Id).Take(TradeShowMembers).ToListAsync(ct);
        db.SegmentMembers.AddRange(members.Select(id => new SegmentMember { SegmentId = tradeShow.Id, ContactId = id, AddedAt = now }));

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
}
