using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>
/// Deleted timeline entries the user may bring back, newest deletion first: DeleteActivity's rule (its author, while
/// they may create records of its kind, or anyone who may edit its record), on a record still live and visible.
/// </summary>
public sealed class DeletedActivities(CrmDbContext db)
{
    public const int PageSize = 50;

    public sealed record Row(int Id, ActivityKind Kind, string Subject, DateTime OccurredAt, DateTime DeletedAt, string RecordName, string RecordUrl);

    public sealed record Result(IReadOnlyList<RecordKind> Kinds, IReadOnlyList<Row> Rows, int Page, bool HasMore);

    /// <summary>The deleted entries this user may restore, as a query RestoreActivity shares.</summary>
    public IQueryable<Activity> Restorable(CrmUser user)
    {
        // The entry is seen through its record, as in DeleteActivity: the contact when there is one, else the company.
        var editableContacts = db.Contacts.EditableBy(user).Select(c => c.Id);
        var editableCompanies = db.Companies.EditableBy(user).Select(c => c.Id);
        var ownContacts = user.CanCreate<Contact>() ? db.Contacts.VisibleTo(user).Select(c => c.Id) : db.Contacts.Where(c => false).Select(c => c.Id);
        var ownCompanies = user.CanCreate<Company>() ? db.Companies.VisibleTo(user).Select(c => c.Id) : db.Companies.Where(c => false).Select(c => c.Id);
        var userId = user.Id;
        return db.Activities.IgnoreQueryFilters()
            .Where(a => a.DeletedAt != null)
            .Where(a => a.ContactId != null
                ? editableContacts.Contains(a.ContactId.Value) || (a.CreatedById == userId && ownContacts.Contains(a.ContactId.Value))
                : editableCompanies.Contains(a.CompanyId!.Value) || (a.CreatedById == userId && ownCompanies.Contains(a.CompanyId!.Value)));
    }

    public async Task<Result> Handle(int page, CrmUser user, RecordKinds kinds, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var rows = await Restorable(user).AsNoTracking()
            .OrderByDescending(a => a.DeletedAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(a => new { a.Id, a.Kind, a.Subject, a.OccurredAt, DeletedAt = a.DeletedAt!.Value, a.ContactId, a.CompanyId })
            .ToListAsync(ct);
        var shown = rows.Take(PageSize).ToList();
        var contactIds = shown.Where(a => a.ContactId != null).Select(a => a.ContactId!.Value).Distinct().ToList();
        var companyIds = shown.Where(a => a.ContactId == null).Select(a => a.CompanyId!.Value).Distinct().ToList();
        var contacts = await Contact.Kind.Summaries(db).Where(s => contactIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var companies = await Company.Kind.Summaries(db).Where(s => companyIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var result = shown.Select(a => a.ContactId is int contactId
                ? new Row(a.Id, a.Kind, a.Subject, a.OccurredAt, a.DeletedAt, contacts.GetValueOrDefault(contactId, string.Empty), Contact.Kind.DetailsPath(contactId))
                : new Row(a.Id, a.Kind, a.Subject, a.OccurredAt, a.DeletedAt, companies.GetValueOrDefault(a.CompanyId!.Value, string.Empty), Company.Kind.DetailsPath(a.CompanyId!.Value)))
            .ToList();
        return new Result(kinds.All, result, page, rows.Count > PageSize);
    }
}
