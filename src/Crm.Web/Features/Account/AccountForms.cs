using System.ComponentModel.DataAnnotations;

namespace Crm.Web.Features.Account;

public sealed record LoginForm
{
    [Required(ErrorMessage = "The {0} field is required."), EmailAddress(ErrorMessage = "Enter a valid email address."), Display(Name = "Email")]
    public string Email { get; init; } = string.Empty;

    [Required(ErrorMessage = "The {0} field is required."), DataType(DataType.Password), Display(Name = "Password")]
    public string Password { get; init; } = string.Empty;

    [Display(Name = "Remember me")]
    public bool RememberMe { get; init; }

    public string? ReturnUrl { get; init; }
}

public sealed record ForgotPasswordForm
{
    [Required(ErrorMessage = "The {0} field is required."), EmailAddress(ErrorMessage = "Enter a valid email address."), Display(Name = "Email")]
    public string Email { get; init; } = string.Empty;
}

public sealed record ResetPasswordForm
{
    [Required(ErrorMessage = "The {0} field is required."), EmailAddress(ErrorMessage = "Enter a valid email address."), Display(Name = "Email")]
    public string Email { get; init; } = string.Empty;

    [Required]
    public string Code { get; init; } = string.Empty;

    [Required(ErrorMessage = "The {0} field is required."), DataType(DataType.Password), Display(Name = "New password")]
    public string Password { get; init; } = string.Empty;

    [Required(ErrorMessage = "The {0} field is required."), DataType(DataType.Password), Display(Name = "Confirm password")]
    [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    public string ConfirmPassword { get; init; } = string.Empty;

    /// <summary>The link came with an invitation: the page welcomes rather than speaks of a reset.</summary>
    public bool Invite { get; init; }
}

public sealed record SetupForm
{
    [Required(ErrorMessage = "The {0} field is required."), StringLength(200, ErrorMessage = "{0} must be at most {1} characters."), Display(Name = "Your name")]
    public string DisplayName { get; init; } = string.Empty;

    [Required(ErrorMessage = "The {0} field is required."), EmailAddress(ErrorMessage = "Enter a valid email address."), Display(Name = "Email")]
    public string Email { get; init; } = string.Empty;

    [Required(ErrorMessage = "The {0} field is required."), DataType(DataType.Password), Display(Name = "Password")]
    public string Password { get; init; } = string.Empty;

    [Required(ErrorMessage = "The {0} field is required."), DataType(DataType.Password), Display(Name = "Confirm password")]
    [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    public string ConfirmPassword { get; init; } = string.Empty;
}
