using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Web;
using Hangfire;

namespace Crm.Web.Features.Campaigns;

public static class CampaignsSetup
{
    /// <summary>The open, click and unsubscribe links' limit per client address.</summary>
    public const string LinkLimit = "campaign-links";

    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddRecordKit<Campaign>();
        services.AddOptions<CampaignOptions>().BindConfiguration(CampaignOptions.Section);
        services.AddAddressRateLimit<CampaignOptions>(LinkLimit, o => (o.LinkRequestsPerMinute, 1));
        services.AddScoped<IRecordEditor<CampaignForm>, CampaignEditor>();
        services.AddScoped<IRecordDetails<Campaign>, CampaignDetails.Handler>();
        services.AddScoped<CampaignList>();
        services.AddScoped<CampaignMembers>();
        services.AddScoped<CampaignResults>();
        services.AddScoped<CampaignSender>();
        services.AddScoped<CampaignTracking>();
        services.AddScoped<WebForms.IWebFormListener, CampaignWebFormListener>();
        services.AddSingleton<CampaignLinks>();
        services.AddScoped<Demo.IDemoSeeder, DemoCampaignsSeeder>();
        services.AddHostedService<CampaignSendSchedule>();
        return services;
    }
}

/// <summary>Sweeps due campaign sends every minute and once at start, so a send scheduled or cut short by a restart goes on.</summary>
public sealed class CampaignSendSchedule(IServiceScopeFactory scopes, ILogger<CampaignSendSchedule> logger) : BackgroundService
{
    public const string RecurringJobId = "campaign-sender";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<IRecurringJobManager>() is not { } recurring)
        {
            return;
        }

        try
        {
            recurring.AddOrUpdate<CampaignSender>(RecurringJobId, sender => sender.Sweep(CancellationToken.None), Cron.Minutely());
            scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>().Enqueue<CampaignSender>(sender => sender.Sweep(CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not schedule the campaign sender");
        }
    }
}
