using System.Globalization;
using System.Linq.Expressions;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Deals;

/// <summary>The /Deals list: what is deals' own in the one list pipeline (<see cref="RecordList{T, TQuery, TRow}"/>).</summary>
public sealed class DealList(CrmDbContext db, UserTime time, TimeProvider clock)
    : RecordList<Deal, DealList.Query, DealList.Row>(db, time, clock)
{
    public const string SortAmount = "amount";
    public const string SortClose = "close";

    /// <summary>Open deals without a close date sort after every dated one.</summary>
    public static readonly DateOnly NoCloseDate = new(9999, 12, 31);

    private static readonly IReadOnlyDictionary<string, bool> Sorts = new Dictionary<string, bool> { [SortAmount] = true, [SortClose] = false };

    public sealed record Query : ListQuery
    {
        public int? Pipeline { get; init; }
        public int? Stage { get; init; }
        public DealStatus? Status { get; init; }
        public int? Company { get; init; }

        /// <summary>The month the deal is expected to close, "2026-12".</summary>
        public string? Close { get; init; }

        /// <summary>Bounds on the amount in the company's currency.</summary>
        public decimal? Min { get; init; }

        public decimal? Max { get; init; }

        public DateOnly? CloseMonth =>
            DateOnly.TryParseExact(Close + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;

        public override IReadOnlyDictionary<string, bool> OwnSorts => Sorts;

        public override bool HasFilters =>
            base.HasFilters || Pipeline is not null || Stage is not null || Status is not null || Company is not null || CloseMonth is not null || Min is not null || Max is not null;
    }

    public sealed record Row(
        int Id,
        string Name,
        int? CompanyId,
        string? CompanyName,
        string? StageName,
        int Probability,
        DealStatus Status,
        long AmountCents,
        string Currency,
        long AmountDefaultCents,
        DateOnly? ExpectedCloseDate,
        string? OwnerName,
        DateTime? LastActivityAt,
        DateTime CreatedAt,
        string NameKey) : IListRow<Row>
    {
        public IReadOnlyList<string> Tags { get; init; } = [];

        public ListPosition Position => new(Id, NameKey, CreatedAt, LastActivityAt, OwnerName)
        {
            Own = new Dictionary<string, object> { [SortAmount] = AmountDefaultCents, [SortClose] = ExpectedCloseDate ?? NoCloseDate },
        };

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
        var value = id.ToString(CultureInfo.InvariantCulture);
        return [new ListChip("Company", "company", value, name ?? "#" + value, Companies.Company.Kind.DetailsPath(id))];
    }

    protected override Expression<Func<Deal, string>> NameKey => d => d.NameKey;

    protected override IQueryable<RecordTagLink> TagLinks =>
        Db.DealTags.Select(t => new RecordTagLink { RecordId = t.DealId, TagId = t.TagId });

    protected override IQueryable<Deal> Search(IQueryable<Deal> records, string? text) => records.Matching(Db, text);

    protected override IQueryable<Deal> FilterOwn(IQueryable<Deal> records, Query query)
    {
        if (query.Pipeline is int pipeline)
        {
            records = records.Where(d => d.PipelineId == pipeline);
        }

        if (query.Stage is int stage)
        {
            records = records.Where(d => d.StageId == stage);
        }

        if (query.Status is DealStatus status)
        {
            records = records.Where(d => d.Status == status);
        }

        if (query.Company is int company)
        {
            records = records.Where(d => d.CompanyId == company);
        }

        if (query.CloseMonth is DateOnly month)
        {
            var next = month.AddMonths(1);
            records = records.Where(d => d.ExpectedCloseDate >= month && d.ExpectedCloseDate < next);
        }

        if (query.Min is decimal min)
        {
            var cents = Money.ToCents(Math.Clamp(min, -Money.Max, Money.Max));
            records = records.Where(d => d.AmountDefaultCents >= cents);
        }

        if (query.Max is decimal max)
        {
            var cents = Money.ToCents(Math.Clamp(max, -Money.Max, Money.Max));
            records = records.Where(d => d.AmountDefaultCents <= cents);
        }

        return records;
    }

    protected override IQueryable<Deal>? OrderOwn(IQueryable<Deal> records, string sortKey, bool descending, Cursor? after) => sortKey switch
    {
        SortAmount => records.Seek(d => d.AmountDefaultCents, d => d.Id, descending, after),
        SortClose => records.Seek(d => d.ExpectedCloseDate ?? NoCloseDate, d => d.Id, descending, after),
        _ => null,
    };

    public override IQueryable<Row> Project(IQueryable<Deal> records) => records.Select(d => new Row(
        d.Id,
        d.Name,
        d.CompanyId,
        d.Company != null ? d.Company.Name : null,
        d.Stage != null ? d.Stage.Name : null,
        d.Stage != null ? d.Stage.Probability : 0,
        d.Status,
        d.AmountCents,
        d.Currency,
        d.AmountDefaultCents,
        d.ExpectedCloseDate,
        d.Owner != null ? d.Owner.DisplayName : null,
        d.LastActivityAt,
        d.CreatedAt,
        d.NameKey));
}
