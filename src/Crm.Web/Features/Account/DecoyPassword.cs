using System.Security.Cryptography;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Features.Account;

/// <summary>
/// Checks a password against a hash no account has, with the app's own hasher and so at the same cost:
/// a sign-in for an unknown, inactive or locked-out account takes as long as a wrong password for a real one.
/// </summary>
public sealed class DecoyPassword(IPasswordHasher<AppUser> hasher)
{
    private static readonly AppUser Nobody = new() { Id = "decoy" };

    // One per process: hashing it anew would make these sign-ins cost twice a real one.
    private static string? _hash;

    public void Verify(string password)
    {
        var hash = _hash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        _ = hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}
