using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Features.SavedViews;

public static class SavedViewsSetup
{
    public static IServiceCollection AddSavedViews(this IServiceCollection services)
    {
        services.AddScoped<MySavedViews>();
        services.AddSavedChangesCache<SavedViewsCache>();
        services.AddScoped<SaveView.Handler>();
        services.AddScoped<DeleteView>();
        services.AddScoped<ManageView>();
        return services;
    }
}
