using Crm.Web.Features.Reports.Standard;

namespace Crm.Web.Features.Reports;

public static class ReportsSetup
{
    /// <summary>The standard reports and their runner (others resolve every <see cref="IReportRunner"/>).</summary>
    public static IServiceCollection AddStandardReports(this IServiceCollection services)
    {
        services.AddScoped<ReportServices>();
        services.AddScoped<StandardReport, PipelineByStageReport>();
        services.AddScoped<StandardReport, WonLostReport>();
        services.AddScoped<StandardReport, ActivityByRepReport>();
        services.AddScoped<StandardReport, TicketSlaReport>();
        services.AddScoped<StandardReport, CampaignRoiReport>();
        services.AddScoped<StandardReport, ContactsBySourceReport>();
        services.AddScoped<StandardReports>();
        services.AddScoped<IReportRunner>(s => s.GetRequiredService<StandardReports>());
        return services;
    }
}
