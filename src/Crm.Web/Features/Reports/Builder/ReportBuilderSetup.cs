namespace Crm.Web.Features.Reports.Builder;

public static class ReportBuilderSetup
{
    /// <summary>The report builder: saved reports, and their runner ("saved:{id}") among the report runners.</summary>
    public static IServiceCollection AddReportBuilder(this IServiceCollection services)
    {
        services.AddScoped<ReportFieldCatalog>();
        services.AddScoped<SavedReportRunner>();
        services.AddScoped<IReportRunner>(sp => sp.GetRequiredService<SavedReportRunner>());
        services.AddScoped<SavedReports>();
        return services;
    }
}
