using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tags;

/// <summary>Tags typed as "VIP, salon 2026": parsed, then matched to existing tags (case- and accent-insensitively) or created.</summary>
public sealed class TagNames(CrmDbContext db)
{
    public const int MaxLength = 50;

    public static IReadOnlyList<string> Parse(string? text) =>
        (text ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.Length > 0)
            .DistinctBy(SearchKey.Normalize)
            .ToList();

    public static string Join(IEnumerable<string> names) => string.Join(", ", names);

    /// <summary>The tag of that exact name (commas included), created if new; null for a blank name.</summary>
    public async Task<Tag?> FindOrCreateAsync(string? name, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(name) ? null : (await FindOrCreateAsync([name.Trim()], ct))[0];

    /// <summary>
    /// The tags for the names. A new tag is inserted at once, only if no other request inserted it meanwhile:
    /// two people typing the same new tag at the same moment both get it, instead of one hitting the unique index.
    /// </summary>
    public async Task<List<Tag>> FindOrCreateAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var keys = names.Select(SearchKey.Normalize).ToList();
        var existing = await db.Tags.Where(t => keys.Contains(t.NameKey)).ToListAsync(ct);
        var missing = names.Where(n => !existing.Any(t => t.NameKey == SearchKey.Normalize(n))).DistinctBy(SearchKey.Normalize).ToList();
        if (missing.Count > 0)
        {
            foreach (var tag in missing.Select(Tag.Create))
            {
                await InsertIfAbsentAsync(tag, ct);
            }

            existing = await db.Tags.Where(t => keys.Contains(t.NameKey)).ToListAsync(ct);
        }

        return keys.Select(key => existing.First(t => t.NameKey == key)).ToList();
    }

    private async Task InsertIfAbsentAsync(Tag tag, CancellationToken ct)
    {
        try
        {
            // Plain SQL that SQLite and SQL Server both read; values are parameters.
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO Tags (Name, NameKey) SELECT {tag.Name}, {tag.NameKey} WHERE NOT EXISTS (SELECT 1 FROM Tags WHERE NameKey = {tag.NameKey})", ct);
        }
        catch (System.Data.Common.DbException)
        {
            // Another request inserted it between our check and our insert: it exists, which is all we need.
            // Anything else is a real failure.
            if (!await db.Tags.AnyAsync(t => t.NameKey == tag.NameKey, ct))
            {
                throw;
            }
        }
    }
}
