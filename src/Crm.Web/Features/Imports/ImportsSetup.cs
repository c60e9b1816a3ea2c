namespace Crm.Web.Features.Imports;

public static class ImportsSetup
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        return services;
    }
}
