namespace Crm.Web.Infrastructure.Records;

/// <summary>The registered kinds of record, in their declared order: what capabilities loop over.</summary>
public sealed class RecordKinds(IEnumerable<RecordKind> kinds)
{
    private readonly List<RecordKind> _all = kinds.OrderBy(k => k.Order).ToList();

    public IReadOnlyList<RecordKind> All => _all;

    public RecordKind? Find(string? key) => _all.FirstOrDefault(k => string.Equals(k.Key, key, StringComparison.Ordinal));

    /// <summary>The kind whose history, search and change events carry this audit type name.</summary>
    public RecordKind? ForAuditType(string auditType) => _all.FirstOrDefault(k => k.AuditType == auditType);

    /// <summary>
    /// The key change events give an audit type: a registered kind's own key, else (entries of what is not a kind of
    /// record yet, such as activities) the type's plural.
    /// </summary>
    public string KeyOf(string auditType) =>
        ForAuditType(auditType)?.Key ?? (auditType == "Activity" ? "activities" : auditType.ToLowerInvariant());
}

public static class RecordKindsSetup
{
    /// <summary>Registers a kind of record: the one line a kind's Setup adds to join every capability.</summary>
    public static IServiceCollection AddRecordKind<T>(this IServiceCollection services)
        where T : class, IRecord<T>
    {
        if (services.Any(d => d.ServiceType == typeof(RecordKind) && d.ImplementationInstance == (object)T.Kind))
        {
            return services;
        }

        services.AddSingleton<RecordKind>(T.Kind);
        if (services.All(d => d.ServiceType != typeof(RecordKinds)))
        {
            services.AddSingleton<RecordKinds>();
            services.AddOptions<Microsoft.AspNetCore.Mvc.MvcOptions>()
                .Configure<RecordKinds, Microsoft.Extensions.Localization.IStringLocalizerFactory>((mvc, kinds, localizers) =>
                    mvc.ModelMetadataDetailsProviders.Add(new DeclaredFieldsMetadata(kinds, localizers)));
        }

        return services;
    }
}
