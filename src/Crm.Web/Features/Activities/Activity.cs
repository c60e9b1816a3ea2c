using System.Linq.Expressions;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore.Query;

namespace Crm.Web.Features.Activities;

public enum ActivityKind
{
    Call,
    Email,
    Meeting,
    Note,
}

public enum TextFormat
{
    Plain,
    Markdown,
}

/// <summary>A record an entry is attached to: its kind's key and its id.</summary>
public readonly record struct AttachedRecord(string Kind, int Id);

/// <summary>
/// One entry of a timeline: a call, email, meeting or note. It is regarding one record of any kind (a deal, a ticket)
/// and names the people and company involved, so that it also shows on their timelines; an entry logged on a contact
/// or a company names only them.
/// </summary>
public sealed partial class Activity : ISoftDeletable, IAudited, ITracked
{
    public const int RecordKindMaxLength = 32;

    public int Id { get; set; }
    public ActivityKind Kind { get; set; }
    public string Subject { get; set; } = string.Empty;
    public DateTime OccurredAt { get; set; }
    public int? DurationMinutes { get; set; }
    public string? Outcome { get; set; }
    public string? Body { get; set; }
    public TextFormat BodyFormat { get; set; }

    public int? ContactId { get; set; }
    public Contact? Contact { get; set; }
    public int? CompanyId { get; set; }
    public Company? Company { get; set; }

    /// <summary>The key of the kind of the record the entry is regarding ("deals"); null for an entry logged on a contact or company.</summary>
    public string? RecordKind { get; set; }

    /// <summary>The id of the record the entry is regarding, of <see cref="RecordKind"/>.</summary>
    public int? RecordId { get; set; }

    public string? CreatedById { get; set; }
    public AppUser? CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public string? DeletedWith { get; set; }
    public int Version { get; set; }

    /// <summary>The records the entry is attached to: what it is regarding, then the contact and the company involved.</summary>
    public IReadOnlyList<AttachedRecord> AttachedRecords => Attached(RecordKind, RecordId, ContactId, CompanyId);

    /// <summary>
    /// The record the entry was logged on: what it is regarding, else its contact, else its company. The entry belongs to
    /// that record's page, and that record's rule says who may see, delete and restore it (<see cref="ActivityAccess"/>).
    /// </summary>
    public AttachedRecord LoggedOn => AttachedRecords[0];

    /// <inheritdoc cref="AttachedRecords"/>
    public static IReadOnlyList<AttachedRecord> Attached(string? recordKind, int? recordId, int? contactId, int? companyId)
    {
        var records = new List<AttachedRecord>(3);
        if (recordKind is not null && recordId is int id)
        {
            records.Add(new(recordKind, id));
        }

        if (contactId is int contact)
        {
            records.Add(new(ContactKind.Key, contact));
        }

        if (companyId is int company)
        {
            records.Add(new(CompanyKind.Key, company));
        }

        return records;
    }

    /// <summary>
    /// <see cref="LoggedOn"/> as one filter EF translates: entries logged on one of the given records of each kind (ids
    /// as subqueries). One WHERE rather than a union, so that a read ordered by an index stays on it.
    /// </summary>
    public static Expression<Func<Activity, bool>> LoggedOnAny(IEnumerable<(string Kind, IQueryable<int> Ids)> records)
    {
        Expression<Func<Activity, bool>> any = a => false;
        foreach (var (kind, ids) in records)
        {
            Expression<Func<Activity, bool>> one = kind switch
            {
                // Any(id == …) rather than Contains: a correlated EXISTS probes the record's primary key for each entry,
                // where IN (subquery) makes SQLite build the whole set of visible ids first (100k ids for an admin).
                ContactKind.Key => a => a.RecordKind == null && a.ContactId != null && ids.Any(id => id == a.ContactId),
                CompanyKind.Key => a => a.RecordKind == null && a.ContactId == null && a.CompanyId != null && ids.Any(id => id == a.CompanyId),
                _ => a => a.RecordKind == kind && a.RecordId != null && ids.Any(id => id == a.RecordId),
            };
            any = any.Or(one);
        }

        return any;
    }

    /// <summary><see cref="LoggedOn"/> as a filter EF translates: entries logged on one of the given records of one kind.</summary>
    public static Expression<Func<Activity, bool>> LoggedOnOneOf(string kind, IReadOnlyList<int?> ids) => kind switch
    {
        ContactKind.Key => a => a.RecordKind == null && ids.Contains(a.ContactId),
        CompanyKind.Key => a => a.RecordKind == null && a.ContactId == null && ids.Contains(a.CompanyId),
        _ => a => a.RecordKind == kind && ids.Contains(a.RecordId),
    };

    public static Activity Log(ActivityKind kind, string subject, DateTime occurredAt, int? contactId, int? companyId, string? byUserId) =>
        Log(kind, subject, occurredAt, byUserId, a =>
        {
            a.ContactId = contactId;
            a.CompanyId = companyId;
        });

    /// <param name="attach">Sets the records the entry is attached to (a kind's <see cref="RecordTimeline{T}.Attach"/>).</param>
    public static Activity Log(ActivityKind kind, string subject, DateTime occurredAt, string? byUserId, Action<Activity> attach)
    {
        var activity = new Activity
        {
            Kind = kind,
            Subject = subject.Trim(),
            OccurredAt = occurredAt,
            CreatedById = byUserId,
        };
        attach(activity);
        if ((activity.RecordKind is null) != (activity.RecordId is null))
        {
            throw new InvalidOperationException("An activity regarding a record names both its kind and its id.");
        }

        if (activity.AttachedRecords.Count == 0)
        {
            throw new InvalidOperationException("An activity belongs to a record.");
        }

        return activity;
    }
}

public sealed partial class Activity
{
    /// <summary>Sets what the entry says; a duration only for calls and meetings, an outcome only for calls.</summary>
    public void Describe(ActivityKind kind, string subject, DateTime occurredAt, int? durationMinutes, CallOutcome? outcome, string? body, TextFormat format)
    {
        Kind = kind;
        Subject = subject.Trim();
        OccurredAt = occurredAt;
        DurationMinutes = kind is ActivityKind.Call or ActivityKind.Meeting ? durationMinutes : null;
        Outcome = kind == ActivityKind.Call ? outcome?.ToString() : null;
        Body = string.IsNullOrWhiteSpace(body) ? null : body.Trim();
        BodyFormat = format;
    }
}

internal static class ActivityFilters
{
    /// <summary>Either filter, as one expression (the right one's parameter replaced by the left one's).</summary>
    public static Expression<Func<Activity, bool>> Or(this Expression<Func<Activity, bool>> left, Expression<Func<Activity, bool>> right) =>
        Expression.Lambda<Func<Activity, bool>>(
            Expression.OrElse(left.Body, ReplacingExpressionVisitor.Replace(right.Parameters[0], left.Parameters[0], right.Body)),
            left.Parameters);

    /// <summary>Both filters, as one expression.</summary>
    public static Expression<Func<Activity, bool>> And(this Expression<Func<Activity, bool>> left, Expression<Func<Activity, bool>> right) =>
        Expression.Lambda<Func<Activity, bool>>(
            Expression.AndAlso(left.Body, ReplacingExpressionVisitor.Replace(right.Parameters[0], left.Parameters[0], right.Body)),
            left.Parameters);
}
