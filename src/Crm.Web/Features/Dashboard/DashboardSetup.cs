namespace Crm.Web.Features.Dashboard;

public static class DashboardSetup
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddScoped<DashboardSummary.Handler>();
        services.AddScoped<RepFigures>();
        services.AddScoped<TeamFigures>();
        services.AddScoped<SupportFigures>();
        services.AddScoped<MarketingFigures>();
        services.AddScoped<DashboardPage>();
        services.AddScoped<MonthlyTargets>();
        return services;
    }
}
