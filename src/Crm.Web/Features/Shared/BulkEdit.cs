using Crm.Web.Features.RecycleBin;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Shared;

/// <summary>Assign an owner, add a tag or delete the ticked records of any kind; only those the user may change do.</summary>
public sealed class BulkEdit(CrmDbContext db, ChangeScope changes, RecordChoices choices, TagNames tagNames, MoveToRecycleBin bin, IStringLocalizer<SharedResource> l)
{
    public async Task<BulkResult> Handle<T>(BulkForm form, CrmUser user, CancellationToken ct)
        where T : class, IRecord<T>, IAssignable, ITaggable
    {
        var ids = form.Ids.Distinct().Take(BulkForm.MaxIds).ToList();
        if (ids.Count == 0)
        {
            return BulkResult.Failed(l["Select at least one record."]);
        }

        // Every record the action touches is published as one bulk change, under one correlation id.
        using var scope = changes.Begin(ChangeSource.Bulk);

        if (form.Action == BulkForm.Delete)
        {
            // What the single delete does, per record: the same code, so the bin gives back the same record.
            var deleted = await bin.Handle(db.Set<T>(), ids, user, ct);
            return new BulkResult(deleted.Moved.Count, deleted.Forbidden + deleted.NotFound) { Deleted = deleted.Moved.Select(r => r.Id).ToList() };
        }

        var records = await db.Set<T>().EditableBy(user).Where(r => ids.Contains(r.Id)).Include("Tags").ToListAsync(ct);
        var skipped = ids.Count - records.Count;
        if (records.Count == 0 && form.Action is BulkForm.Assign or BulkForm.AddTag)
        {
            // Nothing here the user may edit: say so rather than judge the owner or tag they picked.
            return new BulkResult(0, skipped);
        }

        switch (form.Action)
        {
            case BulkForm.Assign:
                var owner = await BulkOwner.FindAsync<T>(choices, form.OwnerId, user, ct);
                if (owner is null)
                {
                    return BulkResult.Failed(l["Choose the new owner."]);
                }

                records.ForEach(r => r.AssignTo(owner.Id, owner.TeamId));
                break;
            case BulkForm.AddTag:
                var tag = await tagNames.FindOrCreateAsync(form.TagName, ct);
                if (tag is null)
                {
                    return BulkResult.Failed(l["Type the tag to add."]);
                }

                foreach (var record in records.Where(r => tag.Id == 0 || !r.HasTag(tag.Id)))
                {
                    record.AddTag(tag);
                }

                break;
            default:
                return BulkResult.Failed(l["Choose an action."]);
        }

        await db.SaveChangesAsync(ct);
        return new BulkResult(records.Count, skipped);
    }
}
