using Crm.Web.Features.RecycleBin;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Shared;

/// <summary>Assign an owner, add a tag, set a custom field, delete or run the kind's own action (<see cref="RecordKind{T}.BulkActions"/>) on the ticked records of any kind; only those the user may change do.</summary>
public sealed class BulkEdit(CrmDbContext db, ChangeScope changes, RecordChoices choices, TagNames tagNames, MoveToRecycleBin bin, CustomFields.CustomFieldStore custom, IServiceProvider services, IStringLocalizer<SharedResource> l)
{
    /// <summary>The ticked records (at most <see cref="BulkForm.MaxIds"/>).</summary>
    public Task<BulkResult> Handle<T>(BulkForm form, CrmUser user, CancellationToken ct)
        where T : class, IRecord<T>, IAssignable, ITaggable =>
        Handle<T>(form, form.Ids.Distinct().Take(BulkForm.MaxIds).ToList(), user, ct);

    /// <summary>
    /// The given records, in batches of <see cref="BulkForm.MaxIds"/>: "all matching" hands up to
    /// <see cref="BulkForm.MaxMatching"/> ids. Each batch goes through the same access rule; the owner or tag is checked
    /// before anything is written, so a refused action changes nothing.
    /// </summary>
    public async Task<BulkResult> Handle<T>(BulkForm form, IReadOnlyList<int> ids, CrmUser user, CancellationToken ct)
        where T : class, IRecord<T>, IAssignable, ITaggable
    {
        if (ids.Count == 0)
        {
            return BulkResult.Failed(l["Select at least one record."]);
        }

        var own = T.Kind.BulkActions.FirstOrDefault(a => a.Key == form.Action);
        if (form.Action is not (BulkForm.Delete or BulkForm.Assign or BulkForm.AddTag or BulkForm.SetField) && own is null)
        {
            return BulkResult.Failed(l["Choose an action."]);
        }

        if (own is not null && !own.OfferedTo(user))
        {
            return BulkResult.Failed(l["Choose an action."]);
        }

        if (own?.OnVisible is { } onVisible)
        {
            var (message, error) = await onVisible(new BulkRun(services, user, form.Choice, ids), ct);
            return error is null ? new BulkResult(0, 0) { Message = message } : BulkResult.Failed(error);
        }

        // Every record the action touches is published as one bulk change, under one correlation id.
        using var scope = changes.Begin(ChangeSource.Bulk);

        if (form.Action == BulkForm.Delete)
        {
            // What the single delete does, per record: the same code, so the bin gives back the same record.
            var deleted = new List<int>();
            var refused = 0;
            foreach (var batch in ids.Chunk(BulkForm.MaxIds))
            {
                var outcome = await bin.Handle(db.Set<T>(), batch, user, ct);
                deleted.AddRange(outcome.Moved.Select(r => r.Id));
                refused += outcome.Forbidden + outcome.NotFound;
            }

            return new BulkResult(deleted.Count, refused) { Deleted = deleted };
        }

        if (form.Action == BulkForm.SetField)
        {
            return await SetFieldAsync<T>(form, ids, user, ct);
        }

        BulkOwner.Owner? owner = null;
        Tag? tag = null;
        var changed = 0;
        var skipped = 0;
        foreach (var batch in ids.Chunk(BulkForm.MaxIds))
        {
            var records = await db.Set<T>().EditableBy(user).Where(r => batch.Contains(r.Id)).Include("Tags").ToListAsync(ct);
            skipped += batch.Length - records.Count;
            if (records.Count == 0)
            {
                // Nothing here the user may edit: say so rather than judge the owner or tag they picked.
                continue;
            }

            if (own?.Apply is { } apply)
            {
                await apply(services, records, ct);
            }
            else if (form.Action == BulkForm.Assign)
            {
                owner ??= await BulkOwner.FindAsync<T>(choices, form.OwnerId, user, ct);
                if (owner is null)
                {
                    return BulkResult.Failed(l["Choose the new owner."]);
                }

                records.ForEach(r => r.AssignTo(owner.Id, owner.TeamId));
            }
            else
            {
                tag ??= await tagNames.FindOrCreateAsync(form.TagName, ct);
                if (tag is null)
                {
                    return BulkResult.Failed(l["Type the tag to add."]);
                }

                foreach (var record in records.Where(r => tag.Id == 0 || !r.HasTag(tag.Id)))
                {
                    record.AddTag(tag);
                }
            }

            await db.SaveChangesAsync(ct);
            changed += records.Count;
        }

        return new BulkResult(changed, skipped);
    }

    /// <summary>
    /// One custom field set to one value on the records the user may edit, checked as the form checks it before anything
    /// is written; each record that changes gets its history entry ("bulk edit"), none for those that held the value.
    /// </summary>
    private async Task<BulkResult> SetFieldAsync<T>(BulkForm form, IReadOnlyList<int> ids, CrmUser user, CancellationToken ct)
        where T : class, IRecord<T>, IAssignable, ITaggable
    {
        var (field, values, problem) = await custom.ParseOneAsync(T.Kind.Key, form.Field, form.Value, ct);
        if (field is null || problem is not null)
        {
            return BulkResult.Failed(problem ?? l["Choose a field from the list."]);
        }

        var changed = 0;
        var skipped = 0;
        foreach (var batch in ids.Chunk(BulkForm.MaxIds))
        {
            var editable = await db.Set<T>().EditableBy(user).Where(r => batch.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct);
            skipped += batch.Length - editable.Count;
            await custom.SetOnAsync(T.Kind, editable, field, values, ct);
            changed += editable.Count;
        }

        return new BulkResult(changed, skipped);
    }
}
