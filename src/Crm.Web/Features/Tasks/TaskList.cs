using System.Linq.Expressions;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tasks;

/// <summary>The full task list (/Tasks/All): what is tasks' own in the one list pipeline.</summary>
public sealed class TaskList(CrmDbContext db, UserTime time, TimeProvider clock, TaskRegarding regarding)
    : RecordList<CrmTask, TaskList.Query, TaskList.Row>(db, time, clock)
{
    public const string SortDue = "due";

    private readonly UserTime _time = time;
    private readonly TimeProvider _clock = clock;
    private readonly TaskRegarding _regarding = regarding;

    public const string Open = "open";
    public const string Done = "done";

    public const string Overdue = "overdue";
    public const string Today = "today";
    public const string Week = "week";

    private static readonly IReadOnlyDictionary<string, bool> Sorts = new Dictionary<string, bool> { [SortDue] = false };

    public sealed record Query : ListQuery
    {
        /// <summary>"open" or "done"; anything else, both.</summary>
        public string? Status { get; init; }

        /// <summary>"overdue", "today" or "week" (the next seven days), in the user's time zone.</summary>
        public string? Due { get; init; }

        /// <summary>The record the tasks are about, "contacts:12" (a record's tasks panel links here).</summary>
        [System.ComponentModel.DataAnnotations.StringLength(60)]
        public string? About { get; init; }

        public (string Kind, int Id)? Regarding =>
            About?.Split(':') is [var kind, var id] && kind.Length > 0 && int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var recordId)
                ? (kind, recordId)
                : null;

        public override IReadOnlyDictionary<string, bool> OwnSorts => Sorts;

        public override bool HasFilters => base.HasFilters || Status is Open or Done || Due is Overdue or Today or Week || Regarding is not null;
    }

    public sealed record Row(
        int Id,
        string Name,
        DateTime DueAt,
        TaskPriority Priority,
        DateTime? CompletedAt,
        string? RecordKind,
        int? RecordId,
        string? OwnerName,
        DateTime? LastActivityAt,
        DateTime CreatedAt) : IListRow<Row>
    {
        public IReadOnlyList<string> Tags { get; init; } = [];

        public ListPosition Position => new(Id, Name, CreatedAt, LastActivityAt, OwnerName)
        {
            Own = new Dictionary<string, object> { [SortDue] = DueAt },
        };

        public Row WithTags(IReadOnlyList<string> tags) => this with { Tags = tags };
    }

    /// <summary>The record the list is narrowed to, by name when the user may see it.</summary>
    public override async Task<IReadOnlyList<ListChip>> ChipsAsync(Query query, CrmUser user, CancellationToken ct)
    {
        if (query.Regarding is not var (kind, id))
        {
            return [];
        }

        var record = await _regarding.FindAsync(kind, id, user, ct);
        return [new ListChip("Regarding", "about", query.About!, record?.Name ?? "#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), record?.Path ?? CrmTask.Kind.ListPath)];
    }

    protected override Expression<Func<CrmTask, string>> NameKey => t => t.Title;

    protected override IQueryable<RecordTagLink> TagLinks =>
        Db.TaskTags.Select(t => new RecordTagLink { RecordId = t.TaskId, TagId = t.TagId });

    /// <summary>Titles containing the text, whatever the case (LIKE: case-insensitive on SQLite and SQL Server's default collation).</summary>
    protected override IQueryable<CrmTask> Search(IQueryable<CrmTask> records, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return records;
        }

        var pattern = "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return records.Where(t => EF.Functions.Like(t.Title, pattern, "\\"));
    }

    protected override IQueryable<CrmTask> FilterOwn(IQueryable<CrmTask> records, Query query)
    {
        records = query.Status switch
        {
            Open => records.Where(t => t.CompletedAt == null),
            Done => records.Where(t => t.CompletedAt != null),
            _ => records,
        };

        if (query.Regarding is var (kind, id))
        {
            records = records.Where(t => t.RecordKind == kind && t.RecordId == id);
        }

        var day = TaskDay.Of(_time, _clock);
        return query.Due switch
        {
            Overdue => records.Where(t => t.CompletedAt == null && t.DueAt < day.Now),
            Today => records.Where(t => t.DueAt >= day.Start && t.DueAt < day.End),
            Week => records.Where(t => t.DueAt >= day.Start && t.DueAt < day.WeekEnd),
            _ => records,
        };
    }

    protected override IQueryable<CrmTask>? OrderOwn(IQueryable<CrmTask> records, string sortKey, bool descending, Cursor? after) => sortKey switch
    {
        SortDue => records.Seek(t => t.DueAt, t => t.Id, descending, after),
        _ => null,
    };

    public override IQueryable<Row> Project(IQueryable<CrmTask> records) => records.Select(t => new Row(
        t.Id,
        t.Title,
        t.DueAt,
        t.Priority,
        t.CompletedAt,
        t.RecordKind,
        t.RecordId,
        t.Owner != null ? t.Owner.DisplayName : null,
        t.LastActivityAt,
        t.CreatedAt));
}

/// <summary>The user's day in UTC bounds: now, today's start and end, and seven days on, on the app's wall clock.</summary>
public sealed record TaskDay(DateTime Now, DateTime Start, DateTime End, DateTime WeekEnd)
{
    public static TaskDay Of(UserTime time, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = time.ToLocal(now).Date;
        return new TaskDay(now, time.ToUtc(today), time.ToUtc(today.AddDays(1)), time.ToUtc(today.AddDays(8)));
    }
}
