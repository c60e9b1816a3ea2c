namespace Crm.Web.Features.Mail;

public static class MailSetup
{
    public static IServiceCollection AddMailAdmin(this IServiceCollection services)
    {
        services.AddScoped<OutboxAdmin>();
        services.AddScoped<EmailSettings>();
        return services;
    }
}
