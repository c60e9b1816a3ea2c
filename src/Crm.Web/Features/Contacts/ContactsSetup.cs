using Crm.Web.Features.Demo;

namespace Crm.Web.Features.Contacts;

public static class ContactsSetup
{
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddScoped<ContactDuplicates>();
        services.AddScoped<IDemoSeeder, DemoContactsSeeder>();
        return services;
    }
}
