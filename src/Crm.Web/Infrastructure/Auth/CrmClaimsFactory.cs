using System.Security.Claims;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Crm.Web.Infrastructure.Auth;

/// <summary>Puts the user's team, display name and time zone in the cookie, so record access and times need no query per request.</summary>
public sealed class CrmClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.TeamId is int team)
        {
            identity.AddClaim(new Claim(CrmUser.TeamClaim, team.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (user.TimeZone is { Length: > 0 } zone)
        {
            identity.AddClaim(new Claim(Localization.UserTime.ZoneClaim, zone));
        }

        identity.AddClaim(new Claim(CrmUser.DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? string.Empty : user.DisplayName));
        return identity;
    }
}
