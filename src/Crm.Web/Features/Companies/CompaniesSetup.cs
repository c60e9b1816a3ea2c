namespace Crm.Web.Features.Companies;

public static class CompaniesSetup
{
    public static IServiceCollection AddCompanies(this IServiceCollection services)
    {
        services.AddScoped<CompanyList.Handler>();
        services.AddScoped<CompanyExport.Handler>();
        services.AddScoped<BulkEditCompanies>();
        return services;
    }
}
