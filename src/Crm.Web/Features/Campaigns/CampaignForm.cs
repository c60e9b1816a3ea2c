using System.ComponentModel.DataAnnotations;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Campaigns;

/// <summary>What the campaign form posts, for create and edit alike; the team follows the owner, sending has its own form.</summary>
public sealed record CampaignForm : IEditorForm<CampaignForm>, IRecordForm<Campaign>
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public CampaignType Type { get; init; } = CampaignType.Email;

    public CampaignStatus Status { get; init; } = CampaignStatus.Planned;

    [Display(Name = "Start date")]
    public DateOnly? StartDate { get; init; }

    [Display(Name = "End date")]
    public DateOnly? EndDate { get; init; }

    [Display(Name = "Budget")]
    public decimal? Budget { get; init; }

    [Display(Name = "Expected revenue")]
    public decimal? ExpectedRevenue { get; init; }

    [Display(Name = "Email template")]
    public int? MailTemplateId { get; init; }

    public string? OwnerId { get; init; }

    [StringLength(500, ErrorMessage = "{0} must be at most {1} characters."), Display(Name = "Tags")]
    public string? Tags { get; init; }

    public int Version { get; init; }

    public CampaignForm WithVersion(int version) => this with { Version = version };

    public IEnumerable<(string Field, string Message)> Check(IStringLocalizer l)
    {
        if (!Enum.IsDefined(Type) || !Enum.IsDefined(Status))
        {
            yield return (string.Empty, l["The request was not valid."]);
        }

        if (StartDate is DateOnly start && EndDate is DateOnly end && end < start)
        {
            yield return (nameof(EndDate), l["The end date must not be before the start date."]);
        }

        foreach (var (field, amount) in new[] { (nameof(Budget), Budget), (nameof(ExpectedRevenue), ExpectedRevenue) })
        {
            if (amount is decimal value && (value < 0 || value > Money.Max))
            {
                yield return (field, l["The amount must be between 0 and {0}.", Money.Max.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)]);
            }
        }

        foreach (var tag in TagNames.Parse(Tags).Where(t => t.Length > TagNames.MaxLength))
        {
            yield return (nameof(Tags), l["The tag \"{0}\" is longer than {1} characters.", tag, TagNames.MaxLength]);
        }
    }

    public static CampaignForm From(Campaign campaign) => new()
    {
        Name = campaign.Name,
        Description = campaign.Description,
        Type = campaign.Type,
        Status = campaign.Status,
        StartDate = campaign.StartDate,
        EndDate = campaign.EndDate,
        Budget = Money.FromCents(campaign.BudgetCents),
        ExpectedRevenue = Money.FromCents(campaign.ExpectedRevenueCents),
        MailTemplateId = campaign.MailTemplateId,
        OwnerId = campaign.OwnerId,
        Tags = TagNames.Join(campaign.Tags.Select(t => t.Tag!.Name)),
        Version = campaign.Version,
    };
}

/// <summary>What the campaign form offers beyond owners: the templates an email campaign may send.</summary>
public sealed record CampaignFormChoices(IReadOnlyList<Choice> Templates);
