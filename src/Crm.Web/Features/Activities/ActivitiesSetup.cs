using Crm.Web.Features.Demo;

namespace Crm.Web.Features.Activities;

public static class ActivitiesSetup
{
    public static IServiceCollection AddActivities(this IServiceCollection services)
    {
        services.AddScoped<IDemoSeeder, DemoActivitiesSeeder>();
        services.AddSingleton<ActivityText>();
        services.AddScoped<LogActivity.Handler>();
        services.AddScoped<ActivityTimeline.Handler>();
        services.AddScoped<EditActivity.Handler>();
        services.AddScoped<DeleteActivity.Handler>();
        return services;
    }
}
