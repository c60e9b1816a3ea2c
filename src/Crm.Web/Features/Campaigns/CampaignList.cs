using System.Linq.Expressions;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Campaigns;

/// <summary>The campaign list (/Campaigns): what is campaigns' own in the one list pipeline (type and status are declared filters).</summary>
public sealed class CampaignList(CrmDbContext db, UserTime time, TimeProvider clock)
    : RecordList<Campaign, CampaignList.Query, CampaignList.Row>(db, time, clock)
{
    public const string SortStart = "start";

    private static readonly IReadOnlyDictionary<string, bool> Sorts = new Dictionary<string, bool> { [SortStart] = true };

    public sealed record Query : ListQuery
    {
        public override IReadOnlyDictionary<string, bool> OwnSorts => Sorts;
    }

    public sealed record Row(
        int Id,
        string Name,
        CampaignType Type,
        CampaignStatus Status,
        DateOnly? StartDate,
        long BudgetCents,
        string? OwnerName,
        DateTime? LastActivityAt,
        DateTime CreatedAt) : IListRow<Row>
    {
        public IReadOnlyList<string> Tags { get; init; } = [];

        public ListPosition Position => new(Id, Name, CreatedAt, LastActivityAt, OwnerName)
        {
            Own = new Dictionary<string, object> { [SortStart] = StartDate ?? DateOnly.MinValue },
        };

        public Row WithTags(IReadOnlyList<string> tags) => this with { Tags = tags };
    }

    protected override Expression<Func<Campaign, string>> NameKey => c => c.Name;

    protected override IQueryable<RecordTagLink> TagLinks =>
        Db.Set<CampaignTag>().Select(t => new RecordTagLink { RecordId = t.CampaignId, TagId = t.TagId });

    /// <summary>Names containing the text, whatever the case (LIKE: case-insensitive on SQLite and SQL Server's default collation).</summary>
    protected override IQueryable<Campaign> Search(IQueryable<Campaign> records, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return records;
        }

        var pattern = "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return records.Where(c => EF.Functions.Like(c.Name, pattern, "\\"));
    }

    protected override IQueryable<Campaign> FilterOwn(IQueryable<Campaign> records, Query query) => records;

    protected override IQueryable<Campaign>? OrderOwn(IQueryable<Campaign> records, string sortKey, bool descending, Cursor? after) => sortKey switch
    {
        SortStart => records.Seek(c => c.StartDate ?? DateOnly.MinValue, c => c.Id, descending, after),
        _ => null,
    };

    public override IQueryable<Row> Project(IQueryable<Campaign> records) => records.Select(c => new Row(
        c.Id,
        c.Name,
        c.Type,
        c.Status,
        c.StartDate,
        c.BudgetCents,
        c.Owner != null ? c.Owner.DisplayName : null,
        c.LastActivityAt,
        c.CreatedAt));
}
