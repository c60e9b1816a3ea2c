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

    /// <summary>The tags for the names, new ones added to the context (saved with the record).</summary>
    public async Task<List<Tag>> FindOrCreateAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var keys = names.Select(SearchKey.Normalize).ToList();
        var existing = await db.Tags.Where(t => keys.Contains(t.NameKey)).ToListAsync(ct);
        var tags = new List<Tag>();
        foreach (var name in names)
        {
            var key = SearchKey.Normalize(name);
            var tag = existing.FirstOrDefault(t => t.NameKey == key);
            if (tag is null)
            {
                tag = Tag.Create(name);
                db.Tags.Add(tag);
                existing.Add(tag);
            }

            tags.Add(tag);
        }

        return tags;
    }
}
