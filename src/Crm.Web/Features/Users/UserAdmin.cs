using System.Globalization;
using System.Net.Mail;
using System.Text;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Crm.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Users;

public enum UserStatus
{
    Active,

    /// <summary>Invited, and no password chosen yet.</summary>
    Invited,
    Deactivated,
}

/// <summary>
/// /Admin/Users: who may sign in, with which roles and in which team. People are never deleted: deactivating one ends
/// their sessions and hands their records to someone else, so nothing they owned is orphaned or lost.
/// Permission changes and invitations are written to the security log in the same save.
/// </summary>
public sealed class UserAdmin(
    CrmDbContext db,
    UserManager<AppUser> users,
    RecordKinds kinds,
    ChangeScope changes,
    SecurityLog log,
    MailOutbox outbox,
    OutboxKick kick,
    PublicLinks links,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public const int PageSize = 50;
    public const int MaxDisplayNameLength = 200;

    public sealed record Query(string? Q, string? Role, int? TeamId, UserStatus? Status, int Page = 1);

    public sealed record Row(string Id, string DisplayName, string? Email, IReadOnlyList<string> Roles, string? Team, UserStatus Status, bool LockedOut);

    public sealed record Page(Query Query, IReadOnlyList<Row> Rows, int Total, IReadOnlyList<Team> Teams);

    public sealed class Form
    {
        public string DisplayName { get; set; } = string.Empty;
        public string Email { get; set; } = string.Empty;
        public List<string> Roles { get; set; } = [];
        public int? TeamId { get; set; }
        public string? Culture { get; set; }
    }

    public sealed record Editor(string? Id, Form Form, UserStatus Status, IReadOnlyList<Team> Teams, IReadOnlyList<SecurityEvent> Events, IReadOnlyDictionary<string, string> Names);

    public sealed record OwnedCount(RecordKind Kind, int Count);

    public sealed record Deactivation(string Id, string DisplayName, IReadOnlyList<OwnedCount> Owned, IReadOnlyList<Row> Others);

    public async Task<Page> ListAsync(Query query, CancellationToken ct)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            // A user list is short (hundreds at most): a contains-match is fine here, with LIKE's wildcards escaped.
            var pattern = "%" + SearchKey.PrefixPattern(query.Q.Trim().ToUpperInvariant());
            users = users.Where(u => EF.Functions.Like(u.DisplayName.ToUpper(), pattern, SearchKey.LikeEscape) || EF.Functions.Like(u.NormalizedEmail!, pattern, SearchKey.LikeEscape));
        }

        if (Roles.All.Contains(query.Role))
        {
            var roleId = await db.Roles.Where(r => r.Name == query.Role).Select(r => r.Id).SingleOrDefaultAsync(ct);
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }

        if (query.TeamId is { } teamId)
        {
            users = users.Where(u => u.TeamId == teamId);
        }

        users = query.Status switch
        {
            UserStatus.Active => users.Where(u => u.IsActive && u.PasswordHash != null),
            UserStatus.Invited => users.Where(u => u.IsActive && u.PasswordHash == null),
            UserStatus.Deactivated => users.Where(u => !u.IsActive),
            _ => users,
        };

        var total = await users.CountAsync(ct);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var found = await users.OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(u => new { u.Id, u.DisplayName, u.Email, Team = u.Team!.Name, u.IsActive, Invited = u.PasswordHash == null, u.LockoutEnd })
            .ToListAsync(ct);
        var roles = await RolesOfAsync(found.Select(u => u.Id).ToList(), ct);
        var now = clock.GetUtcNow();
        var rows = found.Select(u => new Row(
            u.Id,
            u.DisplayName,
            u.Email,
            roles.GetValueOrDefault(u.Id, []),
            u.Team,
            !u.IsActive ? UserStatus.Deactivated : u.Invited ? UserStatus.Invited : UserStatus.Active,
            u.LockoutEnd > now)).ToList();
        return new Page(query with { Page = page }, rows, total, await TeamsAsync(ct));
    }

    public async Task<Editor?> EditorAsync(string? id, Form? posted, CancellationToken ct)
    {
        if (id is null)
        {
            return new Editor(null, posted ?? new Form { Roles = [Roles.Sales] }, UserStatus.Invited, await TeamsAsync(ct), [], new Dictionary<string, string>());
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return null;
        }

        var form = posted ?? new Form
        {
            DisplayName = user.DisplayName,
            Email = user.Email ?? string.Empty,
            Roles = (await RolesOfAsync([id], ct)).GetValueOrDefault(id, []).ToList(),
            TeamId = user.TeamId,
            Culture = user.Culture,
        };
        var events = await db.SecurityEvents.AsNoTracking().Where(e => e.UserId == id).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(20).ToListAsync(ct);
        var actorIds = events.Select(e => e.ActorId).OfType<string>().Distinct().ToList();
        var names = await db.Users.Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return new Editor(id, form, StatusOf(user), await TeamsAsync(ct), events, names);
    }

    /// <summary>Creates the account without a password and mails a link to choose one (single use: choosing it changes the stamp).</summary>
    public async Task<Outcome<AppUser>> InviteAsync(Form form, string actorId, string requestCulture, CancellationToken ct)
    {
        var errors = await CheckAsync(form, null, ct);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        var user = new AppUser
        {
            UserName = form.Email.Trim(),
            Email = form.Email.Trim(),
            EmailConfirmed = true,
            DisplayName = form.DisplayName.Trim(),
            TeamId = form.TeamId,
            Culture = LocalizationSetup.IsSupported(form.Culture) ? form.Culture : null,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return Outcome.Invalid(created.Errors.Select(e => new FieldError(nameof(Form.Email), e.Description)).ToList());
        }

        await users.AddToRolesAsync(user, Roles.All.Where(form.Roles.Contains));
        log.Add(SecurityEventKind.Invited, user.Id, actorId, string.Join(", ", Roles.All.Where(form.Roles.Contains)));
        await QueueLinkAsync(user, requestCulture, invite: true);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        kick.AfterCommit();
        return Outcome.Done(user);
    }

    /// <summary>Another invitation (the previous link stops working) or, once a password exists, a reset link.</summary>
    public async Task<bool> SendLinkAsync(string id, string actorId, string requestCulture, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is not { IsActive: true, Email: not null })
        {
            return false;
        }

        // A new stamp first: the link mailed before this one no longer works.
        await users.UpdateSecurityStampAsync(user);
        if (user.PasswordHash is null)
        {
            log.Add(SecurityEventKind.Invited, user.Id, actorId, null);
            await QueueLinkAsync(user, requestCulture, invite: true);
        }
        else
        {
            log.Add(SecurityEventKind.PasswordResetSent, user.Id, actorId, null);
            await QueueLinkAsync(user, requestCulture, invite: false);
        }

        await db.SaveChangesAsync(ct);
        kick.AfterCommit();
        return true;
    }

    public async Task<Outcome<AppUser>> SaveAsync(string id, Form form, string actorId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Outcome.NotFound;
        }

        var errors = await CheckAsync(form, user, ct);
        var before = (await RolesOfAsync([id], ct)).GetValueOrDefault(id, []);
        var after = Roles.All.Where(form.Roles.Contains).ToList();
        if (before.Contains(Roles.Admin) && !after.Contains(Roles.Admin))
        {
            if (id == actorId)
            {
                errors.Add(new FieldError(nameof(Form.Roles), l["You cannot take the Admin role from yourself: another admin must."]));
            }
            else if (user.IsActive && await ActiveAdminCountAsync(ct) <= 1)
            {
                errors.Add(new FieldError(nameof(Form.Roles), l["This is the last active admin: give the Admin role to someone else first."]));
            }
        }

        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var teamBefore = user.TeamId;
        user.DisplayName = form.DisplayName.Trim();
        user.Culture = LocalizationSetup.IsSupported(form.Culture) ? form.Culture : null;
        user.TeamId = form.TeamId;
        if (!string.Equals(user.Email, form.Email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            user.Email = form.Email.Trim();
            user.UserName = user.Email;
        }

        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return Outcome.Invalid(updated.Errors.Select(e => new FieldError(nameof(Form.Email), e.Description)).ToList());
        }

        var removed = before.Except(after).ToList();
        var added = after.Except(before).ToList();
        if (removed.Count > 0 || added.Count > 0)
        {
            await users.RemoveFromRolesAsync(user, removed);
            await users.AddToRolesAsync(user, added);
            log.Add(SecurityEventKind.RolesChanged, id, actorId, $"{string.Join(", ", before)} → {string.Join(", ", after)}");

            // A role taken away ends the user's sessions now rather than at the next claims refresh.
            if (removed.Count > 0)
            {
                await users.UpdateSecurityStampAsync(user);
            }
        }

        if (teamBefore != form.TeamId)
        {
            var names = await db.Teams.Where(t => t.Id == teamBefore || t.Id == form.TeamId).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
            log.Add(SecurityEventKind.TeamChanged, id, actorId, $"{TeamName(names, teamBefore)} → {TeamName(names, form.TeamId)}");

            // A record's team follows its owner's (ARCHITECTURE §4): who sees the user's records moves with them.
            foreach (var kind in kinds.All)
            {
                await kind.Accept(new MoveTeam(db, id, form.TeamId, ct));
            }
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome.Done(user);
    }

    public async Task<Deactivation?> DeactivationAsync(string id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id && u.IsActive, ct);
        if (user is null)
        {
            return null;
        }

        var owned = new List<OwnedCount>();
        foreach (var kind in kinds.All)
        {
            owned.Add(new OwnedCount(kind, await kind.Accept(new CountOwned(db, id, ct))));
        }

        var candidates = await db.Users.AsNoTracking().Where(u => u.IsActive && u.Id != id).OrderBy(u => u.DisplayName)
            .Select(u => new Row(u.Id, u.DisplayName, u.Email, Array.Empty<string>(), u.Team!.Name, UserStatus.Active, false))
            .ToListAsync(ct);
        return new Deactivation(id, user.DisplayName, owned, candidates);
    }

    /// <summary>
    /// Ends the user's sessions and hands every record they own to <paramref name="reassignToId"/> (or leaves them
    /// unowned when null), with each record's history saying so under one correlation id.
    /// </summary>
    public async Task<Outcome<int>> DeactivateAsync(string id, string? reassignToId, string actorId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is not { IsActive: true })
        {
            return Outcome.NotFound;
        }

        if (id == actorId)
        {
            return Outcome.Invalid([new FieldError(string.Empty, l["You cannot deactivate your own account."])]);
        }

        if (await users.IsInRoleAsync(user, Roles.Admin) && await ActiveAdminCountAsync(ct) <= 1)
        {
            return Outcome.Invalid([new FieldError(string.Empty, l["This is the last active admin: give the Admin role to someone else first."])]);
        }

        AppUser? heir = null;
        if (!string.IsNullOrEmpty(reassignToId))
        {
            heir = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == reassignToId && u.IsActive && u.Id != id, ct);
            if (heir is null)
            {
                return Outcome.Invalid([new FieldError("ReassignTo", l["Choose an active user to hand the records to."])]);
            }
        }

        var moved = 0;
        using (changes.Begin(ChangeSource.Bulk))
        {
            foreach (var kind in kinds.All)
            {
                moved += await kind.Accept(new Reassign(db, id, heir?.Id, heir?.TeamId, ct));
            }
        }

        // The hand-over saved in batches and cleared the tracker: the user is read again before it changes.
        db.ChangeTracker.Clear();
        user = (await users.FindByIdAsync(id))!;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        user.IsActive = false;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await db.Teams.Where(t => t.ManagerId == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ManagerId, (string?)null), ct);
        log.Add(SecurityEventKind.Deactivated, id, actorId, heir is null ? null : heir.DisplayName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome.Done(moved);
    }

    public async Task<bool> ReactivateAsync(string id, string actorId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null || user.IsActive)
        {
            return false;
        }

        user.IsActive = true;
        await users.UpdateAsync(user);
        log.Add(SecurityEventKind.Reactivated, id, actorId);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public Task<List<Team>> TeamsAsync(CancellationToken ct) => db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);

    private Task<int> ActiveAdminCountAsync(CancellationToken ct) =>
        db.Users.CountAsync(u => u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin)), ct);

    private async Task<Dictionary<string, IReadOnlyList<string>>> RolesOfAsync(List<string> ids, CancellationToken ct)
    {
        var pairs = await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        return pairs.GroupBy(p => p.UserId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<string>)Roles.All.Where(role => g.Any(p => p.Name == role)).ToList());
    }

    private async Task<List<FieldError>> CheckAsync(Form form, AppUser? existing, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(form.DisplayName))
        {
            errors.Add(new FieldError(nameof(Form.DisplayName), l["Enter the person's name."]));
        }
        else if (form.DisplayName.Trim().Length > MaxDisplayNameLength)
        {
            errors.Add(new FieldError(nameof(Form.DisplayName), l["The name is too long ({0} characters at most).", MaxDisplayNameLength]));
        }

        var email = form.Email?.Trim() ?? string.Empty;
        if (email.Length == 0)
        {
            errors.Add(new FieldError(nameof(Form.Email), l["Enter an email address."]));
        }
        else if (email.Length > 256 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            errors.Add(new FieldError(nameof(Form.Email), l["Enter a valid email address, like name@example.com."]));
        }
        else
        {
            var normalized = users.NormalizeEmail(email);
            if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && (existing == null || u.Id != existing.Id), ct))
            {
                errors.Add(new FieldError(nameof(Form.Email), l["Another user already has this email address."]));
            }
        }

        if (!form.Roles.Any(Roles.All.Contains))
        {
            errors.Add(new FieldError(nameof(Form.Roles), l["Choose at least one role."]));
        }

        if (form.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
        {
            errors.Add(new FieldError(nameof(Form.TeamId), l["This team no longer exists; choose another."]));
        }

        return errors;
    }

    private async Task QueueLinkAsync(AppUser user, string requestCulture, bool invite)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var query = new Dictionary<string, string?> { ["email"] = user.Email, ["code"] = code };
        if (invite)
        {
            query["invite"] = "true";
        }

        var link = links.For(QueryHelpers.AddQueryString("/Account/ResetPassword", query));
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var culture = CultureInfo.GetCultureInfo(LocalizationSetup.IsSupported(user.Culture) ? user.Culture! : requestCulture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var key = $"{(invite ? "invite" : "reset")}-{user.Id}-{user.SecurityStamp}";
            if (invite)
            {
                outbox.Add(
                    user.Email!,
                    l["You are invited to Crm"],
                    $"{l["An account was created for you on Crm. Choose your password with this link: {0}", link.AbsoluteUri]}\n\n{l["The link works once and for one day; ask your administrator for another one if it has expired."]}",
                    null,
                    key);
            }
            else
            {
                outbox.Add(
                    user.Email!,
                    l["Reset your Crm password"],
                    $"{l["Someone asked to reset the password of your Crm account. If it was you, open this link: {0}", link.AbsoluteUri]}\n\n{l["If it was not you, ignore this message."]}",
                    null,
                    key);
            }
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    private static UserStatus StatusOf(AppUser user) =>
        !user.IsActive ? UserStatus.Deactivated : user.PasswordHash is null ? UserStatus.Invited : UserStatus.Active;

    private string TeamName(Dictionary<int, string> names, int? id) =>
        id is { } value && names.TryGetValue(value, out var name) ? name : l["No team"];

    private sealed class CountOwned(CrmDbContext db, string ownerId, CancellationToken ct) : IRecordKindVisitor<Task<int>>
    {
        public Task<int> Visit<T>(RecordKind<T> kind)
            where T : class, IRecord<T> => db.Set<T>().CountAsync(r => r.OwnerId == ownerId, ct);
    }

    private sealed class MoveTeam(CrmDbContext db, string ownerId, int? teamId, CancellationToken ct) : IRecordKindVisitor<Task<int>>
    {
        public Task<int> Visit<T>(RecordKind<T> kind)
            where T : class, IRecord<T> =>
            db.Set<T>().IgnoreQueryFilters().Where(r => r.OwnerId == ownerId && r.TeamId != teamId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => EF.Property<int?>(r, nameof(IOwned.TeamId)), teamId), ct);
    }

    /// <summary>Loads and saves in batches so each record's history and change events say who it went to.</summary>
    private sealed class Reassign(CrmDbContext db, string ownerId, string? heirId, int? heirTeamId, CancellationToken ct) : IRecordKindVisitor<Task<int>>
    {
        private const int Batch = 500;

        public async Task<int> Visit<T>(RecordKind<T> kind)
            where T : class, IRecord<T>
        {
            var moved = 0;
            var after = 0;
            while (true)
            {
                var records = await db.Set<T>().IgnoreQueryFilters().Where(r => r.OwnerId == ownerId && r.Id > after).OrderBy(r => r.Id).Take(Batch).ToListAsync(ct);
                if (records.Count == 0 || records[0] is not IAssignable)
                {
                    return moved;
                }

                after = records[^1].Id;
                foreach (var record in records.Cast<IAssignable>())
                {
                    record.AssignTo(heirId, heirTeamId);
                }

                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                moved += records.Count;
            }
        }
    }
}
