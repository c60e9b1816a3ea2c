using Crm.Web.Infrastructure.Web;

namespace Crm.Web.Features.WebForms;

/// <summary>The "WebForms" configuration section: how many submissions one address may send per window.</summary>
public sealed class WebFormOptions
{
    public const string Section = "WebForms";

    public int PostsPerWindow { get; set; } = 5;

    public int WindowMinutes { get; set; } = 10;
}

public static class WebFormsSetup
{
    /// <summary>The public forms' limit per address, apart from support's: a flood of leads does not block support requests.</summary>
    public const string PostLimit = "web-form-post";

    public static IServiceCollection AddWebForms(this IServiceCollection services)
    {
        services.AddOptions<WebFormOptions>().BindConfiguration(WebFormOptions.Section);
        services.AddAddressRateLimit<WebFormOptions>(PostLimit, o => (o.PostsPerWindow, o.WindowMinutes));
        services.AddScoped<WebFormAdmin>();
        services.AddScoped<WebFormSubmission>();
        return services;
    }
}
