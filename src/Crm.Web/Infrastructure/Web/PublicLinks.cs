using Microsoft.Extensions.Options;

namespace Crm.Web.Infrastructure.Web;

/// <summary>
/// Absolute links that leave the site (mails: password reset, invitations, notifications, unsubscribe) start
/// with the configured Crm:PublicUrl, never with the request's Host, which any client can set.
/// In Development and Testing without it, the first configured server URL (else the launch profile's) is used.
/// </summary>
public sealed class PublicLinks
{
    public const string Setting = "Crm:PublicUrl";
    public const string DevelopmentFallback = "http://localhost:5080";

    private readonly string? _base;

    public PublicLinks(IOptions<CrmOptions> options, IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = options.Value.PublicUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _base = TryParse(configured, out var url)
                ? url.GetLeftPart(UriPartial.Path).TrimEnd('/')
                : throw new InvalidOperationException(InvalidMessage(configured));
        }
        else if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
        {
            _base = FirstServerUrl(configuration) ?? DevelopmentFallback;
        }
    }

    /// <summary>False when no public URL is known (Production without Crm:PublicUrl): nothing may mail a link.</summary>
    public bool IsConfigured => _base is not null;

    /// <summary>The base every link starts with, without a trailing slash; null when not configured.</summary>
    public string? BaseUrl => _base;

    /// <summary>"/Account/ResetPassword?email=…" becomes "https://crm.example.com/Account/ResetPassword?email=…".</summary>
    public Uri For(string appRelativePath)
    {
        if (_base is null)
        {
            throw new InvalidOperationException($"{Setting} is not set: no link can be mailed.");
        }

        var path = appRelativePath.StartsWith("~/", StringComparison.Ordinal) ? appRelativePath[1..] : appRelativePath;
        if (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal))
        {
            throw new ArgumentException("An app-relative path starting with a single '/' is expected.", nameof(appRelativePath));
        }

        return new Uri(_base + path, UriKind.Absolute);
    }

    public static bool TryParse(string value, out Uri url) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out url!)
        && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(url.Host)
        && string.IsNullOrEmpty(url.Query)
        && string.IsNullOrEmpty(url.Fragment);

    public static string InvalidMessage(string value) =>
        $"{Setting} is '{value}', which is not an absolute http or https URL. Set it to the address users open, e.g. https://crm.example.com (environment variable Crm__PublicUrl).";

    public const string MissingMessage =
        Setting + " is not set: password reset by email and every other mailed link are off. Set it to the address users open, e.g. https://crm.example.com (environment variable Crm__PublicUrl).";

    // Kestrel's "urls" (ASPNETCORE_URLS) may bind every interface: links need a host a browser can open.
    private static string? FirstServerUrl(IConfiguration configuration)
    {
        var first = configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        var local = first.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return TryParse(local, out var url) ? url.GetLeftPart(UriPartial.Path).TrimEnd('/') : null;
    }
}

/// <summary>Says at start what is wrong with Crm:PublicUrl, before anyone asks for a password reset.</summary>
public sealed class PublicUrlCheck(IServiceProvider services, IHostEnvironment environment, ILogger<PublicUrlCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        PublicLinks links;
        try
        {
            links = services.GetRequiredService<PublicLinks>();
        }
        catch (InvalidOperationException e)
        {
            logger.LogError("{Problem}", e.Message);
            throw;
        }

        if (!links.IsConfigured)
        {
            logger.LogError("{Problem} (environment: {Environment})", PublicLinks.MissingMessage, environment.EnvironmentName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
