using System.Linq.Expressions;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tickets;

/// <summary>
/// The tickets list (/Tickets): its queues (mine, unassigned, my team, at risk, all), its status filter and its sort by
/// the resolution deadline, in the one list pipeline. A queue other than "all" shows open tickets unless a status is
/// chosen; a queue sorts by the deadline that comes first, "all" by the newest, unless another sort is chosen.
/// </summary>
public sealed class TicketList(CrmDbContext db, UserTime time, TimeProvider clock, CurrentUser current)
    : RecordList<Ticket, TicketList.Query, TicketList.Row>(db, time, clock)
{
    public const string SortDue = "due";

    public const string Mine = "mine";
    public const string Unassigned = "unassigned";
    public const string MyTeam = "team";
    public const string AtRisk = "atrisk";
    public const string All = "all";

    /// <summary>The queues as the page's tabs show them, in order.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> Queues =
        [(Mine, "Mine"), (Unassigned, "Unassigned"), (MyTeam, "My team"), (AtRisk, "At risk"), (All, "All")];

    /// <summary>New, open and waiting on the customer.</summary>
    public const string OpenStatuses = "open";

    /// <summary>Resolved and closed.</summary>
    public const string DoneStatuses = "done";

    /// <summary>Tickets without a resolution deadline sort after every dated one.</summary>
    public static readonly DateTime NoDue = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    private static readonly IReadOnlyDictionary<string, bool> Sorts = new Dictionary<string, bool> { [SortDue] = false };

    public sealed record Query : ListQuery
    {
        /// <summary>"mine", "unassigned", "team", "atrisk" or "all" (anything else: all).</summary>
        [System.ComponentModel.DataAnnotations.StringLength(20)]
        public string? Queue { get; init; }

        /// <summary>"open", "done" or one status's name; none: open tickets in a queue, every ticket in "all".</summary>
        [System.ComponentModel.DataAnnotations.StringLength(20)]
        public string? Status { get; init; }

        public string QueueKey => Queue?.ToLowerInvariant() is Mine or Unassigned or MyTeam or AtRisk ? Queue.ToLowerInvariant() : All;

        public override IReadOnlyDictionary<string, bool> OwnSorts => Sorts;

        /// <summary>A queue of open tickets: the deadline that comes first; every ticket ("all"): the newest first, on its index.</summary>
        protected override string DefaultSort => QueueKey == All ? "created" : SortDue;

        public override bool HasFilters => base.HasFilters || QueueKey != All || !string.IsNullOrEmpty(Status);
    }

    public sealed record Row(
        int Id,
        string Name,
        string Number,
        TicketStatus Status,
        TicketPriority Priority,
        SlaState SlaState,
        DateTime? ResolutionDueAt,
        TicketChannel Channel,
        string? Category,
        string? ContactName,
        string? QueueName,
        string? OwnerName,
        DateTime? LastActivityAt,
        DateTime CreatedAt) : IListRow<Row>
    {
        public IReadOnlyList<string> Tags { get; init; } = [];

        public ListPosition Position => new(Id, Name, CreatedAt, LastActivityAt, OwnerName)
        {
            Own = new Dictionary<string, object> { [SortDue] = ResolutionDueAt ?? NoDue },
        };

        public Row WithTags(IReadOnlyList<string> tags) => this with { Tags = tags };
    }

    protected override Expression<Func<Ticket, string>> NameKey => t => t.Subject;

    protected override IQueryable<RecordTagLink> TagLinks =>
        Db.TicketTags.Select(t => new RecordTagLink { RecordId = t.TicketId, TagId = t.TagId });

    /// <summary>A ticket's number ("T-2026-000123", or its digits) finds it on its index; other text matches the subject.</summary>
    protected override IQueryable<Ticket> Search(IQueryable<Ticket> records, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return records;
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith("T-", StringComparison.OrdinalIgnoreCase))
        {
            var number = trimmed.ToUpperInvariant();
            return records.Where(t => t.Number == number);
        }

        if (trimmed.Length <= 9 && int.TryParse(trimmed.TrimStart('#'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return records.Where(t => t.Id == id);
        }

        var pattern = "%" + trimmed.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return records.Where(t => EF.Functions.Like(t.Subject, pattern, "\\"));
    }

    protected override IQueryable<Ticket> FilterOwn(IQueryable<Ticket> records, Query query)
    {
        var user = current.Value;
        records = query.QueueKey switch
        {
            Mine => records.Where(t => t.OwnerId == user.Id),
            Unassigned => records.Where(t => t.OwnerId == null),
            MyTeam when user.TeamId is int team => records.Where(t => t.TeamId == team),
            MyTeam => records.Where(_ => false),
            AtRisk => records.Where(t => t.SlaState == SlaState.AtRisk || t.SlaState == SlaState.Breached),
            _ => records,
        };

        var status = query.Status?.ToLowerInvariant() ?? (query.QueueKey == All ? null : OpenStatuses);
        return status switch
        {
            null or "" => records,
            OpenStatuses => records.Where(t => t.InQueue == 1),
            DoneStatuses => records.Where(t => t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed),
            _ when Enum.TryParse<TicketStatus>(status, ignoreCase: true, out var one) && Enum.IsDefined(one) && !int.TryParse(status, out _) => records.Where(t => t.Status == one),
            _ => records,
        };
    }

    protected override IQueryable<Ticket>? OrderOwn(IQueryable<Ticket> records, string sortKey, bool descending, Cursor? after) => sortKey switch
    {
        SortDue => records.Seek(t => t.QueueDue, t => t.Id, descending, after),
        _ => null,
    };

    public override IQueryable<Row> Project(IQueryable<Ticket> records) => records.Select(t => new Row(
        t.Id,
        t.Subject,
        t.Number,
        t.Status,
        t.Priority,
        t.SlaState,
        t.ResolutionDueAt,
        t.Channel,
        t.Category,
        t.Contact != null ? t.Contact.FirstName + " " + t.Contact.LastName : null,
        t.Team != null ? t.Team.Name : null,
        t.Owner != null ? t.Owner.DisplayName : null,
        t.LastActivityAt,
        t.CreatedAt));
}
