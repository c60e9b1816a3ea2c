using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;

namespace Crm.Web.Features.Visibility;

public static class VisibilitySetup
{
    public static IServiceCollection AddRecordVisibility(this IServiceCollection services)
    {
        services.AddSavedChangesCache<VisibilityCache>();
        services.AddSavedChangesCache<ManagedTeamsCache>();
        services.AddScoped<CurrentVisibility>();
        services.AddScoped<IClaimsTransformation, VisibilityClaims>();
        services.AddScoped<VisibilityAdmin>();
        return services;
    }
}
