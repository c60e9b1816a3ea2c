using System.Globalization;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>What merging two companies does beyond their declared fields: tags unioned; contacts, subsidiaries and activities moved.</summary>
public static class CompanyMerge
{
    private const int MaxParentDepth = 50;

    public static RecordMerge<Company> Part => new()
    {
        Including = companies => companies.Include(c => c.Tags).ThenInclude(t => t.Tag),
        ChoiceLabels = new Dictionary<string, string>
        {
            ["Identifiers"] = "SIREN, SIRET and VAT number",
            ["Industry"] = "Industry",
            [nameof(Company.BillingAddress)] = "Billing address",
            [nameof(Company.ShippingAddress)] = "Shipping address",
        },
        Move = MoveAsync,
        Combined = async (db, a, b, ct) =>
        {
            var ids = new[] { a.Id, b.Id };
            var contacts = await db.Contacts.CountAsync(x => x.CompanyId != null && ids.Contains(x.CompanyId.Value), ct);
            var children = await db.Companies.CountAsync(x => x.ParentCompanyId != null && ids.Contains(x.ParentCompanyId.Value), ct);
            var activities = await db.Activities.CountAsync(x => x.CompanyId != null && ids.Contains(x.CompanyId.Value), ct);
            return
            [
                new("Tags", a.Tags.Concat(b.Tags).Select(t => t.Tag!.Name).Distinct().Order().ToList()),
                new("Contacts", [], "{0} in all; they will belong to the company you keep.", contacts),
                new("Subsidiaries", [], "{0} in all; they will become subsidiaries of the company you keep.", children),
                new("Activities", [], "{0} in all; they will show on the company you keep.", activities),
            ];
        },
        Title = "Merge companies",
        Intro = "Pick the value to keep for each field. Contacts, subsidiaries, activities and tags of both companies are kept; the other company goes to the recycle bin.",
        KeepThis = "Keep this company",
        Submit = "Merge the two companies",
        Done = "The companies were merged.",
    };

    private static async Task MoveAsync(MergeStep<Company> step, CancellationToken ct)
    {
        var (db, survivor, merged, now, audit) = step;
        if (await WouldLoopAsync(db, survivor.ParentCompanyId, survivor.Id, merged.Id, ct))
        {
            audit.Took(nameof(Company.ParentCompanyId), survivor.ParentCompanyId?.ToString(CultureInfo.InvariantCulture), null);
            survivor.ParentCompanyId = null;
        }

        if (merged.LastActivityAt is { } last)
        {
            survivor.TouchActivity(last);
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
    }

    /// <summary>Whether the chosen parent is the survivor, the merged company, or one of their descendants.</summary>
    private static async Task<bool> WouldLoopAsync(CrmDbContext db, int? parentId, int survivorId, int mergedId, CancellationToken ct)
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
