using System.Linq.Expressions;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Company = Crm.Web.Features.Companies.Company;

namespace Crm.Web.Features.Contacts;

/// <summary>The /Contacts list: what is contacts' own in the one list pipeline (<see cref="RecordList{T, TQuery, TRow}"/>).</summary>
public sealed class ContactList(CrmDbContext db, UserTime time, TimeProvider clock)
    : RecordList<Contact, ContactList.Query, ContactList.Row>(db, time, clock)
{
    public sealed record Query : ListQuery
    {
        public ContactStatus? Status { get; init; }
        public int? Company { get; init; }

        /// <summary>Contacts on a deal of this status; "none" (<see cref="NoDeal"/>), on no deal.</summary>
        [System.ComponentModel.DataAnnotations.StringLength(10)]
        public string? Deal { get; init; }

        public int? Team { get; init; }

        /// <summary>The city of the contact's company (its billing address), whatever the case.</summary>
        [System.ComponentModel.DataAnnotations.StringLength(100)]
        public string? CompanyCity { get; init; }

        public override bool HasFilters => base.HasFilters || Status is not null || Company is not null || DealFilter is not null || Team is not null || !string.IsNullOrWhiteSpace(CompanyCity);

        /// <summary>The deal filter read: a status, "none", or null when unset or not one of them.</summary>
        public string? DealFilter => Deal is null ? null
            : Deal.Equals(NoDeal, StringComparison.OrdinalIgnoreCase) ? NoDeal
            : Enum.TryParse<Deals.DealStatus>(Deal, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(Deal, out _) ? status.ToString()
            : null;
    }

    public const string NoDeal = "none";

    public sealed record Row(
        int Id,
        string FirstName,
        string LastName,
        string? Email,
        string? Phone,
        int? CompanyId,
        string? CompanyName,
        ContactStatus Status,
        LifecycleStage Stage,
        ConsentState Consent,
        string? OwnerName,
        DateTime? LastActivityAt,
        DateTime CreatedAt,
        string SortName) : IListRow<Row>
    {
        public IReadOnlyList<string> Tags { get; init; } = [];

        public string Name => $"{FirstName} {LastName}".Trim();

        public ListPosition Position => new(Id, SortName, CreatedAt, LastActivityAt, OwnerName);

        public Row WithTags(IReadOnlyList<string> tags) => this with { Tags = tags };
    }

    /// <summary>The company the list is narrowed to, by name when the user may see it.</summary>
    public override async Task<IReadOnlyList<ListChip>> ChipsAsync(Query query, CrmUser user, CancellationToken ct)
    {
        if (query.Company is not int id)
        {
            return [];
        }

        var name = await Db.Companies.AsNoTracking().VisibleTo(user).Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(ct);
        var value = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return [new ListChip("Company", "company", value, name ?? "#" + value, Company.Kind.DetailsPath(id))];
    }

    protected override Expression<Func<Contact, string>> NameKey => c => c.SortName;

    protected override IQueryable<RecordTagLink> TagLinks =>
        Db.ContactTags.Select(t => new RecordTagLink { RecordId = t.ContactId, TagId = t.TagId });

    protected override IQueryable<Contact> Search(IQueryable<Contact> records, string? text) => records.Matching(Db, text);

    protected override IQueryable<Contact> FilterOwn(IQueryable<Contact> records, Query query)
    {
        if (query.Status is ContactStatus status)
        {
            records = records.Where(c => c.Status == status);
        }

        if (query.Company is int company)
        {
            records = records.Where(c => c.CompanyId == company);
        }

        if (query.Team is int team)
        {
            records = records.Where(c => c.TeamId == team);
        }

        if (query.CompanyCity?.Trim() is { Length: > 0 } city)
        {
            // LIKE without wildcards: an exact match that ignores case on both providers.
            var pattern = city.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            records = records.Where(c => c.Company != null && EF.Functions.Like(c.Company.BillingAddress.City!, pattern, "\\"));
        }

        if (query.DealFilter is { } deal)
        {
            // Deals in the bin do not count (their query filter applies in the subquery).
            var onDeals = Db.DealContacts.Where(dc => Db.Deals.Any(d => d.Id == dc.DealId));
            if (deal == NoDeal)
            {
                records = records.Where(c => !onDeals.Any(dc => dc.ContactId == c.Id));
            }
            else
            {
                var dealStatus = Enum.Parse<Deals.DealStatus>(deal);
                records = records.Where(c => onDeals.Any(dc => dc.ContactId == c.Id && Db.Deals.Any(d => d.Id == dc.DealId && d.Status == dealStatus)));
            }
        }

        return records;
    }

    public override IQueryable<Row> Project(IQueryable<Contact> records) => records.Select(c => new Row(
        c.Id,
        c.FirstName,
        c.LastName,
        c.Email,
        c.Phone,
        c.CompanyId,
        c.Company != null ? c.Company.Name : null,
        c.Status,
        c.LifecycleStage,
        c.Consent,
        c.Owner != null ? c.Owner.DisplayName : null,
        c.LastActivityAt,
        c.CreatedAt,
        c.SortName));
}
