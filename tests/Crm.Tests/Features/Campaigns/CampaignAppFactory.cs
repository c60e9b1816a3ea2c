using Crm.Tests.Infrastructure;

namespace Crm.Tests.Features.Campaigns;

/// <summary>The app with small send batches, so a few hundred members make several batches.</summary>
public sealed class CampaignAppFactory : CrmAppFactory
{
    public const int BatchSize = 100;

    public CampaignAppFactory()
    {
        Settings["Crm:Campaigns:BatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Crm:Campaigns:LinkRequestsPerMinute"] = "100000";
    }
}
