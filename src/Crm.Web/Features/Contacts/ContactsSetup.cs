using Crm.Web.Features.Demo;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Web.Features.Contacts;

public static class ContactsSetup
{
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddRecordKind<Contact>();
        services.AddScoped<ContactDuplicates>();
        services.AddScoped<IDemoSeeder, DemoContactsSeeder>();
        services.TryAddScoped<RecordChoices>();
        services.TryAddScoped<RecordHistory>();
        services.TryAddScoped<TagNames>();
        services.AddScoped<ContactFormChecks>();
        services.AddScoped<CreateContact.Handler>();
        services.AddScoped<EditContact.Handler>();
        services.AddScoped<DeleteContact.Handler>();
        services.AddScoped<ContactDetails.Handler>();
        services.AddScoped<ContactVCard.Handler>();
        services.AddScoped<Duplicates.ContactDuplicatePairs.Handler>();
        services.AddScoped<Duplicates.ContactMergePreview.Handler>();
        services.AddScoped<Duplicates.MergeContacts.Handler>();
        services.AddScoped<Duplicates.DismissDuplicate.Handler>();
        services.AddScoped<ContactList>();
        services.AddScoped<ContactExport.Handler>();
        services.AddScoped<BulkEditContacts>();
        return services;
    }
}
