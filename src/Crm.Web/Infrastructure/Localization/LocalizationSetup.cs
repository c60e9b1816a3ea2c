using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Infrastructure.Localization;

public static class LocalizationSetup
{
    /// <summary>The languages pages are written in (the UI culture).</summary>
    public static readonly CultureInfo[] Cultures = [new("en"), new("fr")];

    /// <summary>How dates, times and numbers are written (the culture): a user's choice, else the browser's.</summary>
    public static readonly CultureInfo[] Formats = [new("fr-FR"), new("en-GB"), new("en-US")];

    public const string DefaultCulture = "en";

    public static IServiceCollection AddCrmLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory, CachedStringLocalizerFactory>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(DefaultFormat(DefaultCulture), DefaultCulture);
            o.SupportedCultures = [.. Formats, .. Cultures];
            o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders = [new CrmRequestCultureProvider()];
        });
        services.AddSingleton<IConfigureOptions<MvcOptions>, LocalizedModelBindingMessages>();
        return services;
    }

    public static string CookieValue(string language, string? format = null) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(IsFormat(format) ? format! : language, language));

    public static bool IsSupported(string? culture) =>
        culture is not null && Cultures.Any(c => c.Name.Equals(culture, StringComparison.OrdinalIgnoreCase));

    public static bool IsFormat(string? format) =>
        format is not null && Formats.Any(c => c.Name.Equals(format, StringComparison.OrdinalIgnoreCase));

    /// <summary>The format a language is written in when neither the user nor the browser says more.</summary>
    public static string DefaultFormat(string language) =>
        language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr-FR" : "en-US";

    /// <summary>
    /// The format a browser language tag asks for, when it is in <paramref name="language"/>: one offered as such,
    /// else English outside the United States writes the day first (en-GB), French writes as in France.
    /// </summary>
    public static string? BrowserFormat(string tag, string language)
    {
        if (!tag.Split('-')[0].Equals(language, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (Formats.FirstOrDefault(f => f.Name.Equals(tag, StringComparison.OrdinalIgnoreCase)) is { } offered)
        {
            return offered.Name;
        }

        return tag.Contains('-', StringComparison.Ordinal) && language == "en" ? "en-GB" : DefaultFormat(language);
    }

    /// <summary>The format chosen in the culture cookie, if one was (a cookie written for a language only holds none).</summary>
    public static string? ChosenFormat(HttpRequest request) =>
        request.Cookies[CookieRequestCultureProvider.DefaultCookieName] is { } value
        && CookieRequestCultureProvider.ParseCookieValue(value) is { } parsed
        && parsed.Cultures.Select(c => c.Value).FirstOrDefault(IsFormat) is { } format
            ? Formats.First(f => f.Name.Equals(format, StringComparison.OrdinalIgnoreCase)).Name
            : null;

    public static void WriteCultureCookie(HttpResponse response, string language, string? format = null) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieValue(language, format),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
}

/// <summary>
/// The language: the culture cookie (written at sign-in from the profile, by the language switch and the account
/// page), else the browser's Accept-Language, else English. The format of dates and times: the one the user chose
/// (in the same cookie), else the browser's region when the browser asks for that language (en-GB gives 29/11/2026
/// 23:49, en-US 11/29/2026 11:49 PM), else the language's own. One provider for both, because the framework's
/// providers answer for both at once: a cookie holding a language only would pin the format to that language's.
/// </summary>
public sealed class CrmRequestCultureProvider : RequestCultureProvider
{
    private const int MaxBrowserLanguages = 5;

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var cookie = request.Cookies[CookieRequestCultureProvider.DefaultCookieName] is { } value
            ? CookieRequestCultureProvider.ParseCookieValue(value)
            : null;
        var browser = (request.GetTypedHeaders().AcceptLanguage ?? [])
            .Where(l => l.Value.HasValue && l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value!)
            .Take(MaxBrowserLanguages)
            .ToList();

        var language = cookie?.UICultures.Select(c => c.Value).FirstOrDefault(LocalizationSetup.IsSupported)
            ?? browser.Select(t => t.Split('-')[0]).FirstOrDefault(LocalizationSetup.IsSupported)
            ?? LocalizationSetup.DefaultCulture;
        language = language.ToLowerInvariant();
        var format = LocalizationSetup.ChosenFormat(request)
            ?? browser.Select(t => LocalizationSetup.BrowserFormat(t, language)).FirstOrDefault(f => f is not null)
            ?? LocalizationSetup.DefaultFormat(language);
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(format, language));
    }
}

/// <summary>MVC's model-binding messages ("The value 'x' is not valid.") in the user's language.</summary>
public sealed class LocalizedModelBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var l = factory.Create(typeof(SharedResource));
        var m = options.ModelBindingMessageProvider;
        m.SetAttemptedValueIsInvalidAccessor((v, f) => l["The value '{0}' is not valid for {1}.", v, f]);
        m.SetMissingBindRequiredValueAccessor(f => l["The {0} field is required.", f]);
        m.SetValueMustNotBeNullAccessor(f => l["The {0} field is required.", f]);
        m.SetValueIsInvalidAccessor(v => l["The value '{0}' is not valid.", v]);
        m.SetValueMustBeANumberAccessor(f => l["The field {0} must be a number.", f]);
        m.SetMissingKeyOrValueAccessor(() => l["A value is required."]);
        m.SetUnknownValueIsInvalidAccessor(f => l["The supplied value is invalid for {0}.", f]);
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(v => l["The value '{0}' is not valid.", v]);
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["The supplied value is invalid."]);
        m.SetNonPropertyValueMustBeANumberAccessor(() => l["The field must be a number."]);
        m.SetMissingRequestBodyRequiredValueAccessor(() => l["A value is required."]);
    }
}
