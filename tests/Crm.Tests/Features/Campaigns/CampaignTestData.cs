using Crm.Tests.Infrastructure;
using Crm.Web.Features.Campaigns;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Campaigns;

/// <summary>Campaigns for tests, arranged straight in the app's database.</summary>
public static class CampaignTestData
{
    public static Campaign New(string name, string? ownerId = null, int? teamId = null, DateTime? created = null) => new()
    {
        Name = name,
        OwnerId = ownerId,
        TeamId = teamId,
        CreatedAt = created ?? default,
    };

    public static Task<int> AddCampaignAsync(this CrmAppFactory app, string name, TestUser? owner = null, int? templateId = null, long budgetCents = 0) =>
        app.WithDbAsync(async db =>
        {
            var campaign = New(name, owner?.Id, owner?.TeamId);
            campaign.MailTemplateId = templateId;
            campaign.BudgetCents = budgetCents;
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync();
            return campaign.Id;
        });
}
