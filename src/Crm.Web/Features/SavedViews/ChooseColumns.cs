using System.ComponentModel.DataAnnotations;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.WebUtilities;

namespace Crm.Web.Features.SavedViews;

/// <summary>The column chooser's form, posted without script: one entry per column (its key, whether shown, its position).</summary>
public static class ChooseColumns
{
    public sealed record Entry
    {
        [Required, StringLength(40)] public string Key { get; init; } = string.Empty;
        public bool Shown { get; init; }
        [Range(1, 99)] public int? Position { get; init; }
    }

    public sealed record Form
    {
        [Required, StringLength(20)] public string List { get; init; } = string.Empty;
        public List<Entry> Columns { get; init; } = [];
        public bool Reset { get; init; }

        /// <summary>The list's query string to go back to (a relative query, never another site).</summary>
        [StringLength(SavedView.MaxQueryStringLength)] public string? QueryString { get; init; }

        /// <summary>The shown columns in the chosen order; null when a key is not one of the kind's columns.</summary>
        public IReadOnlyList<ListColumn>? Chosen(ListColumns declared)
        {
            if (Columns.Count > declared.All.Count || Columns.Any(c => declared.Find(c.Key) is null))
            {
                return null;
            }

            // The form numbers the columns 1, 2, 3...: a column given another number was moved, and goes before the
            // one that already had that number (Size set to 1 comes first, before the column that was first).
            return Columns
                .Select((c, index) => (Column: declared.Find(c.Key)!, c.Shown, Position: c.Position ?? index + 1, Moved: c.Position is int p && p != index + 1, index))
                .Where(c => c.Shown)
                .OrderBy(c => c.Position).ThenBy(c => c.Moved ? 0 : 1).ThenBy(c => c.index)
                .Select(c => c.Column)
                .Distinct()
                .ToList();
        }

        /// <summary>The list as it was, without a column choice in its address (the chosen one applies now).</summary>
        public string Back(string route)
        {
            var query = QueryHelpers.ParseQuery(QueryString);
            query.Remove("cols");
            return new Microsoft.AspNetCore.Http.QueryCollection(query).With(route);
        }
    }
}
