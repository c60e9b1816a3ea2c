using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Crm.Web.Features.Shared;

/// <summary>
/// The list filters' options that are the same whoever asks (the owners; every tag, for who sees every record), kept
/// in memory: each list page view read them again, two of its nine queries. Dropped as soon as a user, a role or a
/// tag is saved, and after <see cref="KeptFor"/> whatever happens, for writes that do not go through EF.
/// </summary>
public sealed class ListFilterCache(TimeProvider clock) : SavedChangesCache<IReadOnlyList<Option>>(clock, KeptFor)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);

    public override bool Touches(EntityEntry entry) => entry.Entity is AppUser or Tag or IdentityUserRole<string> or IdentityRole;
}

/// <summary>
/// The owners a user may pick on a kind's records (<see cref="RecordChoices.OwnersAsync"/>), kept in memory: every list
/// page (its bulk bar) and every form read them. Dropped as soon as a user or a role is saved, and after a minute.
/// </summary>
public sealed class OwnerChoicesCache(TimeProvider clock) : SavedChangesCache<IReadOnlyList<Choice>>(clock, ListFilterCache.KeptFor)
{
    public override bool Touches(EntityEntry entry) => entry.Entity is AppUser or IdentityUserRole<string> or IdentityRole;
}
