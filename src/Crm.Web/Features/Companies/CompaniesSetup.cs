using Crm.Web.Features.Demo;

namespace Crm.Web.Features.Companies;

public static class CompaniesSetup
{
    public static IServiceCollection AddCompanies(this IServiceCollection services)
    {
        services.AddScoped<IDemoSeeder, DemoCompaniesSeeder>();
        return services;
    }
}
