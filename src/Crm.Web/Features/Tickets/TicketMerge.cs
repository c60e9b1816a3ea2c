using Crm.Web.Features.Duplicates;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tickets;

/// <summary>
/// Merges a duplicate ticket into another: its messages (and their files) move to the ticket kept, in date order with
/// the others; its custom values are copied onto the ticket kept for the fields it has none for (as the duplicates
/// merge does; the duplicate keeps its own for a restore); the duplicate goes to the recycle bin with <see cref="Ticket.MergedIntoId"/> set; both histories say so
/// (the merge's change events, as any merge writes them). The user must be able to edit both.
/// </summary>
public sealed class TicketMerge(CrmDbContext db, ChangeScope changes, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<Outcome<int>> MergeAsync(int duplicateId, string? into, CrmUser user, CancellationToken ct)
    {
        var target = into?.Trim() ?? string.Empty;
        var number = target.ToUpperInvariant();
        int? targetId = int.TryParse(target.TrimStart('#'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

        return await MergeTransaction.RunAsync(db, changes, async token =>
        {
            var duplicate = await db.Tickets.VisibleTo(user).FirstOrDefaultAsync(t => t.Id == duplicateId, token);
            if (RecordEditing.Refuses(duplicate, user, out var refused))
            {
                return (Outcome<int>)refused;
            }

            var kept = target.Length == 0 ? null
                : await db.Tickets.VisibleTo(user).FirstOrDefaultAsync(t => t.Number == number || t.Id == targetId, token);
            if (kept is null || kept.Id == duplicate.Id)
            {
                return Outcome.Invalid([new FieldError("Into", l["Give the number of another ticket you can see."])]);
            }

            if (!user.CanEdit<Ticket>(kept))
            {
                return Outcome.Forbidden;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var audit = new MergeAudit(Ticket.Kind.AuditType, kept.Id, duplicate.Id);
            var moved = await db.TicketMessages.Where(m => m.TicketId == duplicate.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.TicketId, kept.Id), token);
            audit.Moved("Messages", moved);
            await CustomFields.CustomFieldStore.CarryOverAsync(db, Ticket.Kind.Key, kept.Id, duplicate.Id, audit, token);
            duplicate.MergedIntoId = kept.Id;
            duplicate.DeletedAt = now;
            if (kept.LastActivityAt is null || (duplicate.LastActivityAt is { } last && last > kept.LastActivityAt))
            {
                kept.LastActivityAt = duplicate.LastActivityAt;
            }

            db.AuditEntries.AddRange(audit.Entries(user.Id, now));
            await db.SaveChangesAsync(token);
            return Outcome.Done(kept.Id);
        }, outcome => outcome.Status == OutcomeStatus.Done, ct);
    }
}
