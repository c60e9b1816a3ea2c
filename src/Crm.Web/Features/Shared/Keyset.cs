using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Crm.Web.Features.Shared;

/// <summary>
/// Keyset ("seek") paging: the next page starts after the last row's (sort key, id), so page 2 000 costs what
/// page 1 costs. The cursor travels in the query string as an opaque token. <c>page</c> still works for a direct
/// jump (an OFFSET), as users expect of a numbered pager.
/// </summary>
public static class Keyset
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    /// <summary>Rows after (or before, for <paramref name="descending"/>) the cursor, ordered by key then id; one extra row tells whether more follow.</summary>
    public static IQueryable<T> Seek<T, TKey>(
        this IQueryable<T> source,
        Expression<Func<T, TKey>> key,
        Expression<Func<T, int>> id,
        bool descending,
        Cursor? after)
    {
        if (after is not null && after.TryKeyAs<TKey>(out var afterKey))
        {
            source = source.Where(AfterPredicate(key, id, descending, afterKey, after.Id));
        }

        return descending
            ? source.OrderByDescending(key).ThenByDescending(id)
            : source.OrderBy(key).ThenBy(id);
    }

    private static Expression<Func<T, bool>> AfterPredicate<T, TKey>(Expression<Func<T, TKey>> key, Expression<Func<T, int>> id, bool descending, TKey afterKey, int afterId)
    {
        var row = key.Parameters[0];
        var keyBody = key.Body;
        var idBody = new ParameterReplacer(id.Parameters[0], row).Visit(id.Body);
        // Values go in as captured variables so EF sends them as parameters (one cached plan, no SQL injection).
        var keyValue = Expression.Property(Expression.Constant(new Box<TKey>(afterKey)), nameof(Box<TKey>.Value));
        var idValue = Expression.Property(Expression.Constant(new Box<int>(afterId)), nameof(Box<int>.Value));

        // string.Compare(a, b) > 0 translates to a > b on both providers.
        Expression Compare(Expression left, Expression right, ExpressionType op) => left.Type == typeof(string)
            ? Expression.MakeBinary(op, Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, left, right), Expression.Constant(0))
            : Expression.MakeBinary(op, left, right);

        var beyond = descending ? ExpressionType.LessThan : ExpressionType.GreaterThan;
        Expression body = Expression.OrElse(
            Compare(keyBody, keyValue, beyond),
            Expression.AndAlso(Expression.Equal(keyBody, keyValue), Compare(idBody, idValue, beyond)));
        if (afterKey is not null)
        {
            // The same rows, plus a plain range on the key (key >= x) that the database can seek to in the (key, id)
            // index: with the OR alone SQLite walks the index from its start, so the export's 50th chunk read 100k rows.
            // Not for a null key, which the OR matches through the equality and no range would.
            body = Expression.AndAlso(Compare(keyBody, keyValue, descending ? ExpressionType.LessThanOrEqual : ExpressionType.GreaterThanOrEqual), body);
        }

        return Expression.Lambda<Func<T, bool>>(body, row);
    }

    private sealed record Box<TValue>(TValue Value);

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

/// <summary>The position after which the next page starts: the last row's sort key and id.</summary>
public sealed record Cursor(string Key, int Id)
{
    public static Cursor For<TKey>(TKey key, int id) => new(key switch
    {
        null => string.Empty,
        DateTime d => d.Ticks.ToString(CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? string.Empty,
    }, id);

    public bool TryKeyAs<TKey>(out TKey key)
    {
        try
        {
            key = KeyAs<TKey>();
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            key = default!;
            return false;
        }
    }

    public TKey KeyAs<TKey>()
    {
        var type = Nullable.GetUnderlyingType(typeof(TKey)) ?? typeof(TKey);
        object value = type == typeof(string) ? Key
            : type == typeof(DateTime) ? new DateTime(long.Parse(Key, CultureInfo.InvariantCulture), DateTimeKind.Utc)
            : type == typeof(int) ? int.Parse(Key, CultureInfo.InvariantCulture)
            : type == typeof(long) ? long.Parse(Key, CultureInfo.InvariantCulture)
            : type == typeof(decimal) ? decimal.Parse(Key, CultureInfo.InvariantCulture)
            : type == typeof(double) ? double.Parse(Key, NumberStyles.Float, CultureInfo.InvariantCulture)
            : type == typeof(DateOnly) ? DateOnly.ParseExact(Key, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : throw new NotSupportedException($"Keyset paging on {type.Name} is not supported.");
        return (TKey)value;
    }

    public string Encode() => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{Id}|{Key}"));

    /// <summary>Null for a missing or tampered token: the list then starts at the first page.</summary>
    public static Cursor? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return bar > 0 && int.TryParse(text[..bar], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                ? new Cursor(text[(bar + 1)..], id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>One page of a list and how to reach the next one.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor, int? PageNumber, int PageSize)
{
    public bool HasMore => NextCursor is not null;
}
