using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.SavedViews;

/// <summary>
/// The views of one list the signed-in user may open: their own and those their team shares (never another user's
/// private view, nor another team's), with their default view and column choice for that list.
/// </summary>
public sealed class MySavedViews(CrmDbContext db, RecordKinds kinds, SavedViewsCache cache)
{
    public const string AllRecords = "all";

    public sealed record Item(int Id, string Name, string Url, bool Mine, bool Shared);

    public sealed record Result(IReadOnlyList<Item> Mine, IReadOnlyList<Item> Team, int? DefaultId, string? Columns)
    {
        public static readonly Result None = new([], [], null, null);

        public Item? Find(int? id) => id is null ? null : Mine.Concat(Team).FirstOrDefault(v => v.Id == id);
    }

    public Task<Result> Handle(string list, CrmUser user, CancellationToken ct) =>
        cache.GetAsync(string.Join('|', list, user.Id, user.TeamId), token => ReadAsync(list, user, token), ct);

    private async Task<Result> ReadAsync(string list, CrmUser user, CancellationToken ct)
    {
        var path = kinds.Find(list)?.ListPath ?? throw new ArgumentException($"No kind of record '{list}'.", nameof(list));
        var views = await Visible(db, list, user)
            .OrderBy(v => v.Name).ThenBy(v => v.Id)
            .Select(v => new { v.Id, v.Name, v.QueryString, v.UserId, v.SharedWithTeamId })
            .ToListAsync(ct);
        var preference = await db.ListPreferences.AsNoTracking()
            .Where(p => p.UserId == user.Id && p.List == list)
            .Select(p => new { p.DefaultViewId, p.Columns })
            .FirstOrDefaultAsync(ct);
        var items = views.Select(v => new Item(v.Id, v.Name, UrlOf(path, v.QueryString, v.Id), v.UserId == user.Id, v.SharedWithTeamId is not null)).ToList();
        var defaultId = preference?.DefaultViewId is int id && items.Any(v => v.Id == id) ? id : (int?)null;
        return new Result(items.Where(v => v.Mine).ToList(), items.Where(v => !v.Mine).ToList(), defaultId, preference?.Columns);
    }

    /// <summary>The views of a list a user may open: their own, and those shared with their team.</summary>
    public static IQueryable<SavedView> Visible(CrmDbContext db, string list, CrmUser user) =>
        db.SavedViews.AsNoTracking().Where(v => v.List == list
            && (v.UserId == user.Id || (user.TeamId != null && v.SharedWithTeamId == user.TeamId)));

    /// <summary>The view's address: its query string and its id, so that the list names the open view.</summary>
    public static string UrlOf(string path, string queryString, int id) =>
        path + (string.IsNullOrEmpty(queryString) ? "?" : queryString + "&") + "view=" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Each user's views and list preference per list, kept in memory: every list page read them, two queries each time.
/// Dropped as soon as a view, a preference or a user (their team) is saved through EF, and after a minute whatever happens.
/// </summary>
public sealed class SavedViewsCache(TimeProvider clock) : SavedChangesCache<MySavedViews.Result>(clock, TimeSpan.FromMinutes(1))
{
    public override bool Touches(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        entry.Entity is SavedView or ListPreference or Infrastructure.Auth.AppUser;
}
