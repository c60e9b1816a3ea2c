using System.Security.Claims;

namespace Crm.Web.Infrastructure.Auth;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Manager = "Manager";
    public const string Sales = "Sales";
    public const string Support = "Support";
    public const string Marketing = "Marketing";

    public static readonly IReadOnlyList<string> All = [Admin, Manager, Sales, Support, Marketing];
}

public static class Policies
{
    public const string Admin = "Admin";
    public const string Managers = "Managers";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(Managers, p => p.RequireRole(Roles.Admin, Roles.Manager));
    }
}

public static class ClaimsPrincipalExtensions
{
    public static string Id(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No signed-in user.");
}
