using System.Collections;
using System.Globalization;
using System.Reflection;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;

namespace Crm.Web.Features.Api;

/// <summary>What an API call answers: a JSON body for 200, or a status and what went wrong.</summary>
public sealed record ApiAnswer(object? Body, int Status = StatusCodes.Status200OK, string? Error = null)
{
    public static ApiAnswer Bad(string error) => new(null, StatusCodes.Status400BadRequest, error);

    public static readonly ApiAnswer NotFound = new(null, StatusCodes.Status404NotFound);
}

/// <summary>
/// A registered kind's records as the API reads them: its list (the same query, filters, search, sort and paging as
/// the kind's list page, through <see cref="RecordList{T, TQuery, TRow}"/>) and one record, both through the kind's
/// access rule. One implementation for every kind (<see cref="RecordListing{T, TQuery, TRow}"/>), found by the kind's key.
/// </summary>
public interface IRecordListing
{
    RecordKind Kind { get; }

    Task<ApiAnswer> ListAsync(IQueryCollection raw, CrmUser user, CancellationToken ct);

    Task<ApiAnswer> FindAsync(int id, CrmUser user, CancellationToken ct);
}

public sealed class RecordListing<T, TQuery, TRow>(
    RecordList<T, TQuery, TRow> list,
    CrmDbContext db,
    CustomFieldStore custom,
    Deals.CurrencyRates currencies,
    IStringLocalizer<SharedResource> l) : IRecordListing
    where T : class, IRecord<T>, IListed
    where TQuery : ListQuery, new()
    where TRow : class, IListRow<TRow>
{
    /// <summary>The API's own paging parameters; everything else in the query string is a list filter, as on the page.</summary>
    private static readonly HashSet<string> Paging = new(["page", "pageSize", "sort", "dir", "after"], StringComparer.OrdinalIgnoreCase);

    public RecordKind Kind => T.Kind;

    public async Task<ApiAnswer> ListAsync(IQueryCollection raw, CrmUser user, CancellationToken ct)
    {
        if (raw.Any(p => p.Value.Count > 1))
        {
            return ApiAnswer.Bad(l["Each parameter may be given once."]);
        }

        var size = ApiSetup.DefaultPageSize;
        if (raw.TryGetValue("pageSize", out var sizeText) && !(int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= ApiSetup.MaxPageSize))
        {
            return ApiAnswer.Bad(l["pageSize must be a whole number from 1 to {0}.", ApiSetup.MaxPageSize]);
        }

        int? page = null;
        if (raw.TryGetValue("page", out var pageText))
        {
            if (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 100_000)
            {
                return ApiAnswer.Bad(l["page must be a whole number from 1 to {0}.", 100_000]);
            }

            page = number;
        }

        var after = raw.TryGetValue("after", out var afterText) ? afterText.ToString() : null;
        if (after is not null && (page is not null || Cursor.Decode(after) is null))
        {
            return ApiAnswer.Bad(l["after must be the cursor of a previous page, and cannot be given with page."]);
        }

        var dir = raw.TryGetValue("dir", out var dirText) ? dirText.ToString().ToLowerInvariant() : null;
        if (dir is not (null or "asc" or "desc"))
        {
            return ApiAnswer.Bad(l["dir must be asc or desc."]);
        }

        var fields = await custom.FieldsAsync(T.Kind.Key, ct);
        var filters = QueryString.Create(raw.Where(p => !Paging.Contains(p.Key)).Select(p => new KeyValuePair<string, StringValues>(p.Key, p.Value))).Value ?? string.Empty;
        if (ListQueryReader.UnknownKeys<TQuery>(T.Kind, filters, fields) is { Count: > 0 } unknown)
        {
            return ApiAnswer.Bad(l["Unknown parameter: {0}.", string.Join(", ", unknown)]);
        }

        if (ListQueryReader.Read<TQuery>(T.Kind, filters, fields) is not { } read)
        {
            return ApiAnswer.Bad(l["A filter's value is not valid."]);
        }

        var sort = raw.TryGetValue("sort", out var sortText) ? sortText.ToString() : null;
        var query = (TQuery)((ListQuery)read with { Sort = sort, Dir = dir, After = after, Page = page });
        if (sort is not null && !string.Equals(query.SortKey, sort, StringComparison.OrdinalIgnoreCase))
        {
            return ApiAnswer.Bad(l["Unknown sort: {0}.", sort]);
        }

        // The list page's own pipeline (visible → search and filters → seek or offset), with the API's page size.
        var ordered = list.Ordered(list.Filtered(query, user), query, query.Position);
        if (query.PageNumber is int number2)
        {
            ordered = ordered.Skip((number2 - 1) * size);
        }

        var ids = await ordered.Take(size + 1).Select(r => r.Id).ToListAsync(ct);
        var more = ids.Count > size;
        if (more)
        {
            ids.RemoveAt(ids.Count - 1);
        }

        var records = await RecordsAsync(ids, fields, ct);
        string? next = null;
        if (more)
        {
            var position = page is int current
                ? ("page", (current + 1).ToString(CultureInfo.InvariantCulture))
                : ("after", await CursorAfterAsync(query, ids[^1], ct));
            next = Link(raw, position);
        }

        return new(new Dictionary<string, object?>
        {
            ["data"] = records,
            ["page"] = new Dictionary<string, object?>
            {
                ["size"] = size,
                ["number"] = page,
                ["sort"] = query.SortKey,
                ["dir"] = query.Descending ? "desc" : "asc",
                ["next"] = next,
            },
        });
    }

    public async Task<ApiAnswer> FindAsync(int id, CrmUser user, CancellationToken ct)
    {
        // The record's own page's rule: a record the user may not see does not exist for them.
        if (!await db.Set<T>().AsNoTracking().VisibleTo(user).AnyAsync(r => r.Id == id, ct))
        {
            return ApiAnswer.NotFound;
        }

        var records = await RecordsAsync([id], await custom.FieldsAsync(T.Kind.Key, ct), ct);
        return records.Count == 0 ? ApiAnswer.NotFound : new(records[0]);
    }

    private async Task<string> CursorAfterAsync(TQuery query, int lastId, CancellationToken ct)
    {
        if (query.CustomSort is { } field)
        {
            return (await CustomFieldQuery.CursorAsync(db, field, lastId, ct)).Encode();
        }

        var row = await list.Project(db.Set<T>().AsNoTracking().Where(r => r.Id == lastId)).FirstAsync(ct);
        return row.Position.CursorFor(query.SortKey).Encode();
    }

    private string Link(IQueryCollection raw, (string Key, string Value) position)
    {
        var kept = raw.Where(p => p.Key is not ("page" or "after")).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        kept[position.Key] = position.Value;
        return QueryHelpers.AddQueryString($"{ApiSetup.PathBase}/{T.Kind.Key}", kept);
    }

    /// <summary>The records of <paramref name="ids"/> as JSON objects, in that order: declared fields, custom fields, tags.</summary>
    private async Task<List<Dictionary<string, object?>>> RecordsAsync(List<int> ids, IReadOnlyList<CustomField> fields, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var records = db.Set<T>().AsNoTracking().Where(r => ids.Contains(r.Id));
        foreach (var collection in Collections)
        {
            records = records.Include(collection);
        }

        var byId = (await records.ToListAsync(ct)).ToDictionary(r => r.Id);
        var values = fields.Count == 0 ? [] : await custom.ValuesAsync(fields, ids, ct);
        var tags = await list.TagNamesAsync(db.Set<T>().Where(r => ids.Contains(r.Id)).Select(r => r.Id), ct);
        var company = await currencies.DefaultAsync(ct);
        return ids.Where(byId.ContainsKey).Select(id => ApiJson.Record(T.Kind, byId[id], fields, values.GetValueOrDefault(id), tags[id], company)).ToList();
    }

    /// <summary>The declared fields that list their values in rows of their own (a contact's emails and phones), loaded with the record.</summary>
    private IReadOnlyList<string> Collections => _collections ??= T.Kind.Fields
        .Where(f => f.Type != FieldType.Tags && !f.Name.Contains('.', StringComparison.Ordinal))
        .Where(f => db.Model.FindEntityType(typeof(T))?.FindNavigation(f.Name) is { IsCollection: true })
        .Select(f => f.Name).ToList();

    private static IReadOnlyList<string>? _collections;
}

/// <summary>How the API writes a record: ISO 8601 UTC dates, money as an amount and its currency, choices by name.</summary>
public static class ApiJson
{
    public static Dictionary<string, object?> Record(
        RecordKind kind, object record, IReadOnlyList<CustomField> fields, Dictionary<int, List<StoredValue>>? values, IEnumerable<string> tags, string companyCurrency)
    {
        var json = new Dictionary<string, object?>
        {
            ["id"] = ((IAudited)record).Id,
            ["kind"] = kind.Key,
            ["url"] = kind.DetailsPath(((IAudited)record).Id),
            ["createdAt"] = Utc(((ITracked)record).CreatedAt),
            ["updatedAt"] = Utc(((ITracked)record).UpdatedAt),
            ["version"] = ((ITracked)record).Version,
        };
        var declared = new Dictionary<string, object?>();
        foreach (var field in kind.Fields)
        {
            declared[Camel(field.Name)] = field.Type == FieldType.Tags ? tags.ToList() : Declared(kind, field, record, companyCurrency);
        }

        json["fields"] = declared;
        json["customFields"] = fields.ToDictionary(f => f.Key, f => Custom(f, values?.GetValueOrDefault(f.Id), companyCurrency));
        return json;
    }

    private static object? Declared(RecordKind kind, RecordField field, object record, string companyCurrency)
    {
        var value = Read(record, field.Name);
        return value switch
        {
            null => null,
            string text => text,
            IEnumerable items => items.OfType<IRecordValue>().Select(v => v.Value).ToList(),
            _ when field.Type == FieldType.Money => Money(
                field.InCents ? Convert.ToDecimal(value, CultureInfo.InvariantCulture) / 100m : Convert.ToDecimal(value, CultureInfo.InvariantCulture),
                field.CurrencyField is { } currency && Read(record, currency) is string { Length: > 0 } code ? code : companyCurrency),
            DateTime at => field.Type == FieldType.Date ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Utc(at),
            DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Enum choice => choice.ToString(),
            _ => value,
        };
    }

    private static object? Custom(CustomField field, List<StoredValue>? values, string companyCurrency)
    {
        if (values is null or { Count: 0 })
        {
            return field.Type == CustomFieldType.MultipleChoice ? Array.Empty<string>() : null;
        }

        var first = values[0];
        return field.Type switch
        {
            CustomFieldType.MultipleChoice => values.Select(v => v.Text).ToList(),
            CustomFieldType.Money when first.Number is { } cents => Money((decimal)cents / 100m, companyCurrency),
            CustomFieldType.Number => first.Number is { } n ? (decimal)n : null,
            CustomFieldType.YesNo => first.Number == 1,
            CustomFieldType.Date => first.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => first.Text,
        };
    }

    private static Dictionary<string, object> Money(decimal amount, string currency) => new() { ["amount"] = amount, ["currency"] = currency };

    /// <summary>An instant in ISO 8601, UTC ("2026-12-03T20:15:01.0000000Z"): the database keeps UTC without its kind.</summary>
    public static string Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>"BillingAddress.City" as JSON names are written: "billingAddress.city".</summary>
    public static string Camel(string name) => string.Join('.', name.Split('.').Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName));

    private static object? Read(object record, string path)
    {
        object? value = record;
        foreach (var part in path.Split('.'))
        {
            value = value?.GetType().GetProperty(part, BindingFlags.Public | BindingFlags.Instance)?.GetValue(value);
        }

        return value;
    }
}
