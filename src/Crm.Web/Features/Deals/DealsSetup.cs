using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Features.Deals;

public static class DealsSetup
{
    public static IServiceCollection AddDeals(this IServiceCollection services)
    {
        services.AddRecordKit<Deal>();
        services.AddMemoryCache();
        services.AddScoped<IRecordEditor<DealForm>, DealEditor>();
        services.AddScoped<IRecordDetails<Deal>, DealDetails.Handler>();
        services.AddScoped<DealList>();
        services.AddScoped<DealForecast>();
        services.AddSavedChangesCache<DealRatesCache>();
        services.AddScoped<DealMoves>();
        services.AddScoped<DealBoard>();
        services.AddScoped<PipelineCatalog>();
        services.AddScoped<CurrencyRates>();
        services.AddScoped<Infrastructure.Data.IStartupData, DefaultPipeline>();
        services.AddScoped<Demo.IDemoSeeder, DemoDealsSeeder>();
        services.AddScoped<Admin.PipelineAdmin>();
        services.AddScoped<Admin.CurrencyAdmin>();
        services.AddScoped<Admin.DefaultCurrencyChange>();
        services.AddScoped<Products.ProductCatalog>();
        return services;
    }
}
