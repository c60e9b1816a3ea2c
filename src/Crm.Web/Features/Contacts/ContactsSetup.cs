using Crm.Web.Features.Demo;
using Crm.Web.Features.Shared;

namespace Crm.Web.Features.Contacts;

public static class ContactsSetup
{
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddRecordKit<Contact>();
        services.AddScoped<ContactDuplicates>();
        services.AddScoped<IDemoSeeder, DemoContactsSeeder>();
        services.AddScoped<ContactFormChecks>();
        services.AddScoped<IRecordEditor<ContactForm>, ContactEditor>();
        services.AddScoped<IRecordDetails<Contact>, ContactDetails.Handler>();
        services.AddScoped<ContactVCard.Handler>();
        services.AddScoped<ContactPersonalData>();
        services.AddScoped<ContactList>();
        return services;
    }
}
