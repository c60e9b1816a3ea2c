using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.SavedViews;

/// <summary>The signed-in user's saved views of one list; nobody sees another user's views.</summary>
public sealed class MySavedViews(CrmDbContext db, RecordKinds kinds)
{
    public sealed record Item(int Id, string Name, string Url);

    public async Task<IReadOnlyList<Item>> Handle(string list, string userId, CancellationToken ct)
    {
        var path = kinds.Find(list)?.Route ?? throw new ArgumentException($"No kind of record '{list}'.", nameof(list));
        var views = await db.SavedViews.AsNoTracking()
            .Where(v => v.UserId == userId && v.List == list)
            .OrderBy(v => v.Name)
            .Select(v => new { v.Id, v.Name, v.QueryString })
            .ToListAsync(ct);
        return views.Select(v => new Item(v.Id, v.Name, path + v.QueryString)).ToList();
    }
}
