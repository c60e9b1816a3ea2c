using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Features.Tickets.Sla;

public static class SlaSetup
{
    public static IServiceCollection AddSla(this IServiceCollection services)
    {
        services.AddScoped<SlaDeadlines>();
        services.AddScoped<ITicketSla>(sp => sp.GetRequiredService<SlaDeadlines>());
        services.AddScoped<IStartupData, DefaultSlaPolicy>();
        services.AddScoped<SlaEscalationSweeper>();
        services.AddScoped<SlaAdmin>();
        services.AddHostedService<SlaEscalationStarter>();
        return services;
    }
}
