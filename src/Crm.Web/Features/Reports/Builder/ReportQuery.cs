using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Crm.Web.Features.Reports.Builder;

/// <summary>One group of a grouped report as SQL returned it: its keys (raw values) and its aggregates in order.</summary>
public interface IGroupLine
{
    object? Key1 { get; }
    object? Key2 { get; }
    double? Aggregate(int index);
}

/// <summary>
/// Builds a report's one SQL query through EF, for any registered kind (reached through <see cref="RecordKind.Accept{TResult}"/>):
/// the kind's records the user may see (<see cref="RecordAccess.VisibleTo{T}"/>), the definition's filters, then either
/// grouped with its aggregates (GROUP BY in SQL) or its rows, streamed. People, teams and linked records read as their
/// names through subqueries (a linked record only when the user may see it); custom fields through their values table
/// (decision 0015), so the query stays one statement.
/// </summary>
public abstract class ReportQuery
{
    public const int MaxGroups = 1000;

    public static ReportQuery For(RecordKind kind) => kind.Accept(new Visitor());

    public abstract Task<List<IGroupLine>> GroupsAsync(CrmDbContext db, RecordKinds kinds, CrmUser user, ReportDefinition definition, ReportFieldList fields, CancellationToken ct);

    public abstract IAsyncEnumerable<object?[]> RowsAsync(CrmDbContext db, RecordKinds kinds, CrmUser user, ReportDefinition definition, ReportFieldList fields, int? take, CancellationToken ct);

    /// <summary>The SQL of the grouped query (tests read it).</summary>
    public abstract string GroupsSql(CrmDbContext db, RecordKinds kinds, CrmUser user, ReportDefinition definition, ReportFieldList fields);

    private sealed class Visitor : IRecordKindVisitor<ReportQuery>
    {
        public ReportQuery Visit<T>(RecordKind<T> kind)
            where T : class, IRecord<T> => new ReportQuery<T>();
    }
}

public sealed class ReportQuery<T> : ReportQuery
    where T : class, IRecord<T>
{
    public override async Task<List<IGroupLine>> GroupsAsync(CrmDbContext db, RecordKinds kinds, CrmUser user, ReportDefinition definition, ReportFieldList fields, CancellationToken ct)
    {
        var (query, run) = Grouped(db, kinds, user, definition, fields);
        return await run(query, ct);
    }

    public override string GroupsSql(CrmDbContext db, RecordKinds kinds, CrmUser user, ReportDefinition definition, ReportFieldList fields) =>
        Grouped(db, kinds, user, definition, fields).Query.ToQueryString();

    private (IQueryable Query, Func<IQueryable, CancellationToken, Task<List<IGroupLine>>> Run) Grouped(
        CrmDbContext db, RecordKinds kinds, CrmUser user, ReportDefinition definition, ReportFieldList fields)
    {
        var source = Matching(db, kinds, user, definition, fields);
        var r = Expression.Parameter(typeof(T), "r");
        var key1 = Value(db, kinds, user, r, fields.Find(definition.Groups[0])!);
        var key2 = definition.Groups.Count > 1 ? Value(db, kinds, user, r, fields.Find(definition.Groups[1])!) : key1;
        var flatType = typeof(Flat<,>).MakeGenericType(key1.Type, key2.Type);
        var bindings = new List<MemberBinding>
        {
            Expression.Bind(flatType.GetProperty(nameof(Flat<int, int>.K1))!, key1),
            Expression.Bind(flatType.GetProperty(nameof(Flat<int, int>.K2))!, key2),
        };
        for (var i = 0; i < definition.Aggregates.Count; i++)
        {
            if (definition.Aggregates[i].Field is { } name)
            {
                bindings.Add(Expression.Bind(flatType.GetProperty("V" + i)!, Expression.Convert(Value(db, kinds, user, r, fields.Find(name)!), typeof(double?))));
            }
        }

        var flat = Expression.Lambda(Expression.MemberInit(Expression.New(flatType), bindings), r);
        var projected = Call(nameof(Queryable.Select), [typeof(T), flatType], source.Expression, Expression.Quote(flat));
        var method = typeof(ReportQuery<T>).GetMethod(nameof(GroupLines), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(key1.Type, key2.Type);
        var query = (IQueryable)method.Invoke(null, [source.Provider.CreateQuery(projected), definition.Aggregates])!;
        var read = typeof(ReportQuery<T>).GetMethod(nameof(ReadAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(key1.Type, key2.Type);
        return (query, (q, ct) => (Task<List<IGroupLine>>)read.Invoke(null, [q, ct])!);
    }

    private static IQueryable<Line<TK1, TK2>> GroupLines<TK1, TK2>(IQueryable<Flat<TK1, TK2>> flat, IReadOnlyList<DefinedAggregate> aggregates)
    {
        var grouped = flat.GroupBy(f => new GroupKey<TK1, TK2> { A = f.K1, B = f.K2 });
        var g = Expression.Parameter(typeof(IGrouping<GroupKey<TK1, TK2>, Flat<TK1, TK2>>), "g");
        var key = Expression.Property(g, nameof(IGrouping<int, int>.Key));
        var bindings = new List<MemberBinding>
        {
            Expression.Bind(typeof(Line<TK1, TK2>).GetProperty(nameof(Line<TK1, TK2>.K1))!, Expression.Property(key, nameof(GroupKey<TK1, TK2>.A))),
            Expression.Bind(typeof(Line<TK1, TK2>).GetProperty(nameof(Line<TK1, TK2>.K2))!, Expression.Property(key, nameof(GroupKey<TK1, TK2>.B))),
        };
        for (var i = 0; i < aggregates.Count; i++)
        {
            var f = Expression.Parameter(typeof(Flat<TK1, TK2>), "f");
            var value = Expression.Lambda<Func<Flat<TK1, TK2>, double?>>(Expression.Property(f, "V" + i), f);
            Expression aggregate = aggregates[i].Function switch
            {
                AggregateFunction.Count => Expression.Convert(Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [typeof(Flat<TK1, TK2>)], g), typeof(double?)),
                AggregateFunction.Sum => Expression.Call(typeof(Enumerable), nameof(Enumerable.Sum), [typeof(Flat<TK1, TK2>)], g, value),
                _ => Expression.Call(typeof(Enumerable), nameof(Enumerable.Average), [typeof(Flat<TK1, TK2>)], g, value),
            };
            bindings.Add(Expression.Bind(typeof(Line<TK1, TK2>).GetProperty("A" + i)!, aggregate));
        }

        var select = Expression.Lambda<Func<IGrouping<GroupKey<TK1, TK2>, Flat<TK1, TK2>>, Line<TK1, TK2>>>(
            Expression.MemberInit(Expression.New(typeof(Line<TK1, TK2>)), bindings), g);
        return grouped.Select(select).OrderBy(l => l.K1).ThenBy(l => l.K2).Take(MaxGroups);
    }

    private static async Task<List<IGroupLine>> ReadAsync<TK1, TK2>(IQueryable query, CancellationToken ct) =>
        [.. await ((IQueryable<Line<TK1, TK2>>)query).ToListAsync(ct)];

    public override async IAsyncEnumerable<object?[]> RowsAsync(
        CrmDbContext db, RecordKinds kinds, CrmUser user, ReportDefinition definition, ReportFieldList fields, int? take,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        IQueryable<T> source = Matching(db, kinds, user, definition, fields);
        var r = Expression.Parameter(typeof(T), "r");
        if (fields.Find(definition.SortBy) is { } sortField)
        {
            var sortKey = Expression.Lambda(Value(db, kinds, user, r, sortField), r);
            var ordered = Call(definition.SortDescending ? nameof(Queryable.OrderByDescending) : nameof(Queryable.OrderBy), [typeof(T), sortKey.ReturnType], source.Expression, Expression.Quote(sortKey));
            source = ((IOrderedQueryable<T>)source.Provider.CreateQuery<T>(ordered)).ThenBy(x => x.Id);
        }
        else
        {
            source = source.OrderBy(x => x.Id);
        }

        if (take is { } limit)
        {
            source = source.Take(limit);
        }

        var cells = Expression.NewArrayInit(typeof(object), definition.Columns.Select(c => Expression.Convert(Value(db, kinds, user, r, fields.Find(c)!), typeof(object))));
        var projection = Expression.Lambda<Func<T, object?[]>>(cells, r);
        await foreach (var row in source.Select(projection).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    /// <summary>The kind's records the user may see, with the definition's filters.</summary>
    private static IQueryable<T> Matching(CrmDbContext db, RecordKinds kinds, CrmUser user, ReportDefinition definition, ReportFieldList fields)
    {
        var records = db.Set<T>().AsNoTracking().VisibleTo(user);
        foreach (var filter in definition.Filters)
        {
            var field = fields.Find(filter.Field)!;
            records = field.Custom is { } custom ? CustomFilter(records, db, custom, field, filter) : DeclaredFilter(records, db, kinds, user, field, filter);
        }

        return records;
    }

    private static IQueryable<T> DeclaredFilter(IQueryable<T> records, CrmDbContext db, RecordKinds kinds, CrmUser user, ReportField field, DefinedFilter filter)
    {
        var r = Expression.Parameter(typeof(T), "r");
        var member = field.Type is FieldType.User or FieldType.Team or FieldType.Record ? Path(r, field.Name) : Value(db, kinds, user, r, field);
        var type = member.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var nullable = !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
        Expression Null() => Expression.Constant(null, type);
        Expression body;
        switch (filter.Operator)
        {
            case FilterOperator.IsEmpty:
                body = underlying == typeof(string)
                    ? Expression.OrElse(Expression.Equal(member, Null()), Expression.Equal(member, Expression.Constant(string.Empty)))
                    : nullable ? Expression.Equal(member, Null()) : Expression.Constant(false);
                break;
            case FilterOperator.IsNotEmpty:
                body = underlying == typeof(string)
                    ? Expression.AndAlso(Expression.NotEqual(member, Null()), Expression.NotEqual(member, Expression.Constant(string.Empty)))
                    : nullable ? Expression.NotEqual(member, Null()) : Expression.Constant(true);
                break;
            case FilterOperator.StartsWith:
                body = Expression.AndAlso(
                    Expression.NotEqual(member, Null()),
                    Expression.Call(member, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!, Parameter(filter.Value!, typeof(string))));
                break;
            default:
                var value = Typed(field, filter.Value!, underlying);
                if (field.Type == FieldType.DateTime && filter.Operator == FilterOperator.Equals)
                {
                    // A day of a date and time: from its midnight to the next one (UTC, as stored).
                    var day = (DateTime)value;
                    body = Expression.AndAlso(
                        Expression.GreaterThanOrEqual(member, Parameter(day, type)),
                        Expression.LessThan(member, Parameter(day.AddDays(1), type)));
                    break;
                }

                if (field.Type == FieldType.DateTime && filter.Operator == FilterOperator.AtMost)
                {
                    body = Expression.LessThan(member, Parameter(((DateTime)value).AddDays(1), type));
                    break;
                }

                var constant = Parameter(value, type);
                body = filter.Operator switch
                {
                    FilterOperator.NotEquals when nullable => Expression.OrElse(Expression.Equal(member, Null()), Expression.NotEqual(member, constant)),
                    FilterOperator.NotEquals => Expression.NotEqual(member, constant),
                    FilterOperator.AtLeast => Expression.GreaterThanOrEqual(member, constant),
                    FilterOperator.AtMost => Expression.LessThanOrEqual(member, constant),
                    _ => Expression.Equal(member, constant),
                };
                break;
        }

        return records.Where(Expression.Lambda<Func<T, bool>>(body, r));
    }

    /// <summary>A filter on a custom field: an EXISTS on its values seeking their indexes (decision 0015).</summary>
    private static IQueryable<T> CustomFilter(IQueryable<T> records, CrmDbContext db, CustomField custom, ReportField field, DefinedFilter filter)
    {
        var id = custom.Id;
        var all = db.CustomFieldValues.Where(v => v.FieldId == id);
        if (filter.Operator == FilterOperator.IsEmpty)
        {
            return records.Where(x => !all.Any(v => v.RecordId == x.Id));
        }

        var values = all;
        var text = filter.Value;
        switch (filter.Operator)
        {
            case FilterOperator.IsNotEmpty:
                break;
            case FilterOperator.StartsWith:
                var prefix = Infrastructure.Text.SearchKey.PrefixPattern(Infrastructure.Text.SearchKey.Normalize(text));
                values = values.Where(v => EF.Functions.Like(v.TextKey!, prefix, Infrastructure.Text.SearchKey.LikeEscape));
                break;
            default:
                switch (custom.Column)
                {
                    case ValueColumn.Number:
                        var number = field.Type == FieldType.YesNo ? (text == "true" ? 1d : 0d)
                            : (double)decimal.Parse(text!, CultureInfo.InvariantCulture) * (custom.Type == CustomFieldType.Money ? 100 : 1);
                        values = filter.Operator switch
                        {
                            FilterOperator.AtLeast => values.Where(v => v.Number >= number),
                            FilterOperator.AtMost => values.Where(v => v.Number <= number),
                            _ => values.Where(v => v.Number == number),
                        };
                        break;
                    case ValueColumn.Date:
                        var date = DateTime.SpecifyKind(DateOnly.ParseExact(text!, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
                        values = filter.Operator switch
                        {
                            FilterOperator.AtLeast => values.Where(v => v.Date >= date),
                            FilterOperator.AtMost => values.Where(v => v.Date <= date),
                            _ => values.Where(v => v.Date == date),
                        };
                        break;
                    default:
                        var key = custom.IsChoice ? text! : custom.Type == CustomFieldType.Phone
                            ? Infrastructure.Text.PhoneNumber.ToE164(text) ?? Infrastructure.Text.SearchKey.Normalize(text)
                            : Infrastructure.Text.SearchKey.Normalize(text);
                        if (key.Length > CustomFieldValue.MaxKeyLength)
                        {
                            key = key[..CustomFieldValue.MaxKeyLength];
                        }

                        if (filter.Operator == FilterOperator.NotEquals)
                        {
                            var equal = all.Where(v => v.TextKey == key);
                            return records.Where(x => !equal.Any(v => v.RecordId == x.Id));
                        }

                        values = values.Where(v => v.TextKey == key);
                        break;
                }

                break;
        }

        return records.Where(x => values.Any(v => v.RecordId == x.Id));
    }

    /// <summary>
    /// The field's value of record <paramref name="r"/> as SQL reads it: a column, a person's or team's name, a linked
    /// record's name when the user may see it, or a custom field's value (text, number in cents for money, or date).
    /// </summary>
    private static Expression Value(CrmDbContext db, RecordKinds kinds, CrmUser user, ParameterExpression r, ReportField field)
    {
        if (field.Custom is { } custom)
        {
            var id = custom.Id;
            var values = db.CustomFieldValues;
            LambdaExpression read = custom.Column switch
            {
                ValueColumn.Number => (Expression<Func<int, double?>>)(rid => values.Where(v => v.FieldId == id && v.RecordId == rid).Select(v => v.Number).FirstOrDefault()),
                ValueColumn.Date => (Expression<Func<int, DateTime?>>)(rid => values.Where(v => v.FieldId == id && v.RecordId == rid).Select(v => v.Date).FirstOrDefault()),
                _ => (Expression<Func<int, string?>>)(rid => values.Where(v => v.FieldId == id && v.RecordId == rid).Select(v => v.Text).FirstOrDefault()),
            };
            return Inline(read, Expression.Property(r, nameof(IRecord<T>.Id)));
        }

        var member = Path(r, field.Name);
        switch (field.Type)
        {
            case FieldType.User:
                var users = db.Users;
                Expression<Func<string?, string?>> user1 = id => users.Where(u => u.Id == id).Select(u => u.DisplayName).FirstOrDefault();
                return Inline(user1, member);
            case FieldType.Team:
                var teams = db.Teams;
                Expression<Func<int?, string?>> team = id => teams.Where(t => t.Id == id).Select(t => t.Name).FirstOrDefault();
                return Inline(team, Expression.Convert(member, typeof(int?)));
            case FieldType.Record when kinds.Find(field.Declared!.RecordKind) is { } target:
                var summaries = target.Summaries(db);
                var visible = target.VisibleIds(db, user);
                Expression<Func<int?, string?>> linked = id => summaries.Where(s => s.Id == id && visible.Contains(s.Id)).Select(s => s.Name).FirstOrDefault();
                return Inline(linked, Expression.Convert(member, typeof(int?)));
            default:
                return member;
        }
    }

    private static Expression Inline(LambdaExpression read, Expression argument) =>
        ReplacingExpressionVisitor.Replace(read.Parameters[0], argument.Type == read.Parameters[0].Type ? argument : Expression.Convert(argument, read.Parameters[0].Type), read.Body);

    private static Expression Path(Expression r, string name) => name.Split('.').Aggregate(r, Expression.Property);

    private static object Typed(ReportField field, string value, Type type)
    {
        if (type.IsEnum)
        {
            return Enum.Parse(type, value);
        }

        if (field.Type is FieldType.Date or FieldType.DateTime)
        {
            var day = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return type == typeof(DateOnly) ? day : DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        }

        if (type == typeof(bool))
        {
            return value == "true";
        }

        if (type == typeof(string))
        {
            return value;
        }

        var number = decimal.Parse(value, CultureInfo.InvariantCulture) * (field.InCents ? 100 : 1);
        return Convert.ChangeType(number, type, CultureInfo.InvariantCulture);
    }

    /// <summary>A value EF sends as a parameter (a closure's field), not inlined in the SQL.</summary>
    private static Expression Parameter(object value, Type type)
    {
        var box = Activator.CreateInstance(typeof(Box<>).MakeGenericType(value.GetType()), value)!;
        Expression read = Expression.Field(Expression.Constant(box), "Value");
        return read.Type == type ? read : Expression.Convert(read, type);
    }

    private static MethodCallExpression Call(string name, Type[] types, params Expression[] arguments) =>
        Expression.Call(typeof(Queryable), name, types, arguments);
}

internal sealed class Box<TValue>(TValue value)
{
    public readonly TValue Value = value;
}

public sealed class Flat<TK1, TK2>
{
    public TK1 K1 { get; set; } = default!;
    public TK2 K2 { get; set; } = default!;
    public double? V0 { get; set; }
    public double? V1 { get; set; }
    public double? V2 { get; set; }
    public double? V3 { get; set; }
    public double? V4 { get; set; }
    public double? V5 { get; set; }
}

public sealed class GroupKey<TK1, TK2>
{
    public TK1 A { get; set; } = default!;
    public TK2 B { get; set; } = default!;
}

public sealed class Line<TK1, TK2> : IGroupLine
{
    public TK1 K1 { get; set; } = default!;
    public TK2 K2 { get; set; } = default!;
    public double? A0 { get; set; }
    public double? A1 { get; set; }
    public double? A2 { get; set; }
    public double? A3 { get; set; }
    public double? A4 { get; set; }
    public double? A5 { get; set; }

    object? IGroupLine.Key1 => K1;

    object? IGroupLine.Key2 => K2;

    public double? Aggregate(int index) => index switch
    {
        0 => A0,
        1 => A1,
        2 => A2,
        3 => A3,
        4 => A4,
        _ => A5,
    };
}
