using Crm.Web.Features.Activities;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Shared;

/// <summary>A kind's details use case, as the details page written once in <see cref="RecordPagesController{T, TForm}"/> calls it.</summary>
public interface IRecordDetails<T>
    where T : class, IRecord<T>
{
    /// <summary>Null when the record does not exist or the user may not see it.</summary>
    /// <param name="type">The type the timeline is filtered to; null for every type.</param>
    Task<RecordDetailsPage?> HandleAsync(int id, CrmUser user, string? after, ActivityKind? type, bool allHistory, CancellationToken ct);
}

/// <summary>What every record's details page shows the same way: the header's name and actions, the timeline and the history.</summary>
/// <param name="AllHistory">Whether the history shows every entry, not only the last few.</param>
/// <param name="CanLog">Whether the user may log activities on the record (editors, and support, who may not edit it).</param>
/// <param name="TimelineType">The type the timeline is filtered to; null for every type.</param>
public sealed record RecordDetailsFrame(
    RecordKind Kind,
    int Id,
    string Name,
    bool CanEdit,
    Page<ActivityTimeline.Entry> Timeline,
    bool TimelineIsFirstPage,
    bool TimelineShowsContact,
    IReadOnlyList<RecordHistory.Entry> History,
    bool AllHistory,
    bool CanLog,
    ActivityKind? TimelineType)
{
    /// <summary>The frame of the record's page: what the user may do on it and the last entries of its history.</summary>
    public static async Task<RecordDetailsFrame> ReadAsync<T>(
        RecordHistory history, CrmUser user, int id, string name, IOwned owned, Page<ActivityTimeline.Entry> timeline, string? after, ActivityKind? type, bool allHistory, CancellationToken ct)
        where T : class, IRecord<T>
    {
        var kind = T.Kind;
        var entries = await history.ReadAsync(kind.AuditType, id, allHistory ? RecordHistory.LongCount : RecordHistory.ShortCount, ct);
        return new RecordDetailsFrame(kind, id, name, user.CanEdit<T>(owned), timeline, string.IsNullOrEmpty(after), kind.TimelineNamesContact, entries, allHistory, user.CanLog<T>(owned), type);
    }
}

/// <summary>
/// A record's details page: the shared frame (Shared/RecordDetails.cshtml) around the kind's own panels, which the
/// kind's partials render from its view deriving from this one.
/// </summary>
public abstract record RecordDetailsPage(RecordDetailsFrame Frame)
{
    /// <summary>The activity form, as the user filled it when it comes back with errors.</summary>
    public LogActivity.Form LogForm { get; init; } = new();

    /// <summary>
    /// The kind's own partial shown first in the page's main column, above the activity form and the timeline (a
    /// ticket's conversation); null for none.
    /// </summary>
    public virtual string? MainPanel => null;
}
