using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Visibility;

/// <summary>The levels of every registered kind, as /Admin/Visibility shows and saves them.</summary>
public sealed class VisibilityAdmin(CrmDbContext db, RecordKinds kinds, CurrentVisibility current, SecurityLog log)
{
    /// <summary>How far one role reaches over a kind's records at the kind's level, for the page's plain words.</summary>
    public sealed record RoleReach(string Role, AccessScope Read, AccessScope Edit, AccessScope Delete, bool Creates);

    public sealed record KindLevel(RecordKind Kind, VisibilityLevel Level, IReadOnlyList<RoleReach> Roles);

    public async Task<IReadOnlyList<KindLevel>> KindsAsync(IReadOnlyDictionary<string, VisibilityLevel>? shown, CancellationToken ct)
    {
        var visibility = await current.GetAsync(ct);
        return kinds.All.OrderBy(k => k.Order).Select(kind =>
        {
            var level = shown is not null && shown.TryGetValue(kind.Key, out var chosen) ? chosen : visibility.LevelOf(kind);
            var rule = kind.Access.At(level);
            return new KindLevel(kind, level, Infrastructure.Auth.Roles.All.Select(role =>
            {
                var holder = new CrmUser(string.Empty, null, new HashSet<string>([role], StringComparer.Ordinal));
                return new RoleReach(role, rule.ReadScope(holder), rule.EditScope(holder), rule.DeleteScope(holder), rule.CanCreate(holder));
            }).ToList());
        }).ToList();
    }

    /// <summary>
    /// Reads the posted levels: every key must be a registered kind and every value a level. Errors are keyed by the
    /// field ("Levels[contacts]"), or by nothing for a kind that does not exist.
    /// </summary>
    public (Dictionary<string, VisibilityLevel> Levels, List<(string Key, string Message, string? Value)> Errors) Read(IReadOnlyDictionary<string, string?>? posted)
    {
        var levels = new Dictionary<string, VisibilityLevel>(StringComparer.Ordinal);
        var errors = new List<(string, string, string?)>();
        foreach (var (key, value) in posted ?? new Dictionary<string, string?>())
        {
            if (kinds.Find(key) is null)
            {
                errors.Add((string.Empty, "There is no kind of record \"{0}\".", key));
            }
            else if (!VisibilityLevels.TryParse(value, out var level))
            {
                errors.Add(($"Levels[{key}]", "Choose one of the levels offered.", null));
            }
            else
            {
                levels[key] = level;
            }
        }

        if (posted is not { Count: > 0 } && errors.Count == 0)
        {
            errors.Add((string.Empty, "Choose a level for each kind of record.", null));
        }

        return (levels, errors);
    }

    /// <summary>Stores the levels that changed and writes each change to the security log; returns how many changed.</summary>
    public async Task<int> SaveAsync(IReadOnlyDictionary<string, VisibilityLevel> levels, string actorId, CancellationToken ct)
    {
        var visibility = await current.GetAsync(ct);
        var rows = await db.Set<KindVisibility>().ToDictionaryAsync(r => r.Kind, StringComparer.Ordinal, ct);
        var changed = 0;
        foreach (var (key, level) in levels)
        {
            var kind = kinds.Find(key)!;
            var before = visibility.LevelOf(kind);
            if (before == level)
            {
                continue;
            }

            if (rows.TryGetValue(key, out var row))
            {
                row.Level = level;
            }
            else
            {
                db.Add(new KindVisibility { Kind = key, Level = level });
            }

            log.Add(SecurityEventKind.VisibilityChanged, null, actorId, $"{key}: {before} → {level}");
            changed++;
        }

        if (changed > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        return changed;
    }
}
