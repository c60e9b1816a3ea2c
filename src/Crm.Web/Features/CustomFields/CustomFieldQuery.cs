using System.Globalization;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.CustomFields;

/// <summary>
/// A list's filter on a custom field, from its query string: "cf.{key}" for text, choices and yes/no (text types match
/// a prefix of the normalised value), "cf.{key}.from" and "cf.{key}.to" for numbers, money and dates.
/// </summary>
public sealed record CustomFieldFilter(CustomField Field, string? Text, double? From, double? To, DateTime? FromDate, DateTime? ToDate)
{
    public const string FromSuffix = ".from";
    public const string ToSuffix = ".to";

    /// <summary>The filters the query string sets on the kind's fields; values that do not parse narrow nothing.</summary>
    public static IReadOnlyList<CustomFieldFilter> Read(IReadOnlyList<CustomField> fields, IQueryCollection query)
    {
        var filters = new List<CustomFieldFilter>();
        foreach (var field in fields)
        {
            string? Value(string key) => query[key].ToString() is { Length: > 0 and <= 200 } v ? v.Trim() : null;
            switch (field.Type)
            {
                case CustomFieldType.Number or CustomFieldType.Money:
                    var scale = field.Type == CustomFieldType.Money ? 100m : 1m;
                    var from = Value(field.Name + FromSuffix) is { } f ? CustomFieldInput.ParseNumber(f) * scale : null;
                    var to = Value(field.Name + ToSuffix) is { } t ? CustomFieldInput.ParseNumber(t) * scale : null;
                    if (from is not null || to is not null)
                    {
                        filters.Add(new(field, null, (double?)from, (double?)to, null, null));
                    }

                    break;
                case CustomFieldType.Date:
                    var fromDate = Value(field.Name + FromSuffix) is { } fd ? CustomFieldInput.ParseDate(fd) : null;
                    var toDate = Value(field.Name + ToSuffix) is { } td ? CustomFieldInput.ParseDate(td) : null;
                    if (fromDate is not null || toDate is not null)
                    {
                        filters.Add(new(field, null, null, null, Utc(fromDate), Utc(toDate)));
                    }

                    break;
                case CustomFieldType.YesNo:
                    if (Value(field.Name) is { } answer && CustomFieldInput.ParseYesNo(answer) is { } yes)
                    {
                        filters.Add(new(field, null, yes ? 1 : 0, yes ? 1 : 0, null, null));
                    }

                    break;
                default:
                    if (Value(field.Name) is { } text)
                    {
                        var key = field.IsChoice ? text : field.Type == CustomFieldType.Phone ? PhoneNumber.ToE164(text) ?? SearchKey.Normalize(text) : SearchKey.Normalize(text);
                        if (key.Length > 0)
                        {
                            filters.Add(new(field, key.Length > CustomFieldValue.MaxKeyLength ? key[..CustomFieldValue.MaxKeyLength] : key, null, null, null, null));
                        }
                    }

                    break;
            }
        }

        return filters;
    }

    private static DateTime? Utc(DateOnly? day) => day is { } d ? DateTime.SpecifyKind(d.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc) : null;
}

/// <summary>
/// Filters, search and sorts of any kind's list on its custom fields, as SQL (docs/decisions/0015): a filter is an
/// EXISTS that seeks the (FieldId, value, RecordId) index; a sort orders by the record's value, read through the
/// (RecordId, FieldId) index.
/// </summary>
public static class CustomFieldQuery
{
    /// <summary>Whether a list may sort by the field (one value per record).</summary>
    public static bool Sortable(CustomField field) => field.Type is not (CustomFieldType.MultipleChoice or CustomFieldType.LongText);

    public static IQueryable<T> Filter<T>(IQueryable<T> records, CrmDbContext db, IReadOnlyList<CustomFieldFilter> filters)
        where T : class, IRecord<T>
    {
        foreach (var filter in filters)
        {
            var id = filter.Field.Id;
            var values = db.CustomFieldValues.Where(v => v.FieldId == id);
            if (filter.Text is { } text)
            {
                values = filter.Field.IsText
                    ? values.Where(v => EF.Functions.Like(v.TextKey!, SearchKey.PrefixPattern(text), SearchKey.LikeEscape))
                    : values.Where(v => v.TextKey == text);
            }

            if (filter.From is { } from)
            {
                values = values.Where(v => v.Number >= from);
            }

            if (filter.To is { } to)
            {
                values = values.Where(v => v.Number <= to);
            }

            if (filter.FromDate is { } fromDate)
            {
                values = values.Where(v => v.Date >= fromDate);
            }

            if (filter.ToDate is { } toDate)
            {
                values = values.Where(v => v.Date <= toDate);
            }

            records = records.Where(r => values.Any(v => v.RecordId == r.Id));
        }

        return records;
    }

    /// <summary>
    /// The search box also finds records whose text custom fields start with the words typed (a prefix of the normalised
    /// value, on the same index); null when the kind has no text field.
    /// </summary>
    public static IQueryable<T>? Searched<T>(IQueryable<T> visible, IQueryable<T> searched, CrmDbContext db, IReadOnlyList<CustomField> fields, string? query)
        where T : class, IRecord<T>
    {
        var textFields = fields.Where(f => f.IsText).Select(f => f.Id).ToList();
        var key = SearchKey.Normalize(query);
        if (textFields.Count == 0 || key.Length == 0)
        {
            return null;
        }

        var pattern = SearchKey.PrefixPattern(key.Length > CustomFieldValue.MaxKeyLength ? key[..CustomFieldValue.MaxKeyLength] : key);
        var found = searched.Select(r => r.Id);
        var matching = db.CustomFieldValues.Where(v => textFields.Contains(v.FieldId) && EF.Functions.Like(v.TextKey!, pattern, SearchKey.LikeEscape));
        return visible.Where(r => found.Contains(r.Id) || matching.Any(v => v.RecordId == r.Id));
    }

    /// <summary>Orders by the field's value (records without one first ascending, last descending), then id, after the cursor.</summary>
    public static IQueryable<T> Order<T>(IQueryable<T> records, CrmDbContext db, CustomField field, bool descending, Cursor? after)
        where T : class, IRecord<T>
    {
        var id = field.Id;
        var values = db.CustomFieldValues;
        return field.Column switch
        {
            ValueColumn.Number => records.Seek(r => values.Where(v => v.FieldId == id && v.RecordId == r.Id).Select(v => v.Number).FirstOrDefault() ?? NoNumber, r => r.Id, descending, after),
            ValueColumn.Date => records.Seek(r => values.Where(v => v.FieldId == id && v.RecordId == r.Id).Select(v => v.Date).FirstOrDefault() ?? ListFilters.NoActivity, r => r.Id, descending, after),
            _ => records.Seek(r => values.Where(v => v.FieldId == id && v.RecordId == r.Id).Select(v => v.TextKey).FirstOrDefault() ?? string.Empty, r => r.Id, descending, after),
        };
    }

    /// <summary>Where the next page starts after the record, in the field's sort.</summary>
    public static async Task<Cursor> CursorAsync(CrmDbContext db, CustomField field, int recordId, CancellationToken ct)
    {
        var value = await db.CustomFieldValues.AsNoTracking().Where(v => v.FieldId == field.Id && v.RecordId == recordId)
            .Select(v => new { v.Number, v.Date, v.TextKey }).FirstOrDefaultAsync(ct);
        return field.Column switch
        {
            ValueColumn.Number => Cursor.For(value?.Number ?? NoNumber, recordId),
            ValueColumn.Date => Cursor.For(value?.Date ?? ListFilters.NoActivity, recordId),
            _ => Cursor.For(value?.TextKey ?? string.Empty, recordId),
        };
    }

    /// <summary>"No value" in a number sort: before every number ascending.</summary>
    private const double NoNumber = -1e300;

    /// <summary>The list columns the kind's custom fields offer (not shown until chosen), labelled in the reader's language.</summary>
    public static IReadOnlyList<ListColumn> Columns(IReadOnlyList<CustomField> fields) =>
        fields.Select(f => new ListColumn(f.Name, f.Label(CustomFieldStore.French)) { Shown = false, Sort = Sortable(f) ? f.Name : null }).ToList();

    /// <summary>A list cell's text for a record's values of the field.</summary>
    public static string Cell(CustomField field, IReadOnlyList<StoredValue>? values, Microsoft.Extensions.Localization.IStringLocalizer l) =>
        values is null or { Count: 0 } ? string.Empty
            : string.Join(", ", values.Select(v => CustomFieldInput.Show(field, v, CultureInfo.CurrentCulture, CustomFieldStore.French, l)));
}
