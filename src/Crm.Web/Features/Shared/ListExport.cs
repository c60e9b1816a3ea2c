using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Shared;

/// <summary>
/// The export of every kind's list ({Route}/Export): every visible record the list's query string matches (not only
/// the page), one row each, with the columns the kind declares (<see cref="RecordKind{T}.Export"/>). It walks the list
/// pipeline in keyset chunks, so 100k records stream through bounded memory.
/// </summary>
public sealed class ListExport(CrmDbContext db, UserTime time, TimeProvider clock, IStringLocalizer<SharedResource> l, CustomFieldStore customFields)
{
    public const int ChunkSize = 2000;

    /// <summary>The kind's export of the list as filtered, written to the response while its rows are read.</summary>
    public XlsxResult Handle<T, TQuery, TRow>(RecordList<T, TQuery, TRow> list, TQuery query, CrmUser user)
        where T : class, IRecord<T>, IListed
        where TQuery : ListQuery
        where TRow : class, IListRow<TRow>
    {
        var kind = T.Kind;
        var export = kind.Export ?? throw new InvalidOperationException($"The kind {kind.Key} declares no export.");
        // The kind's custom fields follow its declared columns (the query read them with its filters).
        var columns = export.Fields.Select(f => new ExportColumn(l[f.Header], f.Width))
            .Concat(query.CustomFields.Select(f => new ExportColumn(f.Label(CustomFieldStore.French), f.Type == CustomFieldType.LongText ? 50 : 20)))
            .ToArray();
        return new XlsxResult(
            $"{kind.Key}-{time.ToLocal(clock.GetUtcNow().UtcDateTime):yyyy-MM-dd}.xlsx", l[kind.Plural], columns, ct => Rows(list, export, query, user, ct));
    }

    /// <summary>Each record's cells in column order.</summary>
    private async IAsyncEnumerable<object?[]> Rows<T, TQuery, TRow>(
        RecordList<T, TQuery, TRow> list, RecordExport<T> export, TQuery query, CrmUser user, [EnumeratorCancellation] CancellationToken ct)
        where T : class, IRecord<T>, IListed
        where TQuery : ListQuery
        where TRow : class, IListRow<TRow>
    {
        var fields = export.Fields;
        var custom = query.CustomFields;
        var french = CustomFieldStore.French;
        var projection = Line(list.SortName, fields);
        var matching = list.Filtered(query, user);
        var labels = new Dictionary<Enum, string>();
        Cursor? after = null;
        while (true)
        {
            var page = list.Ordered(matching, query, after).Take(ChunkSize);
            var chunk = await page.Select(projection).ToListAsync(ct);
            if (chunk.Count == 0)
            {
                yield break;
            }

            // The chunk's query again as a subquery: SQLite then probes the record-id indexes for 2,000 ids instead of
            // matching every row against a JSON array of ids.
            var ids = page.Select(r => r.Id);
            var joined = new ILookup<int, string>?[fields.Count];
            ILookup<int, string>? tags = null;
            for (var i = 0; i < fields.Count; i++)
            {
                if (fields[i].Items is { } items)
                {
                    joined[i] = (await items(db, ids).ToListAsync(ct)).ToLookup(item => item.RecordId, item => item.Value);
                }
                else if (fields[i].IsTags)
                {
                    joined[i] = tags ??= await list.TagNamesAsync(ids, ct);
                }
            }

            var customValues = custom.Count == 0 ? [] : await customFields.ValuesAsync(custom, ids, ct);
            foreach (var line in chunk)
            {
                var row = new object?[fields.Count + custom.Count];
                var value = 0;
                for (var i = 0; i < fields.Count; i++)
                {
                    row[i] = Cell(joined[i] is { } values ? Joined(values[line.Position.Id]) : line.Values[value++], labels);
                }

                var own = customValues.GetValueOrDefault(line.Position.Id);
                for (var i = 0; i < custom.Count; i++)
                {
                    row[fields.Count + i] = CustomFieldInput.Cell(custom[i], own?.GetValueOrDefault(custom[i].Id) ?? [], french, l);
                }

                yield return row;
            }

            if (chunk.Count < ChunkSize)
            {
                yield break;
            }

            // The line knows the common sorts' keys; a kind's own sort (a deal's amount, a ticket's deadline) is read from
            // the list's row of the chunk's last record, else the cursor would not parse and the chunk would repeat.
            var last = chunk[^1].Position;
            after = query.CustomSort is { } sortedBy ? await CustomFieldQuery.CursorAsync(db, sortedBy, last.Id, ct)
                : query.OwnSorts.ContainsKey(query.SortKey)
                ? (await list.Project(db.Set<T>().AsNoTracking().Where(r => r.Id == last.Id)).SingleAsync(ct)).Position.CursorFor(query.SortKey)
                : last.CursorFor(query.SortKey);
        }
    }

    /// <summary>
    /// An enum shows its label, a date the user's local time. Text goes as it is: the workbook writes it as a text cell,
    /// which a spreadsheet never evaluates, so "+33 6 …" needs no protecting quote (which would come back on re-import).
    /// </summary>
    private object? Cell(object? value, Dictionary<Enum, string> labels) => value switch
    {
        Enum choice => labels.TryGetValue(choice, out var label) ? label : labels[choice] = l.Label(choice),
        DateTime at => time.ToLocal(at),
        _ => value,
    };

    private static string? Joined(IEnumerable<string> values)
    {
        var text = string.Join("; ", values);
        return text.Length == 0 ? null : text;
    }

    /// <summary>A record's position in every sort and its declared values, as one projection EF translates.</summary>
    private sealed record ExportLine(ListPosition Position, object?[] Values);

    private static Expression<Func<T, ExportLine>> Line<T>(Expression<Func<T, string>> sortName, IReadOnlyList<ExportField<T>> fields)
        where T : class, IRecord<T>, IListed
    {
        Expression<Func<T, string, object?[], ExportLine>> template = (r, name, values) =>
            new ExportLine(new ListPosition(r.Id, name, r.CreatedAt, r.LastActivityAt, r.Owner != null ? r.Owner.DisplayName : null), values);
        var record = template.Parameters[0];
        Expression Body(LambdaExpression e) => ReplacingExpressionVisitor.Replace(e.Parameters[0], record, e.Body);
        var values = Expression.NewArrayInit(typeof(object), fields.Where(f => f.Value is not null).Select(f => Body(f.Value!)));
        var body = new ReplacingExpressionVisitor([template.Parameters[1], template.Parameters[2]], [Body(sortName), values]).Visit(template.Body);
        return Expression.Lambda<Func<T, ExportLine>>(body, record);
    }
}
