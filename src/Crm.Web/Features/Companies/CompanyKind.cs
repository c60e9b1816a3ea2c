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
            new(nameof(Company.Tags), "Tags", FieldType.Text) { MaxLength = Tags.Tag.MaxNameLength, Merge = MergeRule.Union },
        ]),
    };
}
