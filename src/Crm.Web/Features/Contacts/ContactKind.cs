using Crm.Web.Infrastructure.Export;
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
        Timeline = new()
        {
            Sources = (db, id, _) => [db.Activities.Where(a => a.ContactId == id)],
            // The company the contact was at when it happened stays on the entry, even if the contact moves on.
            Attach = (activity, contact) =>
            {
                activity.ContactId = contact.Id;
                activity.CompanyId = contact.CompanyId;
            },
        },
        Duplicates = ContactDuplicatePairs.Part,
        Merge = ContactMerge.Part,
        Fields = new RecordFields(
        [
            new(nameof(Contact.Civility), "Civility", FieldType.Text) { MaxLength = 20 },
            new(nameof(Contact.FirstName), "First name", FieldType.Text) { MaxLength = 100 },
            new(nameof(Contact.LastName), "Last name", FieldType.Text) { MaxLength = 100, Required = true },
            new(nameof(Contact.JobTitle), "Job title", FieldType.Text) { MaxLength = 150 },
            new(nameof(Contact.Emails), "Email", FieldType.Email) { MaxLength = EmailAddresses.MaxLength, Merge = MergeRule.Union },
            new(nameof(Contact.Phones), "Phone", FieldType.Phone) { MaxLength = 50, Merge = MergeRule.Union },
            new(nameof(Contact.CompanyId), "Company", FieldType.Record) { RecordKind = "companies", MergeChoice = "Company", DeletedWithRecord = true },
            new("Address.Line1", "Street address", FieldType.Text) { MaxLength = 200, MergeChoice = "Address" },
            new("Address.Line2", "Address line 2", FieldType.Text) { MaxLength = 200, MergeChoice = "Address" },
            new("Address.PostalCode", "Postal code", FieldType.Text) { MaxLength = 20, MergeChoice = "Address" },
            new("Address.City", "City", FieldType.Text) { MaxLength = 100, MergeChoice = "Address" },
            new("Address.Country", "Country", FieldType.Text) { MaxLength = 100, MergeChoice = "Address" },
            new(nameof(Contact.Description), "Description", FieldType.LongText) { MaxLength = 4000 },
            new(nameof(Contact.Status), "Status", FieldType.Choice) { Choices = typeof(ContactStatus) },
            new(nameof(Contact.LifecycleStage), "Lifecycle stage", FieldType.Choice) { Choices = typeof(LifecycleStage) },
            new(nameof(Contact.LeadSource), "Lead source", FieldType.Text) { MaxLength = 100 },
            new(nameof(Contact.OwnerId), "Owner", FieldType.User) { MergeChoice = "Owner" },
            new(nameof(Contact.TeamId), "Team", FieldType.Team) { MergeChoice = "Owner" },
            new(nameof(Contact.PreferredLanguage), "Preferred language", FieldType.Text) { MaxLength = 10 },
            new(nameof(Contact.Consent), "Marketing consent", FieldType.Choice) { Choices = typeof(ConsentState) },
            new(nameof(Contact.ConsentAt), "Consent date", FieldType.DateTime) { MergeChoice = nameof(Contact.Consent) },
            new(nameof(Contact.ConsentSource), "Consent source", FieldType.Text) { MaxLength = 200, MergeChoice = nameof(Contact.Consent) },
            new(nameof(Contact.Tags), "Tags", FieldType.Tags) { MaxLength = Tags.Tag.MaxNameLength, Merge = MergeRule.Union },
        ]),
        Columns = new(
        [
            new("email", "Email"),
            new("phone", "Phone"),
            new("company", "Company"),
            new("status", "Status"),
            new("stage", "Lifecycle stage") { Shown = false },
            new("consent", "Marketing consent") { Shown = false },
        ]),
        Filters =
        [
            DeclaredFilter.Choice("consent", "Marketing consent", (Contact c) => c.Consent),
            DeclaredFilter.Choice("stage", "Lifecycle stage", (Contact c) => c.LifecycleStage),
            DeclaredFilter.Text("source", "Lead source", (Contact c) => c.LeadSource, 100),
        ],
        BulkActions = [Segments.SegmentBulk.AddToList()],
        Import = ContactImport.Declare(),
        BulkPages = [new("campaign", "Add to campaign", "bi-megaphone", "/Campaigns/AddContacts") { OfferedTo = user => user.CanCreate<Campaigns.Campaign>() }],
        Export = new(
        [
            new("Id", c => c.Id, 8),
            new("Civility", c => c.Civility, 10),
            new("First name", c => c.FirstName),
            new("Last name", c => c.LastName),
            new("Job title", c => c.JobTitle, 24),
            ExportField.Joined<Contact>("Emails", (db, ids) => db.ContactEmails.Where(e => ids.Contains(e.ContactId))
                .OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Id).Select(e => new ExportItem { RecordId = e.ContactId, Value = e.Address }), 32),
            ExportField.Joined<Contact>("Phones", (db, ids) => db.ContactPhones.Where(p => ids.Contains(p.ContactId))
                .OrderBy(p => p.Id).Select(p => new ExportItem { RecordId = p.ContactId, Value = p.Number }), 24),
            new("Company id", c => c.CompanyId, 10),
            new("Company", c => c.Company != null ? c.Company.Name : null, 28),
            new("Street address", c => c.Address.Line1, 28),
            new("Address line 2", c => c.Address.Line2, 20),
            new("Postal code", c => c.Address.PostalCode, 10),
            new("City", c => c.Address.City, 18),
            new("Country", c => c.Address.Country, 14),
            new("Status", c => c.Status, 14),
            new("Lifecycle stage", c => c.LifecycleStage),
            new("Lead source", c => c.LeadSource, 16),
            new("Owner", c => c.Owner != null ? c.Owner.DisplayName : null, 22),
            new("Team", c => c.Team != null ? c.Team.Name : null, 14),
            ExportField.Tags<Contact>("Tags", 24),
            new("Preferred language", c => c.PreferredLanguage, 10),
            new("Marketing consent", c => c.Consent, 14),
            new("Consent date", c => c.ConsentAt, 18),
            new("Consent source", c => c.ConsentSource, 20),
            new("Description", c => c.Description, 40),
            new("Created", c => c.CreatedAt, 18),
            new("Last activity", c => c.LastActivityAt, 18),
        ]),
    };
}
