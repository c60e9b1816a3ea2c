using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Jobs;
using Crm.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;

namespace Crm.Web.Infrastructure.Web;

public static class WebSetup
{
    public static IServiceCollection AddCrmWeb(this IServiceCollection services, IConfiguration configuration, DataPaths paths)
    {
        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);
        services.Configure<CrmOptions>(configuration.GetSection(CrmOptions.Section));
        services.AddSingleton<UserTime>();
        services.AddSingleton<PublicLinks>();
        services.AddHostedService<PublicUrlCheck>();
        services.AddHttpContextAccessor();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddAddressRateLimit<RateLimitOptions>(AddressRateLimits.FailedSignIn, o => (o.FailedSignIns, o.FailedSignInsWindowMinutes));
        services.AddAddressRateLimit<RateLimitOptions>(AddressRateLimits.PasswordReset, o => (o.PasswordResets, o.PasswordResetsWindowMinutes));

        services
            .AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.ModelBinderProviders.Insert(0, new NumberInputBinderProvider());
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
            .AddRazorOptions(o =>
            {
                // Feature folders: a feature's views sit beside its controller.
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
                o.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
            });

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "crm.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // One cookie for the whole site: without a path, a token first issued by the Hangfire dashboard (a branch whose
            // PathBase is /hangfire) would be stored for /hangfire only, beside the site's, and the two would compete.
            o.Cookie.Path = "/";
            // SecurityHeaders sends DENY on every response; antiforgery's SAMEORIGIN would allow framing by the site itself.
            o.SuppressXFrameOptionsHeader = true;
        });

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Behind a TLS-terminating reverse proxy the scheme arrives in X-Forwarded-Proto.
            // The app is meant to be reached only through that proxy, so every proxy address is trusted.
            // Not X-Forwarded-Host: proxies pass a client's one through, and it would put any site in password-reset links.
            // The proxy forwards the Host header itself.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });

        services.AddCrmDataProtection(configuration, paths);
        return services;
    }

    private static HealthCheckOptions HealthOptions(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResultStatusCodes =
        {
            [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy] = StatusCodes.Status200OK,
            [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    public static void UseCrmPipeline(this WebApplication app)
    {
        // First, so that the scheme is the proxy's when SecurityHeaders decides on HSTS.
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Home/Error");
        }

        app.UseStatusCodePagesWithReExecute("/Home/Status/{0}");
        app.UseStaticFiles();
        app.UseCrmRequestLogging();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseMiddleware<SetupGateMiddleware>();
        app.UseConnectionPerRequest();
        // Before authentication: a flood of guessed tokens is refused as early as any other.
        app.UseMiddleware<Features.Api.ApiRateLimit>();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health", HealthOptions(DatabaseLiveCheck.Tag)).AllowAnonymous();
        app.MapHealthChecks("/health/ready", HealthOptions(DatabaseReadyCheck.Tag)).AllowAnonymous();
        app.MapCrmJobsDashboard(app.Configuration);
        app.MapControllerRoute("default", "{controller=Dashboard}/{action=Index}/{id?}");
    }
}
