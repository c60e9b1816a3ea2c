using Crm.Web.Features.Demo;
using Crm.Web.Features.Shared;

namespace Crm.Web.Features.Companies;

public static class CompaniesSetup
{
    public static IServiceCollection AddCompanies(this IServiceCollection services)
    {
        services.AddRecordKit<Company>();
        services.AddScoped<IDemoSeeder, DemoCompaniesSeeder>();
        services.AddScoped<CompanyFormChecks>();
        services.AddScoped<IRecordEditor<CompanyForm>, CompanyEditor>();
        services.AddScoped<IRecordDetails<Company>, CompanyDetails.Handler>();
        services.AddScoped<CompanyDuplicates>();
        services.AddScoped<CompanyList>();
        return services;
    }
}
