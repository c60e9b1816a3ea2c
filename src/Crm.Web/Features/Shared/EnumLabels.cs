using Crm.Web.Features.Activities;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Tasks;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Shared;

/// <summary>
/// The English text shown for an enum value; views pass it through the localizer (<c>L[EnumLabels.Of(x)]</c>),
/// so every value has its French in the resources (a test checks each one).
/// </summary>
public static class EnumLabels
{
    private static readonly Dictionary<Enum, string> Labels = new()
    {
        [CompanyStatus.Lead] = "Lead",
        [CompanyStatus.Prospect] = "Prospect",
        [CompanyStatus.Customer] = "Customer",
        [CompanyStatus.Partner] = "Partner",
        [CompanyStatus.Inactive] = "Inactive",
        [CompanySize.Unknown] = "Unknown size",
        [CompanySize.Micro] = "1-9 employees",
        [CompanySize.Small] = "10-49 employees",
        [CompanySize.Medium] = "50-249 employees",
        [CompanySize.Large] = "250-4,999 employees",
        [CompanySize.Enterprise] = "5,000+ employees",
        [ContactStatus.Active] = "Active",
        [ContactStatus.Inactive] = "Inactive",
        [ContactStatus.DoNotContact] = "Do not contact",
        [LifecycleStage.Subscriber] = "Subscriber",
        [LifecycleStage.Lead] = "Lead",
        [LifecycleStage.MarketingQualified] = "Marketing qualified lead",
        [LifecycleStage.SalesQualified] = "Sales qualified lead",
        [LifecycleStage.Opportunity] = "Opportunity",
        [LifecycleStage.Customer] = "Customer",
        [LifecycleStage.Evangelist] = "Evangelist",
        [LifecycleStage.Other] = "Other",
        [ConsentState.Unknown] = "Not asked",
        [ConsentState.Granted] = "Granted",
        [ConsentState.Denied] = "Refused",
        [ConsentState.Withdrawn] = "Withdrawn",
        [ActivityKind.Call] = "Call",
        [ActivityKind.Email] = "Email",
        [ActivityKind.Meeting] = "Meeting",
        [ActivityKind.Note] = "Note",
        [TextFormat.Plain] = "Plain text",
        [TextFormat.Markdown] = "Markdown",
        [CallOutcome.Connected] = "Connected",
        [CallOutcome.NoAnswer] = "No answer",
        [CallOutcome.Voicemail] = "Voicemail",
        [CallOutcome.Busy] = "Busy",
        [CallOutcome.WrongNumber] = "Wrong number",
        [DealStatus.Open] = "Open",
        [DealStatus.Won] = "Won",
        [DealStatus.Lost] = "Lost",
        [DealContactRole.DecisionMaker] = "Decision maker",
        [DealContactRole.Influencer] = "Influencer",
        [DealContactRole.Champion] = "Champion",
        [DealContactRole.Buyer] = "Buyer",
        [DealContactRole.User] = "User",
        [DealContactRole.Other] = "Other",
        [TaskPriority.Low] = "Low",
        [TaskPriority.Normal] = "Normal",
        [TaskPriority.High] = "High",
        [TaskRecurrence.None] = "Does not repeat",
        [TaskRecurrence.Daily] = "Every day",
        [TaskRecurrence.Weekly] = "Every week",
        [TaskRecurrence.Monthly] = "Every month",
        [Tickets.TicketChannel.Email] = "Email",
        [Tickets.TicketChannel.Phone] = "Phone",
        [Tickets.TicketChannel.WebForm] = "Web form",
        [Tickets.TicketPriority.Low] = "Low",
        [Tickets.TicketPriority.Normal] = "Normal",
        [Tickets.TicketPriority.High] = "High",
        [Tickets.TicketPriority.Urgent] = "Urgent",
        [Tickets.TicketStatus.New] = "New",
        [Tickets.TicketStatus.Open] = "Open",
        [Tickets.TicketStatus.WaitingOnCustomer] = "Waiting on customer",
        [Tickets.TicketStatus.Resolved] = "Resolved",
        [Tickets.TicketStatus.Closed] = "Closed",
        [Tickets.SlaState.OnTrack] = "On track",
        [Tickets.SlaState.AtRisk] = "At risk",
        [Tickets.SlaState.Breached] = "Breached",
        [Tickets.SlaState.Paused] = "Paused",
        [Tickets.TicketMessageKind.Reply] = "Reply",
        [Tickets.TicketMessageKind.Note] = "Internal note",
        [Tickets.TicketMessageKind.Customer] = "Customer",
        [Campaigns.CampaignType.Email] = "Email",
        [Campaigns.CampaignType.Event] = "Event",
        [Campaigns.CampaignType.Webinar] = "Webinar",
        [Campaigns.CampaignType.Other] = "Other",
        [Campaigns.CampaignStatus.Planned] = "Planned",
        [Campaigns.CampaignStatus.Active] = "Active",
        [Campaigns.CampaignStatus.Completed] = "Completed",
        [Campaigns.CampaignStatus.Aborted] = "Aborted",
        [Campaigns.CampaignMemberStatus.Targeted] = "Targeted",
        [Campaigns.CampaignMemberStatus.Sent] = "Sent",
        [Campaigns.CampaignMemberStatus.Opened] = "Opened",
        [Campaigns.CampaignMemberStatus.Clicked] = "Clicked",
        [Campaigns.CampaignMemberStatus.Responded] = "Responded",
        [Campaigns.CampaignMemberStatus.Unsubscribed] = "Unsubscribed",
        [Campaigns.CampaignMemberStatus.Bounced] = "Bounced",
        [Campaigns.CampaignMemberStatus.Converted] = "Converted",
        [Segments.SegmentType.Dynamic] = "Dynamic",
        [Segments.SegmentType.Static] = "Static",
    };

    public static string Of(Enum value) => Labels.TryGetValue(value, out var label) ? label : value.ToString();

    /// <summary>The value as the user reads it, in their language: <c>L.Label(contact.Status)</c>.</summary>
    public static string Label(this IStringLocalizer localizer, Enum value) => localizer[Of(value)];

    public static IReadOnlyCollection<string> All => Labels.Values;

    public static IEnumerable<T> Values<T>()
        where T : struct, Enum => Enum.GetValues<T>();
}
