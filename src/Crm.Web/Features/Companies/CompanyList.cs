using System.Linq.Expressions;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Companies;

/// <summary>The /Companies list: what is companies' own in the one list pipeline (<see cref="RecordList{T, TQuery, TRow}"/>).</summary>
public sealed class CompanyList(CrmDbContext db, UserTime time, TimeProvider clock)
    : RecordList<Company, CompanyList.Query, CompanyList.Row>(db, time, clock)
{
    public sealed record Query : ListQuery
    {
        public CompanyStatus? Status { get; init; }

        public override bool HasFilters => base.HasFilters || Status is not null;
    }

    public sealed record Row(
        int Id,
        string Name,
        string? City,
        string? Phone,
        string? Industry,
        string? NafCode,
        CompanySize Size,
        CompanyStatus Status,
        string? OwnerName,
        DateTime? LastActivityAt,
        DateTime CreatedAt,
        string NameKey) : IListRow<Row>
    {
        public IReadOnlyList<string> Tags { get; init; } = [];

        public ListPosition Position => new(Id, NameKey, CreatedAt, LastActivityAt, OwnerName);

        public Row WithTags(IReadOnlyList<string> tags) => this with { Tags = tags };
    }

    protected override Expression<Func<Company, string>> NameKey => c => c.NameKey;

    protected override IQueryable<RecordTagLink> TagLinks =>
        Db.CompanyTags.Select(t => new RecordTagLink { RecordId = t.CompanyId, TagId = t.TagId });

    protected override IQueryable<Company> Search(IQueryable<Company> records, string? text) => records.Matching(Db, text);

    protected override IQueryable<Company> FilterOwn(IQueryable<Company> records, Query query) =>
        query.Status is CompanyStatus status ? records.Where(c => c.Status == status) : records;

    public override IQueryable<Row> Project(IQueryable<Company> records) => records.Select(c => new Row(
        c.Id,
        c.Name,
        c.BillingAddress.City,
        c.Phone,
        c.Industry,
        c.NafCode,
        c.Size,
        c.Status,
        c.Owner != null ? c.Owner.DisplayName : null,
        c.LastActivityAt,
        c.CreatedAt,
        c.NameKey));
}
