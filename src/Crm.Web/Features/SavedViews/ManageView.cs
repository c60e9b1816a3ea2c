using System.ComponentModel.DataAnnotations;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.SavedViews;

/// <summary>
/// What a user may do to a view besides saving it: rename, share with their team or stop sharing (the owner only), and
/// open it by default (any view they may open). A view they may not touch is "not found", whoever owns it.
/// </summary>
public sealed class ManageView(CrmDbContext db)
{
    public sealed record RenameForm
    {
        [Required(ErrorMessage = "Give the view a name."), StringLength(SavedView.MaxNameLength, ErrorMessage = "The name is too long (100 characters at most).")]
        public string Name { get; init; } = string.Empty;
    }

    public enum Result
    {
        Done,
        NotFound,
        NameTaken,
        NoTeam,
    }

    /// <summary>The list of the user's own view, or null when they own no such view.</summary>
    public Task<SavedView?> OwnAsync(int id, CrmUser user, CancellationToken ct) =>
        db.SavedViews.FirstOrDefaultAsync(v => v.Id == id && v.UserId == user.Id, ct);

    public async Task<Result> RenameAsync(SavedView view, string name, CancellationToken ct)
    {
        name = name.Trim();
        if (await db.SavedViews.AnyAsync(v => v.UserId == view.UserId && v.List == view.List && v.Name == name && v.Id != view.Id, ct))
        {
            return Result.NameTaken;
        }

        view.Name = name;
        await db.SaveChangesAsync(ct);
        return Result.Done;
    }

    public async Task<Result> ShareAsync(SavedView view, bool share, CrmUser user, CancellationToken ct)
    {
        if (share && user.TeamId is null)
        {
            return Result.NoTeam;
        }

        view.SharedWithTeamId = share ? user.TeamId : null;
        await db.SaveChangesAsync(ct);
        return Result.Done;
    }

    /// <summary>Makes a view the user may open their default for its list, or (no id) goes back to all records.</summary>
    public async Task<Result> SetDefaultAsync(string list, int? id, CrmUser user, CancellationToken ct)
    {
        if (id is int viewId && !await MySavedViews.Visible(db, list, user).AnyAsync(v => v.Id == viewId, ct))
        {
            return Result.NotFound;
        }

        var preference = await Preference(list, user, ct);
        preference.DefaultViewId = id;
        await db.SaveChangesAsync(ct);
        return Result.Done;
    }

    /// <summary>The user's choice of columns for a list (keys in order), or null for the kind's default columns.</summary>
    public async Task SetColumnsAsync(string list, string? columns, CrmUser user, CancellationToken ct)
    {
        var preference = await Preference(list, user, ct);
        preference.Columns = columns;
        await db.SaveChangesAsync(ct);
    }

    private async Task<ListPreference> Preference(string list, CrmUser user, CancellationToken ct)
    {
        var preference = await db.ListPreferences.FirstOrDefaultAsync(p => p.UserId == user.Id && p.List == list, ct);
        if (preference is null)
        {
            preference = new ListPreference { UserId = user.Id, List = list };
            db.ListPreferences.Add(preference);
        }

        return preference;
    }
}
