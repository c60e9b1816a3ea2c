using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Infrastructure.Localization;

public static class LocalizationSetup
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("fr")];
    public const string DefaultCulture = "en";

    public static IServiceCollection AddCrmLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(DefaultCulture);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // The user's choice (cookie, written at sign-in from the profile and by the language switch), then the browser.
            o.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        services.AddSingleton<IConfigureOptions<MvcOptions>, LocalizedModelBindingMessages>();
        return services;
    }

    public static string CookieValue(string culture) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));

    public static bool IsSupported(string? culture) =>
        culture is not null && Cultures.Any(c => c.Name.Equals(culture, StringComparison.OrdinalIgnoreCase));

    public static void WriteCultureCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieValue(culture),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
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
