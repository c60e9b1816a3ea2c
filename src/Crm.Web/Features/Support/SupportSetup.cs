using Crm.Web.Infrastructure.Web;
using Hangfire;

namespace Crm.Web.Features.Support;

public static class SupportSetup
{
    /// <summary>The public pages' limit per address: requests and replies together.</summary>
    public const string PostLimit = "support-post";

    public static IServiceCollection AddSupport(this IServiceCollection services)
    {
        services.AddOptions<SupportOptions>().BindConfiguration(SupportOptions.Section);
        services.AddAddressRateLimit<SupportOptions>(PostLimit, o => (o.PostsPerWindow, o.WindowMinutes));
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
