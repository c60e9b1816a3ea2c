namespace Crm.Web.Features.Dashboard;

public static class DashboardSetup
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddScoped<DashboardSummary.Handler>();
        return services;
    }
}
