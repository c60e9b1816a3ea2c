using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Users;

/// <summary>/Admin/Teams: the teams record visibility is keyed on (ARCHITECTURE §4), their members and their manager.</summary>
public sealed class TeamAdmin(CrmDbContext db, RecordKinds kinds, IStringLocalizer<SharedResource> l)
{
    public sealed record Row(int Id, string Name, int Members, string? Manager);

    public sealed record Member(string Id, string DisplayName, string? Email, bool IsActive);

    public sealed class Form
    {
        public string Name { get; set; } = string.Empty;
        public string? ManagerId { get; set; }
    }

    public sealed record Editor(int? Id, Form Form, IReadOnlyList<Member> Members, IReadOnlyList<Member> Candidates);

    public Task<List<Row>> ListAsync(CancellationToken ct) =>
        db.Teams.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new Row(t.Id, t.Name, db.Users.Count(u => u.TeamId == t.Id && u.IsActive), t.Manager!.DisplayName))
            .ToListAsync(ct);

    public async Task<Editor?> EditorAsync(int? id, Form? posted, CancellationToken ct)
    {
        var candidates = await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName)
            .Select(u => new Member(u.Id, u.DisplayName, u.Email, u.IsActive)).ToListAsync(ct);
        if (id is null)
        {
            return new Editor(null, posted ?? new Form(), [], candidates);
        }

        var team = await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return null;
        }

        var members = await db.Users.AsNoTracking().Where(u => u.TeamId == id).OrderBy(u => u.DisplayName)
            .Select(u => new Member(u.Id, u.DisplayName, u.Email, u.IsActive)).ToListAsync(ct);
        return new Editor(id, posted ?? new Form { Name = team.Name, ManagerId = team.ManagerId }, members, candidates);
    }

    public async Task<Outcome<Team>> SaveAsync(int? id, Form form, CancellationToken ct)
    {
        Team? team = null;
        if (id is not null)
        {
            team = await db.Teams.SingleOrDefaultAsync(t => t.Id == id, ct);
            if (team is null)
            {
                return Outcome.NotFound;
            }
        }

        var errors = new List<FieldError>();
        var name = form.Name?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add(new FieldError(nameof(Form.Name), l["Enter the team's name."]));
        }
        else if (name.Length > Team.MaxNameLength)
        {
            errors.Add(new FieldError(nameof(Form.Name), l["The name is too long ({0} characters at most).", Team.MaxNameLength]));
        }
        else if (await db.Teams.AnyAsync(t => t.Name == name && t.Id != (id ?? 0), ct))
        {
            errors.Add(new FieldError(nameof(Form.Name), l["Another team already has this name."]));
        }

        var managerId = string.IsNullOrEmpty(form.ManagerId) ? null : form.ManagerId;
        if (managerId is not null && !await db.Users.AnyAsync(u => u.Id == managerId && u.IsActive, ct))
        {
            errors.Add(new FieldError(nameof(Form.ManagerId), l["Choose an active user as the manager."]));
        }

        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        team ??= db.Teams.Add(new Team()).Entity;
        team.Name = name;
        team.ManagerId = managerId;
        await db.SaveChangesAsync(ct);
        return Outcome.Done(team);
    }

    /// <summary>
    /// Only a team nobody is in: its records then belong to no team, so only their owners (and those who see every
    /// record) still see them, as for any record whose owner has no team.
    /// </summary>
    public async Task<Outcome<string>> DeleteAsync(int id, CancellationToken ct)
    {
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return Outcome.NotFound;
        }

        if (await db.Users.AnyAsync(u => u.TeamId == id, ct))
        {
            return Outcome.Invalid([new FieldError(string.Empty, l["Move this team's members to another team first (deactivated members too)."])]);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var kind in kinds.All)
        {
            await kind.Accept(new LeaveTeam(db, id, ct));
        }

        await db.Set<SavedViews.SavedView>().Where(v => v.SharedWithTeamId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.SharedWithTeamId, (int?)null), ct);

        db.Teams.Remove(team);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome.Done(team.Name);
    }

    private sealed class LeaveTeam(CrmDbContext db, int teamId, CancellationToken ct) : IRecordKindVisitor<Task<int>>
    {
        public Task<int> Visit<T>(RecordKind<T> kind)
            where T : class, IRecord<T> =>
            db.Set<T>().Where(r => r.TeamId == teamId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => EF.Property<int?>(r, nameof(IOwned.TeamId)), (int?)null), ct);
    }
}
