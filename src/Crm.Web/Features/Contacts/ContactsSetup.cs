namespace Crm.Web.Features.Contacts;

public static class ContactsSetup
{
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddScoped<ContactDuplicates>();
        services.AddScoped<Duplicates.ContactDuplicatePairs.Handler>();
        services.AddScoped<Duplicates.ContactMergePreview.Handler>();
        services.AddScoped<Duplicates.MergeContacts.Handler>();
        services.AddScoped<Duplicates.DismissDuplicate.Handler>();
        return services;
    }
}
