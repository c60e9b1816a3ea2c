using System.ComponentModel.DataAnnotations;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.SavedViews;

/// <summary>Saves the list's current query string under a name; saving an existing name replaces that view.</summary>
public static class SaveView
{
    public sealed record Form
    {
        [Required, StringLength(20)] public string List { get; init; } = string.Empty;
        [Required(ErrorMessage = "Give the view a name."), StringLength(SavedView.MaxNameLength, ErrorMessage = "The name is too long (100 characters at most).")]
        public string Name { get; init; } = string.Empty;
        [StringLength(2000)] public string? QueryString { get; init; }
    }

    public sealed class Handler(CrmDbContext db, RecordKinds kinds, TimeProvider clock)
    {
        /// <summary>The list URL of the saved view, or null when its query string is too long to keep.</summary>
        public async Task<string?> Handle(Form form, string userId, CancellationToken ct)
        {
            var name = form.Name.Trim();
            var query = SavedViewLists.Clean(form.QueryString);
            // Cleaning re-encodes the values ("é" becomes "%C3%A9"), so the stored text can outgrow what was posted.
            if (query.Length > SavedView.MaxQueryStringLength)
            {
                return null;
            }

            var view = await db.SavedViews.FirstOrDefaultAsync(v => v.UserId == userId && v.List == form.List && v.Name == name, ct);
            if (view is null)
            {
                view = new SavedView { UserId = userId, List = form.List, Name = name, CreatedAt = clock.GetUtcNow().UtcDateTime };
                db.SavedViews.Add(view);
            }

            view.QueryString = query;
            await db.SaveChangesAsync(ct);
            return MySavedViews.UrlOf(kinds.Find(form.List)!.ListPath, query, view.Id);
        }
    }
}
