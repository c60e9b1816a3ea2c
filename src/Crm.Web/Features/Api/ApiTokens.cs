using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Api;

/// <summary>A user's own API tokens (/Account/Tokens): list, make (the token shown once) and revoke.</summary>
public sealed class ApiTokens(CrmDbContext db, TimeProvider clock, SecurityLog log)
{
    /// <summary>What every token starts with, so that secret scanners and people recognise one.</summary>
    public const string TokenPrefix = "crm_";

    public sealed record Row(int Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

    public sealed record NewTokenForm
    {
        [Required(ErrorMessage = "Enter a name for the token.")]
        [StringLength(ApiToken.MaxNameLength, ErrorMessage = "The name can be at most {1} characters.")]
        public string? Name { get; init; }
    }

    public Task<List<Row>> ListAsync(string userId, CancellationToken ct) =>
        db.Set<ApiToken>().AsNoTracking().Where(t => t.UserId == userId)
            .OrderBy(t => t.RevokedAt != null).ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new Row(t.Id, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(ct);

    /// <summary>Makes a token; the clear token is returned here and never again (only its hash is stored). Null past <see cref="ApiToken.MaxPerUser"/> live tokens.</summary>
    public async Task<string?> CreateAsync(string userId, string name, CancellationToken ct)
    {
        if (await db.Set<ApiToken>().CountAsync(t => t.UserId == userId && t.RevokedAt == null, ct) >= ApiToken.MaxPerUser)
        {
            return null;
        }

        var token = TokenPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        db.Add(new ApiToken
        {
            UserId = userId,
            Name = name.Trim(),
            Hash = HashOf(token),
            Prefix = token[..(TokenPrefix.Length + 6)],
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        log.Add(SecurityEventKind.ApiTokenCreated, userId, userId, name.Trim());
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>Revokes one of the user's own tokens; false when it is not theirs or was already revoked.</summary>
    public async Task<bool> RevokeAsync(string userId, int id, CancellationToken ct)
    {
        var token = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId && t.RevokedAt == null, ct);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        log.Add(SecurityEventKind.ApiTokenRevoked, userId, userId, token.Name);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
