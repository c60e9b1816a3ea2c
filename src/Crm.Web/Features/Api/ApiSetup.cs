using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;

namespace Crm.Web.Features.Api;

public static class ApiSetup
{
    public const string PathBase = "/api/v1";
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>
    /// The JSON API: personal tokens, their authentication scheme, the rate limit and one listing per registered kind's
    /// list. Called after the kinds' setups: it finds their lists (each kind's <see cref="RecordList{T, TQuery, TRow}"/>)
    /// among the services, so no kind registers anything for the API.
    /// </summary>
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddScoped<ApiTokens>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section);
        services.AddAddressRateLimit<ApiOptions>(ApiRateLimit.Limit, o => (o.RequestsPerMinute, 1));
        foreach (var list in services.Select(d => d.ImplementationType).OfType<Type>().Where(t => ListOf(t) is not null).Distinct().ToList())
        {
            var listing = typeof(RecordListing<,,>).MakeGenericType(ListOf(list)!);
            services.AddScoped(typeof(IRecordListing), sp => ActivatorUtilities.CreateInstance(sp, listing, sp.GetRequiredService(list)));
        }

        return services;
    }

    /// <summary>The record, query and row types of a kind's list; null for any other type.</summary>
    private static Type[]? ListOf(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(RecordList<,,>))
            {
                return t.GetGenericArguments();
            }
        }

        return null;
    }
}
