using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Features.Settings;

public static class SettingsSetup
{
    public static IServiceCollection AddOrganisationSettings(this IServiceCollection services)
    {
        services.AddSavedChangesCache<SettingsCache>();
        services.AddScoped<CurrentSettings>();
        services.AddScoped<FiscalCalendar>();
        services.AddSingleton<CompanyLogo>();
        services.AddScoped<Backups>();
        services.AddScoped<NightlyMaintenance>();
        services.AddHostedService<NightlyMaintenanceSchedule>();
        services.AddScoped<TwoFactorRequirement>();
        services.AddScoped<CompanyTimeZone>();
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
        {
            o.Filters.AddService<TwoFactorRequirement>();
            o.Filters.AddService<CompanyTimeZone>();
        });
        return services;
    }
}
