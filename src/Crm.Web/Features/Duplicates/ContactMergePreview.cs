using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>/Contacts/Merge?a=&amp;b=: both contacts side by side, with what each field would take and what moves.</summary>
public static class ContactMergePreview
{
    public sealed record Side(
        int Id,
        int Version,
        string FirstName,
        string LastName,
        string? JobTitle,
        string? CompanyName,
        ContactStatus Status,
        LifecycleStage LifecycleStage,
        string? OwnerName,
        string? TeamName,
        string? PreferredLanguage,
        ConsentState Consent,
        DateTime? ConsentAt,
        string? ConsentSource,
        IReadOnlyList<string> Emails,
        IReadOnlyList<string> Phones,
        IReadOnlyList<string> Tags,
        int Activities,
        DateTime CreatedAt,
        bool CanEdit);

    /// <param name="Emails">Both contacts' emails, each address once, as the merged contact will have them.</param>
    /// <param name="Phones">Both contacts' phones, each number (compared in E.164) once.</param>
    public sealed record Model(Side A, Side B, MergeContacts.Form Form, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones)
    {
        public bool CanMerge => A.CanEdit && B.CanEdit;
    }

    public sealed class Handler(CrmDbContext db)
    {
        /// <summary>Null when either contact does not exist or is not visible to the user.</summary>
        public async Task<Model?> Handle(int a, int b, CrmUser user, CancellationToken ct)
        {
            if (a == b)
            {
                return null;
            }

            var sides = await db.Contacts.AsNoTracking().VisibleTo(user)
                .Where(c => c.Id == a || c.Id == b)
                .Select(c => new
                {
                    c.Id, c.Version, c.FirstName, c.LastName, c.JobTitle, c.Status, c.LifecycleStage, c.PreferredLanguage,
                    c.Consent, c.ConsentAt, c.ConsentSource, c.CreatedAt, c.OwnerId, c.TeamId,
                    CompanyName = c.Company != null ? c.Company.Name : null,
                    OwnerName = c.Owner != null ? c.Owner.DisplayName : null,
                    TeamName = c.Team != null ? c.Team.Name : null,
                    Emails = c.Emails.OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Id).Select(e => e.Address).ToList(),
                    Phones = c.Phones.OrderBy(p => p.Id).Select(p => new { p.Number, p.E164 }).ToList(),
                    Tags = c.Tags.Select(t => t.Tag!.Name).OrderBy(n => n).ToList(),
                    Activities = db.Activities.Count(x => x.ContactId == c.Id),
                })
                .AsSplitQuery()
                .ToListAsync(ct);
            if (sides.Count != 2)
            {
                return null;
            }

            var all = sides.Select(c => new Side(
                c.Id, c.Version, c.FirstName, c.LastName, c.JobTitle, c.CompanyName, c.Status, c.LifecycleStage, c.OwnerName, c.TeamName,
                c.PreferredLanguage, c.Consent, c.ConsentAt, c.ConsentSource, c.Emails, c.Phones.Select(p => p.Number).ToList(), c.Tags, c.Activities, c.CreatedAt,
                user.CanEdit<Contact>(new OwnedRecord(c.OwnerId, c.TeamId)))).ToList();
            var sideA = all.Single(s => s.Id == a);
            var sideB = all.Single(s => s.Id == b);

            // By default every field keeps A's value, unless A has none and B has one.
            int Pick(Func<Side, bool> has) => has(sideA) || !has(sideB) ? a : b;
            var form = new MergeContacts.Form(
                a, b, sideA.Version, sideB.Version, Keep: a,
                FirstNameFrom: Pick(s => s.FirstName.Length > 0),
                LastNameFrom: a,
                JobTitleFrom: Pick(s => !string.IsNullOrWhiteSpace(s.JobTitle)),
                CompanyFrom: Pick(s => s.CompanyName is not null),
                StatusFrom: a,
                LifecycleStageFrom: a,
                OwnerFrom: Pick(s => s.OwnerName is not null),
                PreferredLanguageFrom: Pick(s => !string.IsNullOrWhiteSpace(s.PreferredLanguage)),
                ConsentFrom: Pick(s => s.Consent != ConsentState.Unknown));
            var ordered = sides.OrderBy(c => c.Id == a ? 0 : 1).ToList();
            var emails = ordered.SelectMany(c => c.Emails).DistinctBy(SearchKey.NormalizeEmail).ToList();
            var phones = ordered.SelectMany(c => c.Phones).DistinctBy(p => p.E164 ?? p.Number).Select(p => p.Number).ToList();
            return new Model(sideA, sideB, form, emails, phones);
        }
    }
}
