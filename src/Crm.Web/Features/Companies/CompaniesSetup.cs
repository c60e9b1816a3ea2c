namespace Crm.Web.Features.Companies;

public static class CompaniesSetup
{
    public static IServiceCollection AddCompanies(this IServiceCollection services)
    {
        services.AddScoped<CompanyDuplicates>();
        services.AddScoped<Duplicates.CompanyDuplicatePairs.Handler>();
        services.AddScoped<Duplicates.CompanyMergePreview.Handler>();
        services.AddScoped<Duplicates.MergeCompanies.Handler>();
        return services;
    }
}
