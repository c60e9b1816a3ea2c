namespace Crm.Web.Features.Activities;

public static class ActivitiesSetup
{
    public static IServiceCollection AddActivities(this IServiceCollection services)
    {
        return services;
    }
}
