using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Contacts;

/// <summary>Assign an owner, add a tag or delete the ticked contacts; only those the user may edit change.</summary>
public sealed class BulkEditContacts(CrmDbContext db, ChangeScope changes, RecordChoices choices, TagNames tagNames, IStringLocalizer<SharedResource> l)
{
    public async Task<BulkResult> Handle(BulkForm form, CrmUser user, CancellationToken ct)
    {
        var ids = form.Ids.Distinct().Take(BulkForm.MaxIds).ToList();
        if (ids.Count == 0)
        {
            return BulkResult.Failed(l["Select at least one record."]);
        }

        var contacts = await db.Contacts.EditableBy(user).Where(c => ids.Contains(c.Id)).Include(c => c.Tags).ToListAsync(ct);
        var skipped = ids.Count - contacts.Count;
        if (contacts.Count == 0 && form.Action is BulkForm.Assign or BulkForm.AddTag or BulkForm.Delete)
        {
            // Nothing here the user may edit: say so rather than judge the owner or tag they picked.
            return new BulkResult(0, skipped);
        }

        switch (form.Action)
        {
            case BulkForm.Assign:
                var owner = await BulkOwner.FindAsync(choices, form.OwnerId, user, ct);
                if (owner is null)
                {
                    return BulkResult.Failed(l["Choose the new owner."]);
                }

                foreach (var c in contacts)
                {
                    c.OwnerId = owner.Id;
                    c.TeamId = owner.TeamId;
                }

                break;
            case BulkForm.AddTag:
                var tag = await tagNames.FindOrCreateAsync(form.TagName, ct);
                if (tag is null)
                {
                    return BulkResult.Failed(l["Type the tag to add."]);
                }

                foreach (var c in contacts.Where(c => tag.Id == 0 || c.Tags.All(t => t.TagId != tag.Id)))
                {
                    c.Tags.Add(new ContactTag { Tag = tag });
                }

                break;
            case BulkForm.Delete:
                db.Contacts.RemoveRange(contacts);
                break;
            default:
                return BulkResult.Failed(l["Choose an action."]);
        }

        using (changes.Begin(ChangeSource.Bulk))
        {
            await db.SaveChangesAsync(ct);
        }

        return new BulkResult(contacts.Count, skipped);
    }
}
