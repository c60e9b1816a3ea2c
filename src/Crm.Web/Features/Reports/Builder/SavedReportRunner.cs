using System.Globalization;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Reports.Builder;

/// <summary>Who may run and who may change a saved report: its owner and admins change it; its team's members run it too.</summary>
public static class SavedReportAccess
{
    public static IQueryable<SavedReport> ReadableBy(this IQueryable<SavedReport> reports, CrmUser user)
    {
        if (user.IsIn(Roles.Admin))
        {
            return reports;
        }

        var teams = user.Teams.ToList();
        var id = user.Id;
        return reports.Where(r => r.OwnerId == id || (r.SharedTeamId != null && teams.Contains(r.SharedTeamId.Value)));
    }

    public static IQueryable<SavedReport> EditableBy(this IQueryable<SavedReport> reports, CrmUser user)
    {
        var id = user.Id;
        return user.IsIn(Roles.Admin) ? reports : reports.Where(r => r.OwnerId == id);
    }

    public static bool CanEdit(this CrmUser user, SavedReport report) => user.IsIn(Roles.Admin) || report.OwnerId == user.Id;
}

/// <summary>A definition ready to run: its kind, the kind's reportable fields, and the definition checked against them.</summary>
public sealed record PreparedReport(string Title, RecordKind Kind, ReportFieldList Fields, ReportDefinition Definition);

/// <summary>
/// Runs saved reports ("saved:{id}") for the report pages, the workbook export and scheduled delivery: the report must be
/// the user's or shared with one of their teams, its definition is checked again against the kind's current fields,
/// and its one query counts only the records the user may see (<see cref="ReportQuery"/>).
/// </summary>
public sealed class SavedReportRunner(CrmDbContext db, RecordKinds kinds, ReportFieldCatalog catalog, UserTime time, IStringLocalizer<SharedResource> l) : IReportRunner
{
    public const string Prefix = "saved:";


    public static string KeyOf(int id) => Prefix + id.ToString(CultureInfo.InvariantCulture);

    public bool Handles(string reportKey) => reportKey.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// A grouped report as its table; null for a report that is not grouped, whose rows may be any number and so are
    /// streamed by <see cref="StreamAsync"/> (the contract: the export and the delivery then write them as they are read).
    /// </summary>
    public async Task<ReportTable?> RunAsync(string reportKey, CrmUser user, CancellationToken ct) =>
        await PrepareAsync(reportKey, user, ct) is { Definition.IsGrouped: true } prepared ? await RunAsync(prepared, user, null, ct) : null;

    public async Task<(string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportFilter> Filters, IAsyncEnumerable<object?[]> Rows)?> StreamAsync(
        string reportKey, CrmUser user, CancellationToken ct)
    {
        if (await PrepareAsync(reportKey, user, ct) is not { } prepared)
        {
            return null;
        }

        if (prepared.Definition.IsGrouped)
        {
            var table = await RunAsync(prepared, user, null, ct);
            return (table.Title, table.Columns, table.Filters, table.Rows.ToAsyncEnumerable());
        }

        return (prepared.Title, Columns(prepared), Filters(prepared), Rows(prepared, user, null, ct));
    }

    /// <summary>The saved report the user may run, checked; null when there is none or it no longer fits its kind.</summary>
    public async Task<PreparedReport?> PrepareAsync(string reportKey, CrmUser user, CancellationToken ct)
    {
        if (!Handles(reportKey) || !int.TryParse(reportKey.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var report = await db.SavedReports.AsNoTracking().ReadableBy(user).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null || ReportDefinition.FromJson(report.Definition) is not { } definition)
        {
            return null;
        }

        var (prepared, errors) = await CheckAsync(report.Name, ReportForm.From(report.Name, report.SharedTeamId, definition), user, ct);
        return errors.Count == 0 ? prepared : null;
    }

    /// <summary>The form checked against the kind the user may read and its current fields: the definition, or every error.</summary>
    public async Task<(PreparedReport? Prepared, List<FieldError> Errors)> CheckAsync(string title, ReportForm form, CrmUser user, CancellationToken ct)
    {
        var kind = kinds.Find(form.Kind) is { } found && user.Reads(found) ? found : null;
        var fields = kind is null ? null : await catalog.ForAsync(kind, ct);
        var (definition, errors) = ReportDefinitions.Check(form, kind, fields, l);
        return (definition is null ? null : new PreparedReport(title, kind!, fields!, definition), errors);
    }

    /// <summary>The report as a table: its groups with their aggregates, or its first <paramref name="take"/> rows.</summary>
    public async Task<ReportTable> RunAsync(PreparedReport prepared, CrmUser user, int? take, CancellationToken ct)
    {
        var query = ReportQuery.For(prepared.Kind);
        var definition = prepared.Definition;
        if (!definition.IsGrouped)
        {
            var rows = new List<object?[]>();
            await foreach (var row in Rows(prepared, user, take, ct))
            {
                rows.Add(row);
            }

            return new ReportTable(prepared.Title, Columns(prepared), rows, Filters(prepared));
        }

        var fields = prepared.Fields;
        var groups = definition.Groups.Select(g => fields.Find(g)!).ToList();
        var lines = await query.GroupsAsync(db, kinds, user, definition, fields, ct);
        var table = lines.Select(line =>
        {
            var cells = new object?[groups.Count + definition.Aggregates.Count];
            cells[0] = KeyLabel(groups[0], line.Key1);
            if (groups.Count > 1)
            {
                cells[1] = KeyLabel(groups[1], line.Key2);
            }

            for (var i = 0; i < definition.Aggregates.Count; i++)
            {
                cells[groups.Count + i] = AggregateValue(definition.Aggregates[i], fields, line.Aggregate(i));
            }

            return cells;
        }).ToList();
        return new ReportTable(prepared.Title, Columns(prepared), table, Filters(prepared));
    }

    public IReadOnlyList<ReportColumn> Columns(PreparedReport prepared)
    {
        var definition = prepared.Definition;
        var fields = prepared.Fields;
        if (!definition.IsGrouped)
        {
            return definition.Columns.Select(c => fields.Find(c)!)
                .Select(f => new ReportColumn(f.Name, f.Label, f.Custom?.Type == CustomFieldType.Date ? ReportValueType.Date : f.ValueType, Width: Width(f)))
                .ToList();
        }

        return
        [
            .. definition.Groups.Select(g => fields.Find(g)!).Select(f => new ReportColumn(f.Name, f.Label, ReportValueType.Text, Width: 24)),
            .. definition.Aggregates.Select((a, i) => a.Field is { } name && fields.Find(name) is { } field
                ? new ReportColumn($"agg{i}", a.Function == AggregateFunction.Sum ? l["Sum of {0}", field.Label] : l["Average of {0}", field.Label],
                    field.Type == FieldType.Money ? ReportValueType.Money : ReportValueType.Number, Width: 16)
                : new ReportColumn($"agg{i}", l["Count"], ReportValueType.Count, Width: 10)),
        ];
    }

    private static int Width(ReportField field) => field.Type switch
    {
        FieldType.LongText => 40,
        FieldType.Number or FieldType.YesNo => 10,
        FieldType.Money or FieldType.Date => 14,
        _ => 22,
    };

    public IReadOnlyList<ReportFilter> Filters(PreparedReport prepared) =>
        prepared.Definition.Filters.Select(f => prepared.Fields.Find(f.Field)!)
            .Zip(prepared.Definition.Filters, (field, filter) => new ReportFilter(field.Label, Describe(field, filter)))
            .ToList();

    public string Describe(ReportField field, DefinedFilter filter)
    {
        var value = filter.Value is null ? null
            : field.Type == FieldType.Choice ? field.Options(l).FirstOrDefault(o => o.Value == filter.Value).Label ?? filter.Value
            : field.Type == FieldType.YesNo ? (filter.Value == "true" ? l["Yes"] : l["No"]).ToString()
            : field.Type is FieldType.Number or FieldType.Money ? decimal.Parse(filter.Value, CultureInfo.InvariantCulture).ToString("#,##0.##", CultureInfo.CurrentCulture)
            : field.Type is FieldType.Date or FieldType.DateTime ? DateOnly.ParseExact(filter.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("d", CultureInfo.CurrentCulture)
            : filter.Value;
        return value is null ? OperatorLabel(filter.Operator, l) : $"{OperatorLabel(filter.Operator, l)} {value}";
    }

    public static string OperatorLabel(FilterOperator op, IStringLocalizer l) => op switch
    {
        FilterOperator.Equals => l["is"],
        FilterOperator.NotEquals => l["is not"],
        FilterOperator.StartsWith => l["starts with"],
        FilterOperator.AtLeast => l["at least"],
        FilterOperator.AtMost => l["at most"],
        FilterOperator.IsEmpty => l["is empty"],
        _ => l["is not empty"],
    };

    private async IAsyncEnumerable<object?[]> Rows(PreparedReport prepared, CrmUser user, int? take, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var fields = prepared.Definition.Columns.Select(c => prepared.Fields.Find(c)!).ToArray();
        var labels = new Dictionary<Enum, string>();
        await foreach (var row in ReportQuery.For(prepared.Kind).RowsAsync(db, kinds, user, prepared.Definition, prepared.Fields, take, ct))
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Cell(fields[i], row[i], labels);
            }

            yield return row;
        }
    }

    /// <summary>A value as the table and the workbook show it: labels for choices, amounts out of cents, local times.</summary>
    private object? Cell(ReportField field, object? value, Dictionary<Enum, string> labels) => value switch
    {
        null => null,
        Enum choice => labels.TryGetValue(choice, out var label) ? label : labels[choice] = l.Label(choice),
        bool yes => yes ? l["Yes"].Value : l["No"].Value,
        string text when field.Custom is { IsChoice: true } custom => custom.Choices.FirstOrDefault(c => c.Key == text)?.Label(CustomFieldStore.French) ?? text,
        double number when field.Type == FieldType.YesNo => number != 0 ? l["Yes"].Value : l["No"].Value,
        DateTime date when field.Custom is not null => DateOnly.FromDateTime(date),
        DateTime at when field.Type == FieldType.DateTime => time.ToLocal(at),
        _ when field.InCents => Convert.ToDecimal(value, CultureInfo.InvariantCulture) / 100m,
        _ => value,
    };

    private string KeyLabel(ReportField field, object? key) =>
        Cell(field, key, []) switch
        {
            null => l["(none)"],
            string { Length: 0 } => l["(none)"],
            var shown => Convert.ToString(shown, CultureInfo.CurrentCulture) ?? string.Empty,
        };

    private static object? AggregateValue(DefinedAggregate aggregate, ReportFieldList fields, double? value)
    {
        if (aggregate.Function == AggregateFunction.Count)
        {
            return (int)(value ?? 0);
        }

        if (value is not { } number)
        {
            return null;
        }

        var field = fields.Find(aggregate.Field)!;
        var result = (decimal)number / (field.InCents ? 100m : 1m);
        return Math.Round(result, 2, MidpointRounding.AwayFromZero);
    }
}
