using Crm.Web.Features.Account;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Demo;

public sealed record DemoOwner(string UserId, int? TeamId);

/// <summary>Who owns demo records: mostly the Sales users, some managers and admins, and some records nobody owns.</summary>
public sealed class DemoOwners
{
    private readonly List<(DemoOwner? Owner, double Weight)> _weighted;
    private readonly double _total;

    private DemoOwners(List<(DemoOwner? Owner, double Weight)> weighted, IReadOnlyList<DemoOwner> sales)
    {
        _weighted = weighted;
        _total = weighted.Sum(w => w.Weight);
        Sales = sales;
    }

    /// <summary>The Sales demo users, who log most activities.</summary>
    public IReadOnlyList<DemoOwner> Sales { get; }

    public static async Task<DemoOwners> LoadAsync(CrmDbContext db, CancellationToken ct)
    {
        var emails = DemoUsersSeeder.People.Select(p => p.Email.ToUpperInvariant()).ToList();
        var users = await db.Users.AsNoTracking()
            .Where(u => emails.Contains(u.NormalizedEmail!))
            .Select(u => new { u.Email, u.Id, u.TeamId })
            .ToListAsync(ct);
        var weighted = new List<(DemoOwner? Owner, double Weight)> { (null, 15) };
        var sales = new List<DemoOwner>();
        foreach (var (email, _, role, _, _) in DemoUsersSeeder.People)
        {
            var user = users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
            var weight = role switch { Roles.Sales => 38, Roles.Manager => 7, Roles.Admin => 2, _ => 0 };
            if (user is null || weight == 0)
            {
                continue;
            }

            var owner = new DemoOwner(user.Id, user.TeamId);
            weighted.Add((owner, weight));
            if (role == Roles.Sales)
            {
                sales.Add(owner);
            }
        }

        return new DemoOwners(weighted, sales);
    }

    /// <summary>An owner, or null for an unowned record.</summary>
    public DemoOwner? Pick(Random random)
    {
        var x = random.NextDouble() * _total;
        foreach (var (owner, weight) in _weighted)
        {
            x -= weight;
            if (x < 0)
            {
                return owner;
            }
        }

        return null;
    }

    /// <summary>The ids of the shared demo tags, created when missing.</summary>
    public static async Task<int[]> EnsureTagsAsync(CrmDbContext db, CancellationToken ct)
    {
        var wanted = DemoData.Tags.Select(Tag.Create).ToList();
        var keys = wanted.Select(t => t.NameKey).ToList();
        var existing = await db.Tags.Where(t => keys.Contains(t.NameKey)).ToDictionaryAsync(t => t.NameKey, ct);
        foreach (var tag in wanted.Where(t => !existing.ContainsKey(t.NameKey)))
        {
            db.Tags.Add(tag);
            existing[tag.NameKey] = tag;
        }

        await db.SaveChangesAsync(ct);
        return keys.Select(k => existing[k].Id).ToArray();
    }

    /// <summary>0 to 3 distinct tags, most records having none or one.</summary>
    public static int[] PickTags(Random random, int[] tagIds)
    {
        var count = random.NextDouble() switch { < 0.5 => 0, < 0.8 => 1, < 0.95 => 2, _ => 3 };
        if (count == 0 || tagIds.Length == 0)
        {
            return [];
        }

        var picked = new HashSet<int>();
        while (picked.Count < Math.Min(count, tagIds.Length))
        {
            picked.Add(tagIds[random.Next(tagIds.Length)]);
        }

        return picked.Order().ToArray();
    }
}
