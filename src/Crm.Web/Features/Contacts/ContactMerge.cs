using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>What merging two contacts does beyond their declared fields: emails, phones and tags unioned, activities moved.</summary>
public static class ContactMerge
{
    public static RecordMerge<Contact> Part => new()
    {
        Including = contacts => contacts.Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags).ThenInclude(t => t.Tag).AsSplitQuery(),
        ChoiceLabels = new Dictionary<string, string> { [nameof(Contact.Address)] = "Address" },
        Move = MoveAsync,
        Combined = async (db, a, b, ct) =>
        {
            var both = new[] { a, b };
            var ids = both.Select(c => c.Id).ToList();
            var activities = await db.Activities.CountAsync(x => x.ContactId != null && ids.Contains(x.ContactId.Value), ct);
            return
            [
                new("Emails", both.SelectMany(c => c.Emails.OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Id)).Select(e => e.Address).DistinctBy(SearchKey.NormalizeEmail).ToList(), TestId: "emails"),
                new("Phones", both.SelectMany(c => c.Phones.OrderBy(p => p.Id)).DistinctBy(p => p.E164 ?? p.Number).Select(p => p.Number).ToList(), TestId: "phones"),
                new("Tags", both.SelectMany(c => c.Tags).Select(t => t.Tag!.Name).Distinct().Order().ToList()),
                new("Activities", [], "{0} in all; they will show on the contact you keep.", activities),
            ];
        },
        Title = "Merge contacts",
        Intro = "Pick the value to keep for each field. Emails, phone numbers, tags and activities of both contacts are kept; the other contact goes to the recycle bin.",
        KeepThis = "Keep this contact",
        Submit = "Merge the two contacts",
        Done = "The contacts were merged.",
    };

    private static async Task MoveAsync(MergeStep<Contact> step, CancellationToken ct)
    {
        var (db, survivor, merged, now, audit) = step;
        if (merged.LastActivityAt is { } last)
        {
            survivor.TouchActivity(last);
        }

        // Union: what the survivor lacks moves over; exact repeats stay on the merged contact, which is kept (soft-deleted).
        var emails = merged.Emails.Where(e => !survivor.Emails.Any(s => s.AddressKey == e.AddressKey)).ToList();
        foreach (var email in emails)
        {
            email.ContactId = survivor.Id;
            email.IsPrimary = false;
        }

        var phones = merged.Phones.Where(p => !survivor.Phones.Any(s => (s.E164 ?? s.Number) == (p.E164 ?? p.Number))).ToList();
        foreach (var phone in phones)
        {
            phone.ContactId = survivor.Id;
        }

        var tags = merged.Tags.Where(t => !survivor.Tags.Any(s => s.TagId == t.TagId)).Select(t => t.TagId).ToList();
        survivor.Tags.AddRange(tags.Select(tagId => new ContactTag { ContactId = survivor.Id, TagId = tagId }));

        // Deleted activities move too, so restoring one later brings it back on the right timeline.
        var activities = await db.Activities.IgnoreQueryFilters()
            .Where(x => x.ContactId == merged.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.ContactId, survivor.Id)
                .SetProperty(x => x.Version, x => x.Version + 1)
                .SetProperty(x => x.UpdatedAt, now), ct);

        audit.Moved("Emails", emails.Count);
        audit.Moved("Phones", phones.Count);
        audit.Moved("Tags", tags.Count);
        audit.Moved("Activities", activities);
    }
}
