using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Infrastructure.Auth;

public static class AuthSetup
{
    public const int MaxFailedSignIns = 5;
    public const string IdleTimeoutSetting = "Crm:SessionIdleMinutes";
    public const int DefaultIdleMinutes = 12 * 60;

    public static IServiceCollection AddCrmAuth(this IServiceCollection services)
    {
        services
            .AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<CrmDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<CrmClaimsFactory>();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "crm.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Plain HTTP on localhost and TLS behind a proxy (with forwarded headers) must both sign in.
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            // Identity's validator checks the stamp only every ValidationInterval: a cookie copied before
            // sign-out would work until then. This one checks it on each request.
            o.Events.OnValidatePrincipal = SessionCheck.ValidatePrincipalAsync;
        });
        // A session ends after this long without a request (sliding: each request within it extends it).
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IConfiguration>((o, configuration) =>
                o.ExpireTimeSpan = TimeSpan.FromMinutes(Math.Max(5, configuration.GetValue(IdleTimeoutSetting, DefaultIdleMinutes))));
        // Here only how often the claims in a cookie are rebuilt (new role, team or name).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddAuthorization(Policies.Add);

        services.AddScoped<AdminBootstrapper>();
        services.AddSingleton<SetupState>();
        return services;
    }
}
