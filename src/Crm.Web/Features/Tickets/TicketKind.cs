using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Tickets;

/// <summary>Tickets as a kind of the record kit: their route, access rule and fields, declared once.</summary>
public static class TicketKind
{
    public const string Key = "tickets";

    /// <summary>
    /// Support works the tickets of its queue (its team's, and those in no queue yet); admins and managers see and
    /// change all of them; sales read their team's; marketing none.
    /// </summary>
    public static RecordAccessRule Access { get; } = new()
    {
        Read = RecordAccessRule.Scopes((Roles.Admin, AccessScope.All), (Roles.Manager, AccessScope.All), (Roles.Support, AccessScope.Team), (Roles.Sales, AccessScope.Team)),
        Edit = RecordAccessRule.Scopes((Roles.Admin, AccessScope.All), (Roles.Manager, AccessScope.All), (Roles.Support, AccessScope.Team)),
        Delete = RecordAccessRule.Scopes((Roles.Admin, AccessScope.All), (Roles.Manager, AccessScope.All)),
        Create = new HashSet<string>([Roles.Admin, Roles.Manager, Roles.Support], StringComparer.Ordinal),
    };

    public static RecordKind<Ticket> Declare() => new()
    {
        Key = Key,
        Route = "/Tickets",
        Singular = "Ticket",
        Plural = "Tickets",
        Order = 50,
        Icon = "bi-life-preserver",
        DeleteManyTitle = "Delete tickets",
        SummaryDetail = "Number",
        Access = Access,
        Summary = t => new RecordSummary
        {
            Id = t.Id,
            Name = t.Subject,
            Detail = t.Number,
            OwnerId = t.OwnerId,
            TeamId = t.TeamId,
            DeletedAt = t.DeletedAt,
        },
        Fields = new RecordFields(
        [
            new(nameof(Ticket.Number), "Number", FieldType.Text) { MaxLength = Ticket.MaxNumberLength, InHistory = false },
            new(nameof(Ticket.Subject), "Subject", FieldType.Text) { MaxLength = Ticket.MaxSubjectLength, Required = true },
            new(nameof(Ticket.Description), "Description", FieldType.Text) { MaxLength = 20000 },
            new(nameof(Ticket.ContactId), "Contact", FieldType.Record) { RecordKind = Contacts.ContactKind.Key },
            new(nameof(Ticket.CompanyId), "Company", FieldType.Record) { RecordKind = Companies.CompanyKind.Key },
            new(nameof(Ticket.Channel), "Channel", FieldType.Choice) { Choices = typeof(TicketChannel) },
            new(nameof(Ticket.Category), "Category", FieldType.Text) { MaxLength = Ticket.MaxCategoryLength },
            new(nameof(Ticket.Priority), "Priority", FieldType.Choice) { Choices = typeof(TicketPriority) },
            new(nameof(Ticket.Status), "Status", FieldType.Choice) { Choices = typeof(TicketStatus) },
            new(nameof(Ticket.FirstResponseDueAt), "First response due", FieldType.DateTime),
            new(nameof(Ticket.FirstRespondedAt), "First response", FieldType.DateTime),
            new(nameof(Ticket.ResolutionDueAt), "Resolution due", FieldType.DateTime),
            new(nameof(Ticket.ResolvedAt), "Resolved", FieldType.DateTime),
            new(nameof(Ticket.ClosedAt), "Closed", FieldType.DateTime),
            new(nameof(Ticket.SlaState), "SLA", FieldType.Choice) { Choices = typeof(SlaState) },
            new(nameof(Ticket.SlaPausedAt), "SLA paused since", FieldType.DateTime) { InHistory = false },
            new(nameof(Ticket.OwnerId), "Assigned to", FieldType.User),
            new(nameof(Ticket.TeamId), "Queue", FieldType.Team),
            new(nameof(Ticket.Tags), "Tags", FieldType.Tags) { MaxLength = Tags.Tag.MaxNameLength, Merge = MergeRule.Union },
        ]),
    };
}
