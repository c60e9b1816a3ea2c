using Crm.Tests.Infrastructure;
using Crm.Web.Features.Deals;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Deals;

/// <summary>Deals for tests, arranged straight in the app's database, in the pipeline every install starts with.</summary>
public static class DealTestData
{
    /// <summary>
    /// The default pipeline's first stage: start-up writes that pipeline (<see cref="DefaultPipeline"/>) into every new
    /// database before anything else, so it and its stages have the first ids.
    /// </summary>
    public static PipelineStage FirstStage => new() { Id = 1, PipelineId = 1 };

    public static Deal New(string name, string? ownerId = null, int? teamId = null, DateTime? created = null, long amountCents = 0)
    {
        var deal = new Deal { Name = name, OwnerId = ownerId, TeamId = teamId, Currency = "EUR" };
        if (created is DateTime at)
        {
            deal.CreatedAt = at;
        }

        deal.SetAmount(amountCents / 100m, 1m);
        deal.Start(FirstStage, ownerId, created ?? DateTime.UtcNow);
        return deal;
    }

    public static Task<int> AddDealAsync(this CrmAppFactory app, string name, TestUser? owner = null, int? companyId = null, long amountCents = 0) =>
        app.WithDbAsync(async db =>
        {
            var deal = New(name, owner?.Id, owner?.TeamId, amountCents: amountCents);
            deal.CompanyId = companyId;
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            return deal.Id;
        });
}
