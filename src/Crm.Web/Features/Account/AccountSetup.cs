using Crm.Web.Infrastructure.Auth;
using Crm.Web.Features.Demo;

namespace Crm.Web.Features.Account;

public static class AccountSetup
{
    public static IServiceCollection AddAccount(this IServiceCollection services)
    {
        services.AddScoped<IDemoSeeder, DemoUsersSeeder>();
        services.AddScoped<DecoyPassword>();
        services.AddScoped<SecurityLog>();
        services.AddScoped<SendPasswordReset>();
        services.AddScoped<ManageAccount.Handler>();
        return services;
    }
}
