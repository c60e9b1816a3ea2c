namespace Crm.Web.Features.Users;

public static class UsersSetup
{
    public static IServiceCollection AddUserAdmin(this IServiceCollection services)
    {
        services.AddScoped<UserAdmin>();
        services.AddScoped<TeamAdmin>();
        return services;
    }
}
