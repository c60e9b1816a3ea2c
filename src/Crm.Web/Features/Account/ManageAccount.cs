using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Account;

/// <summary>A signed-in user's own account: display name, language, date format and time zone, and password.</summary>
public static class ManageAccount
{
    public sealed record ProfileForm
    {
        [Required(ErrorMessage = "The {0} field is required."), StringLength(200, ErrorMessage = "{0} must be at most {1} characters."), Display(Name = "Display name")]
        public string DisplayName { get; init; } = string.Empty;

        [Required(ErrorMessage = "The {0} field is required."), Display(Name = "Language")]
        public string Language { get; init; } = string.Empty;

        /// <summary>Empty: follow the browser.</summary>
        [Display(Name = "Date format")]
        public string? DateFormat { get; init; }

        /// <summary>An IANA zone; empty: the company's.</summary>
        [Display(Name = "Time zone")]
        public string? TimeZone { get; init; }
    }

    public sealed record PasswordForm
    {
        [Required(ErrorMessage = "The {0} field is required."), DataType(DataType.Password), Display(Name = "Current password")]
        public string CurrentPassword { get; init; } = string.Empty;

        [Required(ErrorMessage = "The {0} field is required."), DataType(DataType.Password), Display(Name = "New password")]
        public string NewPassword { get; init; } = string.Empty;

        [Required(ErrorMessage = "The {0} field is required."), DataType(DataType.Password), Display(Name = "Confirm the new password")]
        [Compare(nameof(NewPassword), ErrorMessage = "The passwords do not match.")]
        public string ConfirmPassword { get; init; } = string.Empty;
    }

    /// <summary>One date format the page offers, with how the current time reads in it.</summary>
    public sealed record FormatChoice(string Value, string Label);

    public sealed record Page(string Email, DateTime MemberSince, ProfileForm Profile, PasswordForm Password, IReadOnlyList<FormatChoice> Formats)
    {
        public bool TwoFactorEnabled { get; init; }
    }

    public sealed class Handler(UserManager<AppUser> users, UserTime time, TimeProvider clock, IStringLocalizer<SharedResource> l)
    {
        public Page Show(AppUser user, ProfileForm? profile = null) => new(
            user.Email ?? string.Empty,
            user.CreatedAt,
            profile ?? new ProfileForm
            {
                DisplayName = user.DisplayName,
                Language = LocalizationSetup.IsSupported(user.Culture) ? user.Culture! : CultureInfo.CurrentUICulture.TwoLetterISOLanguageName,
                DateFormat = user.DateFormat,
                TimeZone = user.TimeZone,
            },
            new PasswordForm(),
            Formats()) { TwoFactorEnabled = user.TwoFactorEnabled };

        /// <summary>The language and format must be ones offered; checked with the form's other rules, so errors come at once.</summary>
        public IReadOnlyList<FieldError> Check(ProfileForm form)
        {
            var errors = new List<FieldError>();
            if (!string.IsNullOrEmpty(form.Language) && !LocalizationSetup.IsSupported(form.Language))
            {
                errors.Add(new(nameof(ProfileForm.Language), l["Choose a language from the list."]));
            }

            if (!string.IsNullOrEmpty(form.DateFormat) && !LocalizationSetup.IsFormat(form.DateFormat))
            {
                errors.Add(new(nameof(ProfileForm.DateFormat), l["Choose a date format from the list."]));
            }

            if (!string.IsNullOrWhiteSpace(form.TimeZone) && !UserTime.IsZone(form.TimeZone.Trim()))
            {
                errors.Add(new(nameof(ProfileForm.TimeZone), l["Choose a time zone from the list (such as Europe/Paris)."]));
            }

            return errors;
        }

        /// <summary>Saves a form that passed <see cref="Check"/>.</summary>
        public async Task<IReadOnlyList<FieldError>> SaveProfileAsync(AppUser user, ProfileForm form)
        {
            user.DisplayName = form.DisplayName.Trim();
            user.Culture = form.Language.ToLowerInvariant();
            user.DateFormat = LocalizationSetup.Formats.FirstOrDefault(f => f.Name.Equals(form.DateFormat, StringComparison.OrdinalIgnoreCase))?.Name;
            user.TimeZone = string.IsNullOrWhiteSpace(form.TimeZone) ? null : form.TimeZone.Trim();
            return Errors(await users.UpdateAsync(user), string.Empty);
        }

        /// <summary>
        /// Checks the current password and the new one together, so every error shows at once; the change gives the
        /// user a new security stamp, which ends every other session (SessionCheck).
        /// </summary>
        public async Task<IReadOnlyList<FieldError>> ChangePasswordAsync(AppUser user, PasswordForm form, bool formIsValid)
        {
            var errors = new List<FieldError>();
            if (!string.IsNullOrEmpty(form.NewPassword))
            {
                foreach (var validator in users.PasswordValidators)
                {
                    errors.AddRange(Errors(await validator.ValidateAsync(users, user, form.NewPassword), nameof(PasswordForm.NewPassword)));
                }
            }

            if (!string.IsNullOrEmpty(form.CurrentPassword) && !await users.CheckPasswordAsync(user, form.CurrentPassword))
            {
                errors.Add(new(nameof(PasswordForm.CurrentPassword), l["The current password is not correct."]));
            }

            if (errors.Count > 0 || !formIsValid)
            {
                return errors;
            }

            return Errors(await users.ChangePasswordAsync(user, form.CurrentPassword, form.NewPassword), nameof(PasswordForm.NewPassword));
        }

        private List<FormatChoice> Formats()
        {
            var now = time.ToLocal(clock.GetUtcNow().UtcDateTime);
            string Example(string culture) => now.ToString("g", CultureInfo.GetCultureInfo(culture));
            return
            [
                new(string.Empty, l["As my browser says"]),
                new("fr-FR", l["French (France): {0}", Example("fr-FR")]),
                new("en-GB", l["English (United Kingdom): {0}", Example("en-GB")]),
                new("en-US", l["English (United States): {0}", Example("en-US")]),
            ];
        }

        private static List<FieldError> Errors(IdentityResult result, string field) =>
            result.Errors.Select(e => new FieldError(field, e.Description)).ToList();
    }
}
