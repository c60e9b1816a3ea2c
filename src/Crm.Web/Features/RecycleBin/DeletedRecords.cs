using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.RecycleBin;

/// <summary>
/// Deleted contacts and companies the user may edit, newest deletion first. Records merged into another are left
/// out: their data lives on in the record kept, and bringing them back would recreate the duplicate.
/// </summary>
public sealed class DeletedRecords(CrmDbContext db)
{
    public const int PageSize = 50;

    public sealed record Row(string Kind, int Id, string Name, string? Detail, DateTime DeletedAt);

    public sealed record Result(string Kind, IReadOnlyList<Row> Rows, int Page, bool HasMore);

    public async Task<Result> Handle(string kind, int page, CrmUser user, CancellationToken ct)
    {
        page = Math.Max(1, page);
        List<Row> rows;
        if (kind == RecycleBinKinds.Companies)
        {
            rows = await RestorableCompanies(db, user).AsNoTracking()
                .OrderByDescending(c => c.DeletedAt).ThenByDescending(c => c.Id)
                .Skip((page - 1) * PageSize).Take(PageSize + 1)
                .Select(c => new Row(RecycleBinKinds.Companies, c.Id, c.Name, c.BillingAddress.City, c.DeletedAt!.Value))
                .ToListAsync(ct);
        }
        else
        {
            rows = await RestorableContacts(db, user).AsNoTracking()
                .OrderByDescending(c => c.DeletedAt).ThenByDescending(c => c.Id)
                .Skip((page - 1) * PageSize).Take(PageSize + 1)
                .Select(c => new Row(RecycleBinKinds.Contacts, c.Id, (c.FirstName + " " + c.LastName).Trim(), c.Email, c.DeletedAt!.Value))
                .ToListAsync(ct);
        }

        var more = rows.Count > PageSize;
        return new Result(kind, rows.Take(PageSize).ToList(), page, more);
    }

    /// <summary>Deleted contacts the user may edit and that were not merged into another: what the bin lists and restores.</summary>
    public static IQueryable<Contact> RestorableContacts(CrmDbContext db, CrmUser user) =>
        db.Contacts.IgnoreQueryFilters().EditableBy(user)
            .Where(c => c.DeletedAt != null && !db.AuditEntries.Any(a => a.EntityType == nameof(Contact) && a.EntityId == c.Id && a.Action == AuditAction.Merged));

    public static IQueryable<Company> RestorableCompanies(CrmDbContext db, CrmUser user) =>
        db.Companies.IgnoreQueryFilters().EditableBy(user)
            .Where(c => c.DeletedAt != null && !db.AuditEntries.Any(a => a.EntityType == nameof(Company) && a.EntityId == c.Id && a.Action == AuditAction.Merged));
}

public static class RecycleBinKinds
{
    public const string Contacts = "contacts";
    public const string Companies = "companies";

    public static string Of(string? kind) => kind == Companies ? Companies : Contacts;
}
