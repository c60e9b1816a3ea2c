using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>
/// Merges company <see cref="Form.A"/> and <see cref="Form.B"/> into the one the user keeps: each field takes the value
/// picked, tags are unioned, contacts, child companies and activities move over, the other company is soft-deleted.
/// One transaction; refused when either company changed since the preview.
/// </summary>
public static class MergeCompanies
{
    /// <summary>Each "…From" names the company (A or B) whose value the merged company takes.</summary>
    public sealed record Form(
        int A,
        int B,
        int VersionA,
        int VersionB,
        int Keep,
        int NameFrom,
        int LegalNameFrom,
        int IdentifiersFrom,
        int IndustryFrom,
        int SizeFrom,
        int WebsiteFrom,
        int PhoneFrom,
        int BillingAddressFrom,
        int ShippingAddressFrom,
        int StatusFrom,
        int OwnerFrom,
        int ParentFrom)
    {
        public IEnumerable<int> Choices =>
        [
            Keep, NameFrom, LegalNameFrom, IdentifiersFrom, IndustryFrom, SizeFrom, WebsiteFrom, PhoneFrom, BillingAddressFrom,
            ShippingAddressFrom, StatusFrom, OwnerFrom, ParentFrom,
        ];
    }

    private const int MaxParentDepth = 50;

    public sealed class Handler(CrmDbContext db, TimeProvider clock, ChangeScope changes)
    {
        /// <summary>Done with the kept record's id; a conflict when either record changed since the preview.</summary>
        public Task<Outcome<int>> Handle(Form form, CrmUser user, CancellationToken ct)
        {
            if (form.A == form.B || form.Choices.Any(id => id != form.A && id != form.B))
            {
                return Task.FromResult<Outcome<int>>(Outcome.Invalid([]));
            }

            return MergeTransaction.RunAsync(db, changes, token => MergeAsync(form, user, token), r => r.IsDone, ct);
        }

        private async Task<Outcome<int>> MergeAsync(Form form, CrmUser user, CancellationToken ct)
        {
            var pair = await db.Companies.VisibleTo(user)
                .Where(c => c.Id == form.A || c.Id == form.B)
                .Include(c => c.Tags)
                .ToListAsync(ct);
            if (pair.Count != 2)
            {
                return Outcome.NotFound;
            }

            if (!pair.All(user.CanEdit<Company>))
            {
                return Outcome.Forbidden;
            }

            var a = pair.Single(c => c.Id == form.A);
            var b = pair.Single(c => c.Id == form.B);
            if (a.Version != form.VersionA || b.Version != form.VersionB)
            {
                return Outcome.Conflicted();
            }

            var (survivor, merged) = form.Keep == a.Id ? (a, b) : (b, a);
            Company From(int id) => id == a.Id ? a : b;
            var now = clock.GetUtcNow().UtcDateTime;
            var audit = new MergeAudit(nameof(Company), survivor.Id, merged.Id);

            void Take<T>(string field, int from, Func<Company, T> get, Action<Company, T> set)
            {
                var value = get(From(from));
                audit.Took(field, get(survivor)?.ToString(), value?.ToString());
                set(survivor, value);
            }

            Take(nameof(Company.Name), form.NameFrom, c => c.Name, (c, v) => c.Name = v);
            Take(nameof(Company.LegalName), form.LegalNameFrom, c => c.LegalName, (c, v) => c.LegalName = v);
            Take(nameof(Company.Siren), form.IdentifiersFrom, c => c.Siren, (c, v) => c.Siren = v);
            Take(nameof(Company.Siret), form.IdentifiersFrom, c => c.Siret, (c, v) => c.Siret = v);
            Take(nameof(Company.VatNumber), form.IdentifiersFrom, c => c.VatNumber, (c, v) => c.VatNumber = v);
            Take(nameof(Company.NafCode), form.IndustryFrom, c => c.NafCode, (c, v) => c.NafCode = v);
            Take(nameof(Company.Industry), form.IndustryFrom, c => c.Industry, (c, v) => c.Industry = v);
            Take(nameof(Company.Size), form.SizeFrom, c => c.Size, (c, v) => c.Size = v);
            Take(nameof(Company.Website), form.WebsiteFrom, c => c.Website, (c, v) => c.Website = v);
            Take(nameof(Company.Phone), form.PhoneFrom, c => c.Phone, (c, v) => c.Phone = v);
            // A copy: two entities must not share one complex-type instance.
            Take(nameof(Company.BillingAddress), form.BillingAddressFrom, c => c.BillingAddress, (c, v) => c.BillingAddress = v with { });
            Take(nameof(Company.ShippingAddress), form.ShippingAddressFrom, c => c.ShippingAddress, (c, v) => c.ShippingAddress = v with { });
            Take(nameof(Company.Status), form.StatusFrom, c => c.Status, (c, v) => c.Status = v);
            Take(nameof(Company.OwnerId), form.OwnerFrom, c => c.OwnerId, (c, v) => c.OwnerId = v);
            Take(nameof(Company.TeamId), form.OwnerFrom, c => c.TeamId, (c, v) => c.TeamId = v);
            Take(nameof(Company.ParentCompanyId), form.ParentFrom, c => c.ParentCompanyId, (c, v) => c.ParentCompanyId = v);
            if (await WouldLoopAsync(survivor.ParentCompanyId, survivor.Id, merged.Id, ct))
            {
                audit.Took(nameof(Company.ParentCompanyId), survivor.ParentCompanyId?.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
                survivor.ParentCompanyId = null;
            }

            if (merged.LastActivityAt > survivor.LastActivityAt || survivor.LastActivityAt is null)
            {
                survivor.LastActivityAt = merged.LastActivityAt;
            }

            var tags = merged.Tags.Where(t => !survivor.Tags.Any(s => s.TagId == t.TagId)).Select(t => t.TagId).ToList();
            survivor.Tags.AddRange(tags.Select(tagId => new CompanyTag { CompanyId = survivor.Id, TagId = tagId }));

            // Deleted rows move too, so restoring one later brings it back under the right company.
            audit.Repointed(nameof(Contact), await db.Contacts.IgnoreQueryFilters().Where(x => x.CompanyId == merged.Id).Select(x => x.Id).ToListAsync(ct), nameof(Contact.CompanyId));
            audit.Repointed(nameof(Company), await db.Companies.IgnoreQueryFilters()
                .Where(x => x.ParentCompanyId == merged.Id && x.Id != survivor.Id).Select(x => x.Id).ToListAsync(ct), nameof(Company.ParentCompanyId));
            var contacts = await db.Contacts.IgnoreQueryFilters()
                .Where(x => x.CompanyId == merged.Id)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.CompanyId, survivor.Id)
                    .SetProperty(x => x.Version, x => x.Version + 1)
                    .SetProperty(x => x.UpdatedAt, now), ct);
            var children = await db.Companies.IgnoreQueryFilters()
                .Where(x => x.ParentCompanyId == merged.Id && x.Id != survivor.Id)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.ParentCompanyId, survivor.Id)
                    .SetProperty(x => x.Version, x => x.Version + 1)
                    .SetProperty(x => x.UpdatedAt, now), ct);
            var activities = await db.Activities.IgnoreQueryFilters()
                .Where(x => x.CompanyId == merged.Id)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.CompanyId, survivor.Id)
                    .SetProperty(x => x.Version, x => x.Version + 1)
                    .SetProperty(x => x.UpdatedAt, now), ct);

            audit.Moved("Tags", tags.Count);
            audit.Moved("Contacts", contacts);
            audit.Moved("ChildCompanies", children);
            audit.Moved("Activities", activities);

            merged.DeletedAt = now;
            db.AuditEntries.AddRange(audit.Entries(user.Id, now));

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Outcome.Conflicted();
            }

            return Outcome.Done(survivor.Id);
        }

        /// <summary>Whether the chosen parent is the survivor, the merged company, or one of their descendants.</summary>
        private async Task<bool> WouldLoopAsync(int? parentId, int survivorId, int mergedId, CancellationToken ct)
        {
            for (var depth = 0; parentId is int id && depth < MaxParentDepth; depth++)
            {
                if (id == survivorId || id == mergedId)
                {
                    return true;
                }

                parentId = await db.Companies.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.ParentCompanyId).FirstOrDefaultAsync(ct);
            }

            return false;
        }
    }
}
