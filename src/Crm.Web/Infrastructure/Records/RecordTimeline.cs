using Crm.Web.Features.Activities;

namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// How a kind's records hold activities: what a record's timeline shows and how an entry logged on a record attaches
/// to it. A kind that declares none gets <see cref="RecordTimeline.Regarding{T}"/>: its timeline shows the entries regarding the record.
/// The timeline, logging, the recycle bin and the dashboard read it through the kind and never name one.
/// </summary>
public sealed class RecordTimeline<T>
    where T : class, IRecord<T>
{
    /// <summary>
    /// The entries of a record's timeline (<c>id</c>) as the user sees them, as queries that do not overlap: each is read
    /// newest first on its own index range, one page at most, and the pages are merged (a company's timeline holds its own
    /// entries and its contacts'). The caller has checked that the user may see the record.
    /// </summary>
    public required Func<Data.CrmDbContext, int, CrmUser, IReadOnlyList<IQueryable<Activity>>> Sources { get; init; }

    /// <summary>
    /// Sets the records an entry logged on the record is attached to. It must be logged on the record afterwards
    /// (<see cref="Activity.LoggedOn"/>): that is whose rule says who may delete it and whose page it goes back to.
    /// </summary>
    public required Action<Activity, T> Attach { get; init; }

    /// <summary>Whether the entries name the contact involved (a timeline that gathers several contacts' entries).</summary>
    public bool NamesContact { get; init; }
}

public static class RecordTimeline
{
    /// <summary>
    /// The default: the timeline shows the entries regarding the record, and an entry logged on it regards it and names
    /// the contact and company the record gives (a deal's call also shows on its contact's and company's timelines).
    /// </summary>
    public static RecordTimeline<T> Regarding<T>(string key, Func<T, int?>? contact = null, Func<T, int?>? company = null)
        where T : class, IRecord<T> => new()
    {
        Sources = (db, id, _) => [db.Activities.Where(a => a.RecordKind == key && a.RecordId == id)],
        Attach = (activity, record) =>
        {
            activity.RecordKind = key;
            activity.RecordId = record.Id;
            activity.ContactId = contact?.Invoke(record);
            activity.CompanyId = company?.Invoke(record);
        },
    };
}
