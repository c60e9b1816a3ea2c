using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.SavedViews;

/// <summary>Deletes one of the user's own views; another user's view is "not found".</summary>
public sealed class DeleteView(CrmDbContext db)
{
    /// <summary>The list the view belonged to, or null when the user has no such view.</summary>
    public async Task<string?> Handle(int id, string userId, CancellationToken ct)
    {
        var view = await db.SavedViews.FirstOrDefaultAsync(v => v.Id == id && v.UserId == userId, ct);
        if (view is null)
        {
            return null;
        }

        db.SavedViews.Remove(view);
        await db.SaveChangesAsync(ct);
        return view.List;
    }
}
