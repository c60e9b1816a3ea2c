using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Hangfire;
using Hangfire.Dashboard;

namespace Crm.Web.Infrastructure.Jobs;

public static class JobsSetup
{
    public const string DashboardPath = "/hangfire";

    public const string DashboardTitle = "Crm · Hangfire";

    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue("Hangfire:Enabled", true);

    /// <summary>
    /// In-memory storage on SQLite is safe because pending work lives in CRM tables and recurring sweepers
    /// pick it up again after a restart (ARCHITECTURE §6); SQL Server storage is shared by every instance.
    /// </summary>
    public static IServiceCollection AddCrmJobs(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsEnabled(configuration))
        {
            return services;
        }

        var provider = DatabaseSettings.Provider(configuration);
        services.AddHangfire((sp, c) =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (provider == DatabaseProvider.SqlServer)
            {
                c.UseSqlServerStorage(sp.GetRequiredService<DatabaseInfo>().ConnectionString);
            }
            else
            {
                c.UseInMemoryStorage();
            }
        });
        services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        return services;
    }

    /// <summary>
    /// Whether this process is the only one running background jobs: Hangfire's in-memory storage is shared with no
    /// other instance, so a job a CRM table shows as running from before this process started has no one working on it.
    /// </summary>
    public static bool RunsJobsAlone(IServiceProvider services) => services.GetService<JobStorage>() is Hangfire.InMemory.InMemoryStorage;

    public static void MapCrmJobsDashboard(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        if (!IsEnabled(configuration))
        {
            return;
        }

        // Admins only, from any address: the default filter would allow local requests only.
        // Its buttons and live stats POST with the antiforgery token Hangfire puts in its pages and checks itself
        // (IgnoreAntiforgeryToken stays false); WebSetup keeps that token's cookie on path "/" so it matches.
        // Its Content-Security-Policy is SecurityHeaders.JobsDashboardPolicy.
        // Language: the dashboard runs behind the app's request localization, so its own strings follow the user's
        // language (Hangfire ships French); the title is one set for every request, so it holds only names.
        // Time zone: Hangfire writes each time as a UTC timestamp that its moment.js turns into the browser's local time
        // (its DashboardOptions have no display zone; TimeZoneResolver only names the zones of recurring jobs).
        endpoints.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new AdminOnlyDashboardFilter()],
            AppPath = "/",
            DashboardTitle = DashboardTitle,
        }).RequireAuthorization(Policies.Admin);
    }

    private sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
