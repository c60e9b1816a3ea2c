using System.Security.Claims;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Visibility;

/// <summary>The level an admin chose for one kind; a kind without a row is at <see cref="VisibilityLevels.Default"/>.</summary>
public sealed class KindVisibility
{
    public const int MaxKindLength = 40;

    public required string Kind { get; set; }
    public VisibilityLevel Level { get; set; }
}

public sealed class KindVisibilityConfiguration : IEntityTypeConfiguration<KindVisibility>
{
    public void Configure(EntityTypeBuilder<KindVisibility> builder)
    {
        builder.ToTable("KindVisibilities");
        builder.HasKey(v => v.Kind);
        builder.Property(v => v.Kind).HasMaxLength(KindVisibility.MaxKindLength);
        builder.Property(v => v.Level).HasConversion<string>().HasMaxLength(20);
    }
}

/// <summary>The levels, read once a minute at most (every request applies them), dropped when an admin saves.</summary>
public sealed class VisibilityCache(TimeProvider clock) : SavedChangesCache<RecordVisibility>(clock, TimeSpan.FromMinutes(1))
{
    public override bool Touches(EntityEntry entry) => entry.Entity is KindVisibility;
}

public sealed class CurrentVisibility(CrmDbContext db, VisibilityCache cache)
{
    public Task<RecordVisibility> GetAsync(CancellationToken ct) =>
        cache.GetAsync("levels", async token =>
        {
            var rows = await db.Set<KindVisibility>().AsNoTracking().ToListAsync(token);
            return rows.Count == 0 ? RecordVisibility.Declared : new RecordVisibility(rows.ToDictionary(r => r.Kind, r => r.Level, StringComparer.Ordinal));
        }, ct);

    /// <summary>A user a background job acts for, with the levels a page would apply to them.</summary>
    public async Task<CrmUser> UserAsync(string id, int? teamId, IEnumerable<string> roles, CancellationToken ct) =>
        new(id, teamId, roles.ToHashSet(StringComparer.Ordinal)) { Visibility = await GetAsync(ct) };
}

/// <summary>Hands each request's signed-in user the current levels (<see cref="VisibilityPrincipal"/>).</summary>
public sealed class VisibilityClaims(CurrentVisibility visibility, IHttpContextAccessor http) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal) =>
        principal is VisibilityPrincipal || principal.Identity?.IsAuthenticated != true
            ? principal
            : new VisibilityPrincipal(principal, await visibility.GetAsync(http.HttpContext?.RequestAborted ?? CancellationToken.None));
}
