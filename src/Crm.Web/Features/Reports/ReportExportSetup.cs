namespace Crm.Web.Features.Reports;

public static class ReportExportSetup
{
    /// <summary>The workbook export (/Reports/Export) and scheduled delivery (/Reports/Schedules) of every report runner's reports.</summary>
    public static IServiceCollection AddReportExports(this IServiceCollection services)
    {
        services.AddScoped<ReportWorkbook>();
        services.AddScoped<ReportExporter>();
        services.AddScoped<ReportSchedules>();
        services.AddScoped<ReportDelivery>();
        services.AddHostedService<ReportDeliveryStarter>();
        return services;
    }
}
