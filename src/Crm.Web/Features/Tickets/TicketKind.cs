using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Export;
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
        Columns = new(
        [
            new("number", "Number"),
            new("status", "Status"),
            new("priority", "Priority"),
            new("sla", "SLA"),
            new("due", "Resolution due") { Sort = TicketList.SortDue },
            new("contact", "Contact"),
            new("queue", "Queue") { Shown = false },
            new("channel", "Channel") { Shown = false },
            new("category", "Category") { Shown = false },
        ]),
        Filters =
        [
            DeclaredFilter.Choice<Ticket, TicketPriority>("priority", "Priority", t => t.Priority),
            DeclaredFilter.Choice<Ticket, SlaState>("sla", "SLA", t => t.SlaState),
            DeclaredFilter.Choice<Ticket, TicketChannel>("channel", "Channel", t => t.Channel),
            DeclaredFilter.Text<Ticket>("category", "Category", t => t.Category, Ticket.MaxCategoryLength),
        ],
        BulkActions =
        [
            new("close", "Close", "bi-check2-circle", async (services, tickets, ct) =>
            {
                var desk = services.GetRequiredService<TicketDesk>();
                foreach (var ticket in tickets.Where(t => t.Status != TicketStatus.Closed))
                {
                    await desk.ChangeAsync(ticket, TicketStatus.Closed, ticket.Priority, ct);
                }
            }),
        ],
        Export = new(
        [
            new("Id", t => t.Id, 8),
            new("Number", t => t.Number, 16),
            new("Subject", t => t.Subject, 40),
            new("Status", t => t.Status, 14),
            new("Priority", t => t.Priority, 10),
            new("SLA", t => t.SlaState, 10),
            new("First response due", t => t.FirstResponseDueAt, 18),
            new("Resolution due", t => t.ResolutionDueAt, 18),
            new("Channel", t => t.Channel, 10),
            new("Category", t => t.Category, 18),
            new("Contact", t => t.Contact != null ? t.Contact.FirstName + " " + t.Contact.LastName : null, 24),
            new("Company", t => t.Company != null ? t.Company.Name : null, 24),
            new("Assigned to", t => t.Owner != null ? t.Owner.DisplayName : null, 22),
            new("Queue", t => t.Team != null ? t.Team.Name : null, 14),
            ExportField.Tags<Ticket>("Tags", 24),
            new("Created", t => t.CreatedAt, 18),
        ]),
    };
}
