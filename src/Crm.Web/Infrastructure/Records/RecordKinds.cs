namespace Crm.Web.Infrastructure.Records;

/// <summary>The registered kinds of record, in their declared order: what capabilities loop over.</summary>
public sealed class RecordKinds(IEnumerable<RecordKind> kinds)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, RecordKind> Declared = new(StringComparer.Ordinal);

    /// <summary>
    /// A kind by the type name the audit trail stores, for code that runs outside a request's services (the save
    /// interceptor's entries, the history's labels). Kinds are static declarations of their entity types, so every app in
    /// a process registers the same ones.
    /// </summary>
    public static RecordKind? DeclaredFor(string auditType) => Declared.GetValueOrDefault(auditType);

    /// <summary>A kind by its key, among every kind registered in this process.</summary>
    public static RecordKind? DeclaredWithKey(string key) => Declared.Values.FirstOrDefault(k => k.Key == key);

    internal static void Declare(RecordKind kind) => Declared.TryAdd(kind.AuditType, kind);

    private readonly List<RecordKind> _all = kinds.OrderBy(k => k.Order).ToList();

    public IReadOnlyList<RecordKind> All => _all;

    public RecordKind? Find(string? key) => _all.FirstOrDefault(k => string.Equals(k.Key, key, StringComparison.Ordinal));

    /// <summary>The kind whose history, search and change events carry this audit type name.</summary>
    public RecordKind? ForAuditType(string auditType) => _all.FirstOrDefault(k => k.AuditType == auditType);
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
        RecordKinds.Declare(T.Kind);
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
