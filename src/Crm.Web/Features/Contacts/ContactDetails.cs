using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>A contact's 360° view: facts, company, timeline of activities and history.</summary>
public static class ContactDetails
{
    public sealed record EmailRow(string Address, bool IsPrimary);

    public sealed record PhoneRow(string Number, string? E164);

    public sealed record Facts(
        int Id,
        string FirstName,
        string LastName,
        string? JobTitle,
        int? CompanyId,
        string? CompanyName,
        string? CompanyCity,
        ContactStatus Status,
        LifecycleStage LifecycleStage,
        string? LeadSource,
        string? OwnerId,
        string? OwnerName,
        int? TeamId,
        string? TeamName,
        string? PreferredLanguage,
        string? Civility,
        Address Address,
        string? Description,
        ConsentState Consent,
        DateTime? ConsentAt,
        string? ConsentSource,
        DateTime CreatedAt,
        DateTime UpdatedAt,
        DateTime? LastActivityAt)
    {
        public string FullName => $"{FirstName} {LastName}".Trim();
    }

    public sealed record View(
        RecordDetailsFrame Frame,
        Facts Contact,
        IReadOnlyList<EmailRow> Emails,
        IReadOnlyList<PhoneRow> Phones,
        IReadOnlyList<string> Tags) : RecordDetailsPage(Frame)
    {
        /// <summary>Every change of the contact's marketing consent, newest first (<see cref="ConsentChange"/>).</summary>
        public IReadOnlyList<ConsentRow> ConsentHistory { get; init; } = [];
    }

    /// <summary>A consent change as the page shows it: who made it by name (null: the public or the system).</summary>
    public sealed record ConsentRow(ConsentState State, DateTime At, string? Source, string? ByName);

    /// <summary>How many consent changes the page shows; older ones stay in the table (and in the GDPR copy).</summary>
    public const int ConsentRowsShown = 20;

    public sealed class Handler(CrmDbContext db, ActivityTimeline.Handler timeline, RecordHistory history) : IRecordDetails<Contact>
    {
        /// <summary>Null when the contact does not exist or the user may not see it.</summary>
        public async Task<RecordDetailsPage?> HandleAsync(int id, CrmUser user, string? after, ActivityKind? type, bool allHistory, CancellationToken ct)
        {
            var facts = await db.Contacts.AsNoTracking().VisibleTo(user)
                .Where(c => c.Id == id)
                .Select(c => new Facts(
                    c.Id, c.FirstName, c.LastName, c.JobTitle,
                    c.CompanyId, c.Company != null ? c.Company.Name : null, c.Company != null ? c.Company.BillingAddress.City : null,
                    c.Status, c.LifecycleStage, c.LeadSource,
                    c.OwnerId, c.Owner != null ? c.Owner.DisplayName : null,
                    c.TeamId, c.Team != null ? c.Team.Name : null,
                    c.PreferredLanguage, c.Civility, c.Address, c.Description, c.Consent, c.ConsentAt, c.ConsentSource,
                    c.CreatedAt, c.UpdatedAt, c.LastActivityAt))
                .FirstOrDefaultAsync(ct);
            if (facts is null)
            {
                return null;
            }

            var emails = await db.ContactEmails.AsNoTracking().Where(e => e.ContactId == id)
                .OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Id)
                .Select(e => new EmailRow(e.Address, e.IsPrimary)).ToListAsync(ct);
            var phones = await db.ContactPhones.AsNoTracking().Where(p => p.ContactId == id)
                .OrderBy(p => p.Id).Select(p => new PhoneRow(p.Number, p.E164)).ToListAsync(ct);
            var tags = await db.ContactTags.AsNoTracking().Where(t => t.ContactId == id)
                .OrderBy(t => t.Tag!.Name).Select(t => t.Tag!.Name).ToListAsync(ct);
            var entries = await timeline.ForAsync<Contact>(id, after, user, ct, type: type);
            var frame = await RecordDetailsFrame.ReadAsync<Contact>(history, user, id, facts.FullName, new OwnedRef(facts.OwnerId, facts.TeamId), entries, after, type, allHistory, ct);
            var consent = await db.ConsentChanges.AsNoTracking().Where(c => c.ContactId == id)
                .OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(ConsentRowsShown)
                .Select(c => new ConsentRow(c.State, c.At, c.Source, db.Users.Where(u => u.Id == c.ByUserId).Select(u => u.DisplayName).FirstOrDefault()))
                .ToListAsync(ct);
            return new View(frame, facts, emails, phones, tags) { ConsentHistory = consent };
        }
    }
}
