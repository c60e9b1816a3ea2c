using Crm.Web.Infrastructure.Jobs;

namespace Crm.Web.Infrastructure.Web;

/// <summary>
/// Browser hardening headers on every response: pages, error and status pages, redirects, static files and the jobs dashboard.
/// They are written when the response starts, because the exception handler clears the headers set before it re-executes.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IWebHostEnvironment environment)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'; img-src 'self' data:; style-src 'self'";

    /// <summary>
    /// The Hangfire dashboard keeps to its own script files (its settings travel in data attributes), but writes style
    /// attributes and its chart library inserts a style element: its pages alone may use inline styles. Scripts stay
    /// 'self', and it still may not be framed. Admins only.
    /// </summary>
    public const string JobsDashboardPolicy =
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'";

    /// <summary>
    /// Public web forms (/Forms/{slug}) are made to be embedded in the company's own site (an iframe snippet): any site
    /// may frame them. Nothing else changes: scripts, styles and form posts stay 'self'.
    /// </summary>
    public const string EmbeddablePolicy =
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors *; img-src 'self' data:; style-src 'self'";

    public const string EmbeddablePath = "/Forms";

    // A year, without includeSubDomains: the CRM is often one host among others of a company's domain.
    private const string StrictTransportSecurity = "max-age=31536000";

    private readonly bool _hsts = !environment.IsDevelopment();

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            // The dashboard runs in a branch that moves "/hangfire" from Path to PathBase.
            var path = context.Request.PathBase + context.Request.Path;
            var embeddable = path.StartsWithSegments(EmbeddablePath);
            if (!embeddable)
            {
                headers.XFrameOptions = "DENY";
            }

            headers.ContentSecurityPolicy = path.StartsWithSegments(JobsSetup.DashboardPath) ? JobsDashboardPolicy
                : embeddable ? EmbeddablePolicy
                : ContentSecurityPolicy;

            // IsHttps is the forwarded scheme behind the TLS proxy: UseForwardedHeaders runs before this middleware.
            if (_hsts && context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = StrictTransportSecurity;
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
