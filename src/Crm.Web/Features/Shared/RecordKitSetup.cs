using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Web.Features.Shared;

public static class RecordKitSetup
{
    /// <summary>
    /// The one registration of a kind of record: the kind itself (<see cref="RecordKindsSetup.AddRecordKind{T}"/>)
    /// and, once for all kinds, what the kit gives every kind: bulk actions, owner and company choices, history,
    /// tags and the list export.
    /// </summary>
    public static IServiceCollection AddRecordKit<T>(this IServiceCollection services)
        where T : class, IRecord<T>
    {
        services.AddRecordKind<T>();
        services.TryAddScoped<BulkEdit>();
        services.TryAddScoped<DeleteRecord>();
        services.TryAddScoped<RecordChoices>();
        services.TryAddScoped<RecordHistory>();
        services.TryAddScoped<TagNames>();
        services.TryAddScoped<ListExport>();
        services.AddSavedChangesCache<ListFilterCache>();
        services.AddSavedChangesCache<OwnerChoicesCache>();
        return services;
    }
}
