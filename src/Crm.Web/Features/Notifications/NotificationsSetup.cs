namespace Crm.Web.Features.Notifications;

public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationCounts>();
        services.AddScoped<Notifications>();
        services.AddScoped<NotificationInbox>();
        return services;
    }
}
