using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Companies;

/// <summary>Companies as a kind of the record kit: their route, access rule and fields, declared once.</summary>
public static class CompanyKind
{
    public const string Key = "companies";

    public static RecordKind<Company> Declare() => new()
    {
        Key = Key,
        Route = "/Companies",
        Singular = "Company",
        Plural = "Companies",
        Order = 20,
        Icon = "bi-buildings",
        DeleteManyTitle = "Delete companies",
        SummaryDetail = "City",
        Access = RecordAccessRule.CustomerRecord,
        Summary = c => new RecordSummary
        {
            Id = c.Id,
            Name = c.Name,
            Detail = c.BillingAddress.City,
            OwnerId = c.OwnerId,
            TeamId = c.TeamId,
            DeletedAt = c.DeletedAt,
        },
        Search = new()
        {
            Matching = (companies, db, query) => companies.Matching(db, query),
            Order = c => c.NameKey,
            Hit = c => new RecordSearchHit { Id = c.Id, Name = c.Name, Detail1 = c.BillingAddress.City, Detail2 = c.Siren },
        },
        Timeline = new()
        {
            // Two index range reads instead of one OR across a join: the company's own entries (contacts' entries logged
            // while at the company carry its id too), then entries of its current contacts logged elsewhere or before.
            // Entries of contacts the user may not see are left out.
            Sources = (db, id, user) =>
            {
                var visibleContacts = db.Contacts.VisibleTo(user);
                var contactIds = visibleContacts.Where(c => c.CompanyId == id).Select(c => c.Id);
                return
                [
                    db.Activities
                        .Where(a => a.CompanyId == id)
                        .Where(a => a.ContactId == null || visibleContacts.Any(c => c.Id == a.ContactId)),
                    db.Activities
                        .Where(a => a.CompanyId == null || a.CompanyId != id)
                        .Where(a => a.ContactId != null && contactIds.Contains(a.ContactId.Value)),
                ];
            },
            Attach = (activity, company) => activity.CompanyId = company.Id,
            NamesContact = true,
        },
        Duplicates = CompanyDuplicatePairs.Part,
        Merge = CompanyMerge.Part,
        Fields = new RecordFields(
        [
            new(nameof(Company.Name), "Name", FieldType.Text) { MaxLength = 200, Required = true },
            new(nameof(Company.LegalName), "Legal name", FieldType.Text) { MaxLength = 200 },
            new(nameof(Company.Siren), "SIREN", FieldType.Text) { MaxLength = 9, InputLength = 20, MergeChoice = "Identifiers" },
            new(nameof(Company.Siret), "SIRET", FieldType.Text) { MaxLength = 14, InputLength = 30, MergeChoice = "Identifiers" },
            new(nameof(Company.VatNumber), "VAT number", FieldType.Text) { MaxLength = 20, InputLength = 30, MergeChoice = "Identifiers" },
            new(nameof(Company.NafCode), "NAF code", FieldType.Text) { MaxLength = 10, MergeChoice = "Industry" },
            new(nameof(Company.Industry), "Industry", FieldType.Text) { MaxLength = 100, MergeChoice = "Industry" },
            new(nameof(Company.Size), "Size", FieldType.Choice) { Choices = typeof(CompanySize) },
            new(nameof(Company.Website), "Website", FieldType.Url) { MaxLength = 300 },
            new(nameof(Company.Phone), "Phone", FieldType.Phone) { MaxLength = 50 },
            new("BillingAddress.Line1", "Street address", FieldType.Text) { MaxLength = 200, MergeChoice = "BillingAddress" },
            new("BillingAddress.Line2", "Address line 2", FieldType.Text) { MaxLength = 200, MergeChoice = "BillingAddress" },
            new("BillingAddress.PostalCode", "Postal code", FieldType.Text) { MaxLength = 20, MergeChoice = "BillingAddress" },
            new("BillingAddress.City", "City", FieldType.Text) { MaxLength = 100, MergeChoice = "BillingAddress" },
            new("BillingAddress.Country", "Country", FieldType.Text) { MaxLength = 100, MergeChoice = "BillingAddress" },
            new("ShippingAddress.Line1", "Shipping street address", FieldType.Text) { MaxLength = 200, MergeChoice = "ShippingAddress" },
            new("ShippingAddress.Line2", "Shipping address line 2", FieldType.Text) { MaxLength = 200, MergeChoice = "ShippingAddress" },
            new("ShippingAddress.PostalCode", "Shipping postal code", FieldType.Text) { MaxLength = 20, MergeChoice = "ShippingAddress" },
            new("ShippingAddress.City", "Shipping city", FieldType.Text) { MaxLength = 100, MergeChoice = "ShippingAddress" },
            new("ShippingAddress.Country", "Shipping country", FieldType.Text) { MaxLength = 100, MergeChoice = "ShippingAddress" },
            new(nameof(Company.Status), "Status", FieldType.Choice) { Choices = typeof(CompanyStatus) },
            new(nameof(Company.OwnerId), "Owner", FieldType.User) { MergeChoice = "Owner" },
            new(nameof(Company.TeamId), "Team", FieldType.Team) { MergeChoice = "Owner" },
            new(nameof(Company.ParentCompanyId), "Parent company", FieldType.Record) { RecordKind = Key, MergeChoice = "Parent" },
            new(nameof(Company.Tags), "Tags", FieldType.Tags) { MaxLength = Tags.Tag.MaxNameLength, Merge = MergeRule.Union },
        ]),
        Columns = new(
        [
            new("city", "City"),
            new("phone", "Phone"),
            new("industry", "Industry"),
            new("naf", "NAF code") { Shown = false },
            new("size", "Size") { Shown = false },
            new("status", "Status"),
        ]),
        Filters =
        [
            DeclaredFilter.Text("city", "City", (Company c) => c.BillingAddress.City, 100),
            NafSections.Filter,
            DeclaredFilter.Choice("headcount", "Size", (Company c) => c.Size),
        ],
        Import = CompanyImport.Declare(),
        Export = new(
        [
            new("Id", c => c.Id, 8),
            new("Name", c => c.Name, 28),
            new("Legal name", c => c.LegalName, 28),
            new("SIREN", c => c.Siren, 12),
            new("SIRET", c => c.Siret, 16),
            new("VAT number", c => c.VatNumber, 16),
            new("NAF code", c => c.NafCode, 10),
            new("Industry", c => c.Industry, 20),
            new("Size", c => c.Size, 12),
            new("Website", c => c.Website, 24),
            new("Phone", c => c.Phone, 18),
            new("Billing address", c => c.BillingAddress.Line1, 28),
            new("Billing address (line 2)", c => c.BillingAddress.Line2, 20),
            new("Billing postal code", c => c.BillingAddress.PostalCode, 10),
            new("Billing city", c => c.BillingAddress.City, 18),
            new("Billing country", c => c.BillingAddress.Country, 14),
            new("Shipping address", c => c.ShippingAddress.Line1, 28),
            new("Shipping address (line 2)", c => c.ShippingAddress.Line2, 20),
            new("Shipping postal code", c => c.ShippingAddress.PostalCode, 10),
            new("Shipping city", c => c.ShippingAddress.City, 18),
            new("Shipping country", c => c.ShippingAddress.Country, 14),
            new("Status", c => c.Status, 12),
            new("Owner", c => c.Owner != null ? c.Owner.DisplayName : null, 22),
            new("Team", c => c.Team != null ? c.Team.Name : null, 14),
            ExportField.Tags<Company>("Tags", 24),
            new("Parent company id", c => c.ParentCompanyId, 10),
            new("Parent company", c => c.ParentCompany != null ? c.ParentCompany.Name : null, 24),
            new("Created", c => c.CreatedAt, 18),
            new("Last activity", c => c.LastActivityAt, 18),
        ]),
    };
}
