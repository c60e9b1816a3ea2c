namespace Crm.Web.Features.Contacts;

public static class ContactsSetup
{
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddScoped<ContactDuplicates>();
        services.AddScoped<ContactList.Handler>();
        services.AddScoped<ContactExport.Handler>();
        services.AddScoped<BulkEditContacts>();
        return services;
    }
}
