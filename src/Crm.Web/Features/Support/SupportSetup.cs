using Hangfire;

namespace Crm.Web.Features.Support;

public static class SupportSetup
{
    public static IServiceCollection AddSupport(this IServiceCollection services)
    {
        services.AddOptions<SupportOptions>().BindConfiguration(SupportOptions.Section);
        services.AddSingleton<SupportRateLimit>();
        services.AddSingleton<TicketLinks>();
        services.AddScoped<SupportContacts>();
        services.AddScoped<SupportRequest>();
        services.AddScoped<CustomerThread>();
        services.AddScoped<MailIn>();
        services.AddScoped<MailInJob>();
        services.AddScoped<ImapSettingsStore>();
        services.AddHostedService<MailInSchedule>();
        return services;
    }
}
