namespace Crm.Web.Features.EmailTemplates;

public static class EmailTemplatesSetup
{
    public static IServiceCollection AddEmailTemplates(this IServiceCollection services)
    {
        services.AddScoped<MergeValues>();
        services.AddScoped<MailTemplates>();
        services.AddScoped<EmailTemplateAdmin>();
        return services;
    }
}
