using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>
/// Deleted timeline entries the user may bring back, newest deletion first: DeleteActivity's rule (its author, while
/// they may create records of its kind, or anyone who may edit its record; <see cref="ActivityAccess"/>), on a record
/// still live and visible.
/// </summary>
public sealed class DeletedActivities(CrmDbContext db, RecordKinds kinds)
{
    public const int PageSize = 50;

    public sealed record Row(int Id, ActivityKind Kind, string Subject, DateTime OccurredAt, DateTime DeletedAt, string RecordName, string RecordUrl);

    public sealed record Result(IReadOnlyList<RecordKind> Kinds, IReadOnlyList<Row> Rows, int Page, bool HasMore);

    /// <summary>The deleted entries this user may restore, as a query RestoreActivity shares.</summary>
    public IQueryable<Activity> Restorable(CrmUser user) =>
        db.Activities.IgnoreQueryFilters().Where(a => a.DeletedAt != null && a.DeletedWith == null).ChangeableBy(user, db, kinds);

    public async Task<Result> Handle(int page, CrmUser user, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var rows = await Restorable(user).AsNoTracking()
            .OrderByDescending(a => a.DeletedAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(a => new { a.Id, a.Kind, a.Subject, a.OccurredAt, DeletedAt = a.DeletedAt!.Value, a.RecordKind, a.RecordId, a.ContactId, a.CompanyId })
            .ToListAsync(ct);
        var shown = rows.Take(PageSize)
            .Select(a => (Entry: a, On: Activity.Attached(a.RecordKind, a.RecordId, a.ContactId, a.CompanyId)[0]))
            .ToList();
        var names = await AttachedRecordNames.ReadAsync(db, kinds, shown.Select(a => a.On), ct);
        var result = shown.Select(a => new Row(
                a.Entry.Id, a.Entry.Kind, a.Entry.Subject, a.Entry.OccurredAt, a.Entry.DeletedAt,
                names.GetValueOrDefault(a.On, string.Empty), kinds.Find(a.On.Kind)?.DetailsPath(a.On.Id) ?? string.Empty))
            .ToList();
        return new Result(kinds.All, result, page, rows.Count > PageSize);
    }
}
