using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Features.CustomFields;

public static class CustomFieldsSetup
{
    public static IServiceCollection AddCustomFields(this IServiceCollection services)
    {
        services.AddScoped<CustomFieldStore>();
        services.AddSavedChangesCache<CustomFieldDefinitions>();
        services.AddScoped<CustomFieldAdmin>();
        services.AddScoped<CustomFieldPurge>();
        return services;
    }
}
