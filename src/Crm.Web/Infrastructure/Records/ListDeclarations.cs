using System.Linq.Expressions;

namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// A column a kind's list may show (docs/lists.md, "Columns"): its key (kept in the user's choice, a saved view's
/// <c>cols</c> and the column chooser's form), its English label (French through the resources), the sort its header
/// offers, and whether a user who never chose sees it.
/// </summary>
public sealed record ListColumn(string Key, string Label)
{
    /// <summary>The list's sort key (<c>ListQuery.SortKey</c>) the header links to; null, the column does not sort.</summary>
    public string? Sort { get; init; }

    public bool Shown { get; init; } = true;

    /// <summary>Every kind's list shows these after its own: owner, tags, last activity, creation date.</summary>
    public static readonly IReadOnlyList<ListColumn> Common =
    [
        new("owner", "Owner") { Sort = "owner" },
        new("tags", "Tags"),
        new("activity", "Last activity") { Sort = "activity" },
        new("created", "Created") { Sort = "created" },
    ];
}

/// <summary>A kind's list columns: its own, then the common ones; the order is the default order.</summary>
public sealed class ListColumns(IEnumerable<ListColumn> own)
{
    public const int MaxChosen = 20;

    public IReadOnlyList<ListColumn> All { get; private init; } = [.. own, .. ListColumn.Common];

    /// <summary>These columns and <paramref name="more"/> after them (an admin's custom fields, offered by the column chooser).</summary>
    public ListColumns With(IReadOnlyList<ListColumn> more) => more.Count == 0 ? this : new ListColumns([]) { All = [.. All, .. more] };

    public ListColumn? Find(string key) => All.FirstOrDefault(c => c.Key.Equals(key, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<ListColumn> Defaults => All.Where(c => c.Shown).ToList();

    /// <summary>The columns a stored or posted choice names, in its order; null when it names none or one the kind does not declare.</summary>
    public IReadOnlyList<ListColumn>? Parse(string? keys)
    {
        if (string.IsNullOrWhiteSpace(keys))
        {
            return null;
        }

        var chosen = new List<ListColumn>();
        foreach (var key in keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Find(key) is not { } column)
            {
                return null;
            }

            if (!chosen.Contains(column))
            {
                chosen.Add(column);
            }
        }

        return chosen.Count is > 0 and <= MaxChosen ? chosen : null;
    }

    public static string Keys(IEnumerable<ListColumn> columns) => string.Join(',', columns.Select(c => c.Key));
}

/// <summary>
/// A filter a kind's list offers beyond the common ones, declared on the kind beside its fields: its query-string key,
/// its English label, the choices its drop-down offers (none: a text box) and how a value narrows the records. The list,
/// its export, "select all matching" and saved views all run it, and the shared list page draws it.
/// </summary>
public abstract record ListFilter(string Key, string Label)
{
    /// <summary>The drop-down's entries: value and English label; null for a text box.</summary>
    public IReadOnlyList<ListChoice>? Choices { get; init; }
}

/// <summary>An entry of a declared filter's drop-down: its value, its English label, and a code shown before the label (a NAF section's letter).</summary>
public sealed record ListChoice(string Value, string Label)
{
    public string? Code { get; init; }
}

/// <summary>A <see cref="ListFilter"/> of one kind: how a value from the query string narrows its records (null: it narrows nothing).</summary>
public sealed record ListFilter<T>(string Key, string Label, Func<IQueryable<T>, string, IQueryable<T>?> Apply) : ListFilter(Key, Label)
    where T : class;

/// <summary>The usual declared filters: a drop-down of an enum's values, or a text box matching a column exactly.</summary>
public static class DeclaredFilter
{
    /// <summary>A drop-down of the enum's values; a value that is not one of them narrows nothing.</summary>
    public static ListFilter<T> Choice<T, TEnum>(string key, string label, Expression<Func<T, TEnum>> property)
        where T : class
        where TEnum : struct, Enum => new(key, label, (records, value) =>
            Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)
                ? records.Where(Equal(property, parsed))
                : null)
        {
            Choices = Enum.GetValues<TEnum>().Select(v => new ListChoice(v.ToString(), Features.Shared.EnumLabels.Of(v))).ToList(),
        };

    /// <summary>A text box matching the value exactly (trimmed), so that an index on the column answers it.</summary>
    public static ListFilter<T> Text<T>(string key, string label, Expression<Func<T, string?>> property, int maxLength)
        where T : class => new(key, label, (records, value) => value.Trim() is { Length: > 0 } text && text.Length <= maxLength
            ? records.Where(Equal(property, (string?)text))
            : null);

    private static Expression<Func<T, bool>> Equal<T, TValue>(Expression<Func<T, TValue>> property, TValue value)
    {
        // A closure, not a constant, so that EF sends the value as a parameter.
        Expression<Func<TValue>> captured = () => value;
        Expression left = property.Body, right = captured.Body;
        // Enums compare as their numbers, as the compiler writes it (expression trees define no == on an enum).
        if (typeof(TValue).IsEnum)
        {
            var number = Enum.GetUnderlyingType(typeof(TValue));
            (left, right) = (Expression.Convert(left, number), Expression.Convert(right, number));
        }

        return Expression.Lambda<Func<T, bool>>(Expression.Equal(left, right), property.Parameters);
    }
}
