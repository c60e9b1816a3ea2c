using System.Linq.Expressions;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Segments;

/// <summary>The /Segments list: what is segments' own in the one list pipeline.</summary>
public sealed class SegmentList(CrmDbContext db, UserTime time, TimeProvider clock)
    : RecordList<Segment, SegmentList.Query, SegmentList.Row>(db, time, clock)
{
    public sealed record Query : ListQuery;

    public sealed record Row(
        int Id,
        string Name,
        SegmentType Type,
        string? OwnerName,
        DateTime? LastActivityAt,
        DateTime CreatedAt) : IListRow<Row>
    {
        public IReadOnlyList<string> Tags { get; init; } = [];

        public ListPosition Position => new(Id, Name, CreatedAt, LastActivityAt, OwnerName);

        public Row WithTags(IReadOnlyList<string> tags) => this with { Tags = tags };
    }

    protected override Expression<Func<Segment, string>> NameKey => s => s.Name;

    protected override IQueryable<RecordTagLink> TagLinks =>
        Db.SegmentTags.Select(t => new RecordTagLink { RecordId = t.SegmentId, TagId = t.TagId });

    /// <summary>Names containing the text, whatever the case (LIKE: case-insensitive on SQLite and SQL Server's default collation).</summary>
    protected override IQueryable<Segment> Search(IQueryable<Segment> records, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return records;
        }

        var pattern = "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return records.Where(s => EF.Functions.Like(s.Name, pattern, "\\"));
    }

    protected override IQueryable<Segment> FilterOwn(IQueryable<Segment> records, Query query) => records;

    public override IQueryable<Row> Project(IQueryable<Segment> records) => records.Select(s => new Row(
        s.Id,
        s.Name,
        s.Type,
        s.Owner != null ? s.Owner.DisplayName : null,
        s.LastActivityAt,
        s.CreatedAt));
}
