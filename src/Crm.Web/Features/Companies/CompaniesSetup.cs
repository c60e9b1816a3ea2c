namespace Crm.Web.Features.Companies;

public static class CompaniesSetup
{
    public static IServiceCollection AddCompanies(this IServiceCollection services)
    {
        return services;
    }
}
