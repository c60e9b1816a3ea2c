using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Infrastructure.Auth;

/// <summary>Identity's messages (password rules, duplicates, tokens) in the user's language.</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = l["Passwords must be at least {0} characters.", length] };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = l["Passwords must have at least one digit ('0'-'9')."] };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = l["Passwords must have at least one lowercase letter ('a'-'z')."] };
    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = l["Passwords must have at least one uppercase letter ('A'-'Z')."] };
    public override IdentityError PasswordRequiresNonAlphanumeric() => new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = l["Passwords must have at least one non alphanumeric character."] };
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = l["Email '{0}' is already taken.", email] };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = l["Email '{0}' is already taken.", userName] };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = l["Email '{0}' is invalid.", email ?? string.Empty] };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = l["This link is invalid or has expired."] };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = l["Incorrect password."] };
}
