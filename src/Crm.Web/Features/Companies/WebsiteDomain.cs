namespace Crm.Web.Features.Companies;

/// <summary>The registrable part of a company's website ("https://www.Acme.fr/contact" → "acme.fr"), for duplicate matching.</summary>
public static class WebsiteDomain
{
    // Pages on shared platforms say nothing about which company they belong to: matching on them would pair strangers.
    private static readonly HashSet<string> SharedHosts = new(StringComparer.Ordinal)
    {
        "facebook.com", "linkedin.com", "instagram.com", "twitter.com", "x.com", "youtube.com", "google.com",
        "sites.google.com", "pagesjaunes.fr", "societe.com", "wixsite.com", "wordpress.com", "github.com",
    };

    public static string? Of(string? website)
    {
        if (string.IsNullOrWhiteSpace(website))
        {
            return null;
        }

        var text = website.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || !uri.Host.Contains('.', StringComparison.Ordinal))
        {
            return null;
        }

        var host = uri.IdnHost.ToLowerInvariant().TrimEnd('.');
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        return host.Length == 0 || host.Length > 200 || SharedHosts.Contains(host) ? null : host;
    }
}
