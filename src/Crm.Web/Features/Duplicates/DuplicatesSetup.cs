namespace Crm.Web.Features.Duplicates;

public static class DuplicatesSetup
{
    /// <summary>The duplicates lists, dismissals and merges of every kind that declares a duplicates or merge part.</summary>
    public static IServiceCollection AddDuplicates(this IServiceCollection services)
    {
        services.AddScoped<DuplicatePairs.Handler>();
        services.AddScoped<DismissDuplicate.Handler>();
        services.AddScoped<MergePreview.Handler>();
        services.AddScoped<MergeRecords.Handler>();
        return services;
    }
}
