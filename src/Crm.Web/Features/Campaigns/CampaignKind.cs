using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Campaigns;

/// <summary>Campaigns as a kind of the record kit: their route, access rule, fields, columns, filters and export, declared once.</summary>
public static class CampaignKind
{
    public const string Key = "campaigns";

    /// <summary>
    /// Marketing runs campaigns: admins and managers see and change all of them; marketing creates, reads, changes and
    /// deletes its team's; sales and support read their team's (what they may be asked about), never change them. The
    /// visibility level (/Admin/Visibility) widens the reach of these ordinary roles.
    /// </summary>
    public static RecordAccessRule Access { get; } = new()
    {
        Read = RecordAccessRule.Scopes(
            (Roles.Admin, AccessScope.All), (Roles.Manager, AccessScope.All), (Roles.Marketing, AccessScope.Team), (Roles.Sales, AccessScope.Team), (Roles.Support, AccessScope.Team)),
        Edit = RecordAccessRule.Scopes((Roles.Admin, AccessScope.All), (Roles.Manager, AccessScope.All), (Roles.Marketing, AccessScope.Team)),
        Delete = RecordAccessRule.Scopes((Roles.Admin, AccessScope.All), (Roles.Manager, AccessScope.All), (Roles.Marketing, AccessScope.Team)),
        Create = new HashSet<string>([Roles.Admin, Roles.Manager, Roles.Marketing], StringComparer.Ordinal),
    };

    public static RecordKind<Campaign> Declare() => new()
    {
        Key = Key,
        Route = "/Campaigns",
        Singular = "Campaign",
        Plural = "Campaigns",
        Order = 60,
        Icon = "bi-megaphone",
        DeleteManyTitle = "Delete campaigns",
        SummaryDetail = "Type",
        Access = Access,
        Summary = c => new RecordSummary
        {
            Id = c.Id,
            Name = c.Name,
            OwnerId = c.OwnerId,
            TeamId = c.TeamId,
            DeletedAt = c.DeletedAt,
        },
        Fields = new RecordFields(
        [
            new(nameof(Campaign.Name), "Name", FieldType.Text) { MaxLength = Campaign.MaxNameLength, Required = true },
            new(nameof(Campaign.Description), "Description", FieldType.Text) { MaxLength = 4000 },
            new(nameof(Campaign.Type), "Type", FieldType.Choice) { Choices = typeof(CampaignType) },
            new(nameof(Campaign.Status), "Status", FieldType.Choice) { Choices = typeof(CampaignStatus) },
            new(nameof(Campaign.StartDate), "Start date", FieldType.Date),
            new(nameof(Campaign.EndDate), "End date", FieldType.Date),
            new(nameof(Campaign.BudgetCents), "Budget", FieldType.Money) { InCents = true },
            new(nameof(Campaign.ExpectedRevenueCents), "Expected revenue", FieldType.Money) { InCents = true },
            new(nameof(Campaign.MailTemplateId), "Email template", FieldType.Number),
            new(nameof(Campaign.SendAt), "Send at", FieldType.DateTime),
            new(nameof(Campaign.SendClaimedAt), "Send claimed", FieldType.DateTime) { InHistory = false },
            new(nameof(Campaign.SendFinishedAt), "Sent", FieldType.DateTime) { InHistory = false },
            new(nameof(Campaign.OwnerId), "Owner", FieldType.User),
            new(nameof(Campaign.TeamId), "Team", FieldType.Team),
            new(nameof(Campaign.Tags), "Tags", FieldType.Tags) { MaxLength = Tags.Tag.MaxNameLength, Merge = MergeRule.Union },
        ]),
        Columns = new(
        [
            new("type", "Type"),
            new("status", "Status"),
            new("start", "Start date") { Sort = CampaignList.SortStart },
            new("budget", "Budget"),
        ]),
        Filters =
        [
            DeclaredFilter.Choice<Campaign, CampaignType>("type", "Type", c => c.Type),
            DeclaredFilter.Choice<Campaign, CampaignStatus>("status", "Status", c => c.Status),
        ],
        Export = new(
        [
            new("Id", c => c.Id, 8),
            new("Name", c => c.Name, 36),
            new("Type", c => c.Type, 10),
            new("Status", c => c.Status, 10),
            new("Start date", c => c.StartDate, 12),
            new("End date", c => c.EndDate, 12),
            new("Budget", c => c.BudgetCents / 100.0, 14),
            new("Expected revenue", c => c.ExpectedRevenueCents / 100.0, 16),
            new("Sent", c => c.SendFinishedAt, 18),
            new("Description", c => c.Description, 40),
            new("Owner", c => c.Owner != null ? c.Owner.DisplayName : null, 22),
            new("Team", c => c.Team != null ? c.Team.Name : null, 14),
            ExportField.Tags<Campaign>("Tags", 24),
            new("Created", c => c.CreatedAt, 18),
        ]),
    };
}
