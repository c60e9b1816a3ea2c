using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;

namespace Crm.Web.Features.Contacts;

/// <summary>Contacts as a kind of the record kit: their route, access rule and fields, declared once.</summary>
public static class ContactKind
{
    public const string Key = "contacts";

    public static RecordKind<Contact> Declare() => new()
    {
        Key = Key,
        Route = "/Contacts",
        Singular = "Contact",
        Plural = "Contacts",
        Order = 10,
        Icon = "bi-people",
        DeleteManyTitle = "Delete contacts",
        SummaryDetail = "Email",
        Access = RecordAccessRule.CustomerRecord,
        Summary = c => new RecordSummary
        {
            Id = c.Id,
            Name = (c.FirstName + " " + c.LastName).Trim(),
            Detail = c.Email,
            OwnerId = c.OwnerId,
            TeamId = c.TeamId,
            DeletedAt = c.DeletedAt,
        },
        Search = new()
        {
            Matching = (contacts, db, query) => contacts.Matching(db, query),
            Order = c => c.SortName,
            Hit = c => new RecordSearchHit
            {
                Id = c.Id,
                Name = (c.FirstName + " " + c.LastName).Trim(),
                Detail1 = c.JobTitle,
                Detail2 = c.Company != null ? c.Company.Name : null,
                Detail3 = c.Email,
            },
        },
        Duplicates = ContactDuplicatePairs.Part,
        Merge = ContactMerge.Part,
        Fields = new RecordFields(
        [
            new(nameof(Contact.FirstName), "First name", FieldType.Text) { MaxLength = 100 },
            new(nameof(Contact.LastName), "Last name", FieldType.Text) { MaxLength = 100, Required = true },
            new(nameof(Contact.JobTitle), "Job title", FieldType.Text) { MaxLength = 150 },
            new(nameof(Contact.Emails), "Email", FieldType.Email) { MaxLength = EmailAddresses.MaxLength, Merge = MergeRule.Union },
            new(nameof(Contact.Phones), "Phone", FieldType.Phone) { MaxLength = 50, Merge = MergeRule.Union },
            new(nameof(Contact.CompanyId), "Company", FieldType.Record) { RecordKind = "companies", MergeChoice = "Company" },
            new(nameof(Contact.Status), "Status", FieldType.Choice) { Choices = typeof(ContactStatus) },
            new(nameof(Contact.LifecycleStage), "Lifecycle stage", FieldType.Choice) { Choices = typeof(LifecycleStage) },
            new(nameof(Contact.OwnerId), "Owner", FieldType.User) { MergeChoice = "Owner" },
            new(nameof(Contact.TeamId), "Team", FieldType.Team) { MergeChoice = "Owner" },
            new(nameof(Contact.PreferredLanguage), "Preferred language", FieldType.Text) { MaxLength = 10 },
            new(nameof(Contact.Consent), "Marketing consent", FieldType.Choice) { Choices = typeof(ConsentState) },
            new(nameof(Contact.ConsentAt), "Consent date", FieldType.DateTime) { MergeChoice = nameof(Contact.Consent) },
            new(nameof(Contact.ConsentSource), "Consent source", FieldType.Text) { MaxLength = 200, MergeChoice = nameof(Contact.Consent) },
            new(nameof(Contact.Tags), "Tags", FieldType.Text) { MaxLength = Tags.Tag.MaxNameLength, Merge = MergeRule.Union },
        ]),
    };
}
