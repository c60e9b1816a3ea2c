using Crm.Web.Features.Contacts;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Segments;

/// <summary>
/// Who is in a segment, for a given user (docs/decisions/0020-segments.md): the ids of the contacts it holds that the
/// user may see, as a subquery that runs in SQL on both providers. A dynamic segment's filter runs through the contacts
/// list's own pipeline (<see cref="ContactList.Filtered"/>), so it matches exactly what the list shows for the same query
/// string; a static list's members are its rows. Background work (a campaign's send) passes the user it acts for, built
/// with <c>CurrentVisibility.UserAsync</c>.
/// </summary>
public sealed class SegmentMembers(CrmDbContext db, ContactList contacts, CustomFieldStore customFields)
{
    /// <summary>The contact ids of the segment the user may see; null when the segment is not there or the user may not see it.</summary>
    public async Task<IQueryable<int>?> ContactIdsAsync(int segmentId, CrmUser user, CancellationToken ct)
    {
        var segment = await db.Segments.AsNoTracking().VisibleTo(user)
            .Where(s => s.Id == segmentId)
            .Select(s => new { s.Id, s.Type, s.Filter })
            .FirstOrDefaultAsync(ct);
        return segment is null ? null : await ContactIdsAsync(segment.Id, segment.Type, segment.Filter, user, ct);
    }

    /// <summary>The contacts a segment of this type and filter holds that the user may see; nothing when a stored filter no longer reads.</summary>
    public async Task<IQueryable<int>> ContactIdsAsync(int segmentId, SegmentType type, string filter, CrmUser user, CancellationToken ct) =>
        type == SegmentType.Static
            ? db.Contacts.AsNoTracking().VisibleTo(user).Where(c => db.SegmentMembers.Any(m => m.SegmentId == segmentId && m.ContactId == c.Id)).Select(c => c.Id)
            : await QueryAsync(filter, ct) is { } query
                ? contacts.Filtered(query, user).Select(c => c.Id)
                : db.Contacts.Where(c => false).Select(c => c.Id);

    /// <summary>The contacts list's query a stored filter means; null when it no longer reads (a value out of range).</summary>
    public async Task<ContactList.Query?> QueryAsync(string filter, CancellationToken ct) =>
        ListQueryReader.Read<ContactList.Query>(Contact.Kind, filter, await customFields.FieldsAsync(Contact.Kind.Key, ct));

    /// <summary>A capped count (as the lists count) and the first contacts by name, for the segment's page.</summary>
    public async Task<(int Count, IReadOnlyList<ContactList.Row> First)> PreviewAsync(IQueryable<int> ids, int take, CancellationToken ct)
    {
        var count = await ids.CappedCountAsync(ct);
        var first = await contacts.Project(db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.SortName).ThenBy(c => c.Id).Take(take)).ToListAsync(ct);
        return (count, first);
    }

    /// <summary>
    /// Adds to a static list the contacts among <paramref name="contactIds"/> that the user may see (and that are not on it
    /// yet); the number added. The list must be one the user may edit.
    /// </summary>
    public async Task<int?> AddAsync(int segmentId, IReadOnlyCollection<int> contactIds, CrmUser user, DateTime now, CancellationToken ct)
    {
        if (!await db.Segments.EditableBy(user).AnyAsync(s => s.Id == segmentId && s.Type == SegmentType.Static, ct))
        {
            return null;
        }

        var visible = await db.Contacts.AsNoTracking().VisibleTo(user)
            .Where(c => contactIds.Contains(c.Id) && !db.SegmentMembers.Any(m => m.SegmentId == segmentId && m.ContactId == c.Id))
            .Select(c => c.Id).ToListAsync(ct);
        db.SegmentMembers.AddRange(visible.Select(id => new SegmentMember { SegmentId = segmentId, ContactId = id, AddedAt = now }));
        await db.SaveChangesAsync(ct);
        return visible.Count;
    }

    /// <summary>Takes contacts off a static list the user may edit; the number removed.</summary>
    public async Task<int?> RemoveAsync(int segmentId, IReadOnlyCollection<int> contactIds, CrmUser user, CancellationToken ct)
    {
        if (!await db.Segments.EditableBy(user).AnyAsync(s => s.Id == segmentId && s.Type == SegmentType.Static, ct))
        {
            return null;
        }

        return await db.SegmentMembers.Where(m => m.SegmentId == segmentId && contactIds.Contains(m.ContactId)).ExecuteDeleteAsync(ct);
    }
}
