using Crm.Web.Features.Companies;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>/Companies/Merge?a=&amp;b=: both companies side by side, with what each field would take and what moves.</summary>
public static class CompanyMergePreview
{
    public sealed record Side(
        int Id,
        int Version,
        string Name,
        string? LegalName,
        string? Siren,
        string? Siret,
        string? VatNumber,
        string? NafCode,
        string? Industry,
        CompanySize Size,
        string? Website,
        string? Phone,
        Address BillingAddress,
        Address ShippingAddress,
        CompanyStatus Status,
        string? OwnerName,
        string? TeamName,
        string? ParentName,
        IReadOnlyList<string> Tags,
        int Contacts,
        int Children,
        int Activities,
        DateTime CreatedAt,
        bool CanEdit);

    public sealed record Model(Side A, Side B, MergeCompanies.Form Form)
    {
        public bool CanMerge => A.CanEdit && B.CanEdit;
    }

    public sealed class Handler(CrmDbContext db)
    {
        /// <summary>Null when either company does not exist or is not visible to the user.</summary>
        public async Task<Model?> Handle(int a, int b, CrmUser user, CancellationToken ct)
        {
            if (a == b)
            {
                return null;
            }

            var sides = await db.Companies.AsNoTracking().VisibleTo(user)
                .Where(c => c.Id == a || c.Id == b)
                .Select(c => new
                {
                    c.Id, c.Version, c.Name, c.LegalName, c.Siren, c.Siret, c.VatNumber, c.NafCode, c.Industry, c.Size, c.Website, c.Phone,
                    c.BillingAddress, c.ShippingAddress, c.Status, c.CreatedAt, c.OwnerId, c.TeamId,
                    OwnerName = c.Owner != null ? c.Owner.DisplayName : null,
                    TeamName = c.Team != null ? c.Team.Name : null,
                    ParentName = c.ParentCompany != null ? c.ParentCompany.Name : null,
                    Tags = c.Tags.Select(t => t.Tag!.Name).OrderBy(n => n).ToList(),
                    Contacts = db.Contacts.Count(x => x.CompanyId == c.Id),
                    Children = db.Companies.Count(x => x.ParentCompanyId == c.Id),
                    Activities = db.Activities.Count(x => x.CompanyId == c.Id),
                })
                .AsSplitQuery()
                .ToListAsync(ct);
            if (sides.Count != 2)
            {
                return null;
            }

            var all = sides.Select(c => new Side(
                c.Id, c.Version, c.Name, c.LegalName, c.Siren, c.Siret, c.VatNumber, c.NafCode, c.Industry, c.Size, c.Website, c.Phone,
                c.BillingAddress, c.ShippingAddress, c.Status, c.OwnerName, c.TeamName, c.ParentName, c.Tags, c.Contacts, c.Children,
                c.Activities, c.CreatedAt, user.CanEdit<Company>(new OwnedRecord(c.OwnerId, c.TeamId)))).ToList();
            var sideA = all.Single(s => s.Id == a);
            var sideB = all.Single(s => s.Id == b);

            // By default every field keeps A's value, unless A has none and B has one.
            int Pick(Func<Side, bool> has) => has(sideA) || !has(sideB) ? a : b;
            var form = new MergeCompanies.Form(
                a, b, sideA.Version, sideB.Version, Keep: a,
                NameFrom: a,
                LegalNameFrom: Pick(s => !string.IsNullOrWhiteSpace(s.LegalName)),
                IdentifiersFrom: Pick(s => s.Siren is not null || s.Siret is not null || s.VatNumber is not null),
                IndustryFrom: Pick(s => s.NafCode is not null || s.Industry is not null),
                SizeFrom: Pick(s => s.Size != CompanySize.Unknown),
                WebsiteFrom: Pick(s => !string.IsNullOrWhiteSpace(s.Website)),
                PhoneFrom: Pick(s => !string.IsNullOrWhiteSpace(s.Phone)),
                BillingAddressFrom: Pick(s => !s.BillingAddress.IsEmpty),
                ShippingAddressFrom: Pick(s => !s.ShippingAddress.IsEmpty),
                StatusFrom: a,
                OwnerFrom: Pick(s => s.OwnerName is not null),
                ParentFrom: Pick(s => s.ParentName is not null));
            return new Model(sideA, sideB, form);
        }
    }
}
