using Crm.Web.Features.Companies;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Shared;

public sealed record Choice(string Value, string Text);

/// <summary>
/// What the record forms offer in their selects: owners a user may sensibly assign (and the form accepts nothing
/// else), and companies the user may see.
/// </summary>
public sealed class RecordChoices(CrmDbContext db, OwnerChoicesCache cache)
{
    public const int CompanyChoiceCount = 50;

    /// <summary>
    /// Active users who own records of the kind: those whose role may edit some of them (admins, managers and sales for
    /// customer records, support for tickets). A user who edits only their teams' may only pick themselves or a member:
    /// handing a record to another team would hide it from them at once.
    /// </summary>
    public async Task<IReadOnlyList<Choice>> OwnersAsync<T>(CrmUser user, CancellationToken ct, string? include = null)
        where T : class, IRecord<T>
    {
        // Who may be picked depends only on the kind and, for who edits only their teams', on the user and their teams.
        var key = T.Kind.Key + "|" + (user.EditsAll<T>() ? "*" : user.Id + "|" + string.Join(',', user.Teams));
        var choices = await cache.GetAsync(key, token => ReadOwnersAsync<T>(user, token), ct);
        if (include is not null && choices.All(c => c.Value != include))
        {
            // The record's current owner stays selectable, even one the user could not pick.
            var current = await db.Users.AsNoTracking().Where(u => u.Id == include).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
            return [.. current.Select(u => new Choice(u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName)), .. choices];
        }

        return choices;
    }

    private async Task<IReadOnlyList<Choice>> ReadOwnersAsync<T>(CrmUser user, CancellationToken ct)
        where T : class, IRecord<T>
    {
        var owning = T.Kind.Access.Edit.Where(e => e.Value != AccessScope.None).Select(e => e.Key).ToArray();
        var owners = db.Users.AsNoTracking()
            .Where(u => u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && owning.Contains(r.Name!))));
        if (!user.EditsAll<T>())
        {
            var teams = user.Teams;
            owners = owners.Where(u => u.Id == user.Id || (u.TeamId != null && teams.Contains(u.TeamId.Value)));
        }

        var rows = await owners.OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .Take(500).ToListAsync(ct);
        return rows.Select(u => new Choice(u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName)).ToList();
    }

    /// <summary>The owner's team, when the owner is one the user may pick; null otherwise.</summary>
    public async Task<(bool Allowed, int? TeamId)> CheckOwnerAsync<T>(string? ownerId, CrmUser user, CancellationToken ct)
        where T : class, IRecord<T>
    {
        if (string.IsNullOrEmpty(ownerId))
        {
            return (true, null);
        }

        var owners = await OwnersAsync<T>(user, ct);
        if (owners.All(o => o.Value != ownerId))
        {
            return (false, null);
        }

        return (true, await TeamOfAsync(ownerId, ct));
    }

    public async Task<int?> TeamOfAsync(string? userId, CancellationToken ct) =>
        userId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.TeamId).FirstOrDefaultAsync(ct);

    /// <summary>The first visible companies by name (or those a word of whose name starts each word of the query), plus the selected one so the select always shows it.</summary>
    public async Task<IReadOnlyList<Choice>> CompaniesAsync(CrmUser user, string? query, int? selected, int? exclude, CancellationToken ct)
    {
        var visible = db.Companies.AsNoTracking().VisibleTo(user).Where(c => exclude == null || c.Id != exclude);
        var terms = SearchWords.Terms(query);
        var ids = SearchWords.RecordsMatching<Company>(db, terms);
        var list = string.IsNullOrWhiteSpace(query) ? visible : visible.Where(c => ids.Contains(c.Id));
        var rows = await list.OrderBy(c => c.NameKey).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Name, c.BillingAddress.City })
            .Take(CompanyChoiceCount).ToListAsync(ct);
        var choices = rows.Select(c => new Choice(c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c.City is null ? c.Name : $"{c.Name} ({c.City})")).ToList();
        if (selected is int id && rows.All(r => r.Id != id))
        {
            var current = await visible.Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(ct);
            if (current is not null)
            {
                choices.Insert(0, new Choice(id.ToString(System.Globalization.CultureInfo.InvariantCulture), current));
            }
        }

        return choices;
    }

    public Task<bool> CompanyIsVisibleAsync(int companyId, CrmUser user, CancellationToken ct) =>
        db.Companies.AsNoTracking().VisibleTo(user).AnyAsync(c => c.Id == companyId, ct);
}
