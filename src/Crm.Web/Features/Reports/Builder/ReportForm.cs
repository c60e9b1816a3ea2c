using System.Globalization;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Reports.Builder;

/// <summary>
/// The builder's form as posted: plain strings, bound as they come, then checked against the kind's declarations by
/// <see cref="ReportDefinitions.Check"/> (nothing posted names a column or an operator the kind does not offer).
/// </summary>
public sealed class ReportForm
{
    public string? Name { get; set; }
    public string? Kind { get; set; }
    public List<string> Columns { get; set; } = [];
    public List<FilterRow> Filters { get; set; } = [];
    public List<string?> Groups { get; set; } = [];
    public List<AggregateRow> Aggregates { get; set; } = [];
    public string? Chart { get; set; }
    public int? SharedTeamId { get; set; }
    public string? SortBy { get; set; }
    public bool SortDescending { get; set; }

    public sealed class FilterRow
    {
        public string? Field { get; set; }
        public string? Operator { get; set; }
        public string? Value { get; set; }
    }

    public sealed class AggregateRow
    {
        public string? Function { get; set; }
        public string? Field { get; set; }
    }

    public static ReportForm From(string name, int? sharedTeamId, ReportDefinition definition) => new()
    {
        Name = name,
        Kind = definition.Kind,
        Columns = [.. definition.Columns],
        Filters = [.. definition.Filters.Select(f => new FilterRow { Field = f.Field, Operator = f.Operator.ToString(), Value = f.Value })],
        Groups = [.. definition.Groups],
        Aggregates = [.. definition.Aggregates.Select(a => new AggregateRow { Function = a.Function.ToString(), Field = a.Field })],
        Chart = definition.Chart.ToString(),
        SharedTeamId = sharedTeamId,
        SortBy = definition.SortBy,
        SortDescending = definition.SortDescending,
    };
}

public static class ReportDefinitions
{
    public const int MaxValueLength = 200;

    /// <summary>Whether the user's roles read the kind at all (the report builder offers only those kinds).</summary>
    public static bool Reads(this CrmUser user, RecordKind kind)
    {
        var rule = user.Access(kind);
        return user.Roles.Any(role => rule.Read.TryGetValue(role, out var scope) && scope != AccessScope.None);
    }

    /// <summary>
    /// The definition the form describes, or every error it has at once (keys are the form's field names); the name
    /// is checked by the caller when saving.
    /// </summary>
    public static (ReportDefinition? Definition, List<FieldError> Errors) Check(ReportForm form, RecordKind? kind, ReportFieldList? fields, IStringLocalizer l)
    {
        var errors = new List<FieldError>();
        if (kind is null || fields is null)
        {
            errors.Add(new(nameof(ReportForm.Kind), l["Choose what the report counts."]));
            return (null, errors);
        }

        var groups = new List<string>();
        var posted = form.Groups.Select((g, i) => (Name: g?.Trim(), Index: i)).Where(g => !string.IsNullOrEmpty(g.Name)).ToList();
        if (posted.Count > ReportDefinition.MaxGroups)
        {
            errors.Add(new("Groups", l["A report groups on one or two levels, not {0}.", posted.Count]));
        }

        foreach (var (name, index) in posted.Take(ReportDefinition.MaxGroups))
        {
            var key = $"Groups[{index}]";
            if (fields.Find(name) is not { } field)
            {
                errors.Add(new(key, l["“{0}” is not a field of this kind of record.", name!]));
            }
            else if (!field.Groupable)
            {
                errors.Add(new(key, l["A report cannot be grouped by {0}.", field.Label]));
            }
            else if (groups.Contains(field.Name))
            {
                errors.Add(new(key, l["{0} is already a grouping level.", field.Label]));
            }
            else
            {
                groups.Add(field.Name);
            }
        }

        var columns = new List<string>();
        foreach (var name in form.Columns.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal))
        {
            if (fields.Find(name) is null)
            {
                errors.Add(new(nameof(ReportForm.Columns), l["“{0}” is not a field of this kind of record.", name]));
            }
            else
            {
                columns.Add(name);
            }
        }

        if (columns.Count > ReportDefinition.MaxColumns)
        {
            errors.Add(new(nameof(ReportForm.Columns), l["A report shows at most {0} columns.", ReportDefinition.MaxColumns]));
        }
        else if (columns.Count == 0 && posted.Count == 0)
        {
            errors.Add(new(nameof(ReportForm.Columns), l["Choose at least one column, or a grouping."]));
        }

        var filters = new List<DefinedFilter>();
        var filterRows = form.Filters.Select((f, i) => (Row: f, Index: i)).Where(f => !string.IsNullOrWhiteSpace(f.Row.Field)).ToList();
        if (filterRows.Count > ReportDefinition.MaxFilters)
        {
            errors.Add(new("Filters", l["A report has at most {0} filters.", ReportDefinition.MaxFilters]));
        }

        foreach (var (row, index) in filterRows.Take(ReportDefinition.MaxFilters))
        {
            var prefix = $"Filters[{index}].";
            if (fields.Find(row.Field) is not { } field)
            {
                errors.Add(new(prefix + "Field", l["“{0}” is not a field of this kind of record.", row.Field!]));
                continue;
            }

            if (!Enum.TryParse<FilterOperator>(row.Operator, ignoreCase: false, out var op) || !Enum.IsDefined(op) || !field.Operators.Contains(op))
            {
                errors.Add(new(prefix + "Operator", l["Choose how {0} is compared.", field.Label]));
                continue;
            }

            if (op is FilterOperator.IsEmpty or FilterOperator.IsNotEmpty)
            {
                filters.Add(new(field.Name, op, null));
            }
            else if (Normalise(field, row.Value, l) is { } value)
            {
                filters.Add(new(field.Name, op, value));
            }
            else
            {
                errors.Add(new(prefix + "Value", ValueError(field, row.Value, l)));
            }
        }

        var aggregates = new List<DefinedAggregate>();
        var aggregateRows = form.Aggregates.Select((a, i) => (Row: a, Index: i)).Where(a => !string.IsNullOrWhiteSpace(a.Row.Function)).ToList();
        if (aggregateRows.Count > ReportDefinition.MaxAggregates)
        {
            errors.Add(new("Aggregates", l["A report has at most {0} totals.", ReportDefinition.MaxAggregates]));
        }

        foreach (var (row, index) in aggregateRows.Take(ReportDefinition.MaxAggregates))
        {
            var prefix = $"Aggregates[{index}].";
            if (!Enum.TryParse<AggregateFunction>(row.Function, ignoreCase: false, out var function) || !Enum.IsDefined(function))
            {
                errors.Add(new(prefix + "Function", l["Choose count, sum or average."]));
            }
            else if (function == AggregateFunction.Count)
            {
                aggregates.Add(new(function, null));
            }
            else if (fields.Find(row.Field) is not { } field)
            {
                errors.Add(new(prefix + "Field", l["Choose the number or amount to total."]));
            }
            else if (!field.Summable)
            {
                errors.Add(new(prefix + "Field", l["{0} is not a number or an amount: it cannot be summed or averaged.", field.Label]));
            }
            else
            {
                aggregates.Add(new(function, field.Name));
            }
        }

        if (aggregates.Count > 0 && posted.Count == 0)
        {
            errors.Add(new("Aggregates", l["Totals need a grouping."]));
        }

        var chart = ReportChartType.None;
        if (!string.IsNullOrEmpty(form.Chart) && (!Enum.TryParse(form.Chart, ignoreCase: false, out chart) || !Enum.IsDefined(chart)))
        {
            errors.Add(new(nameof(ReportForm.Chart), l["Choose a chart: bar, line, pie or none."]));
        }
        else if (chart != ReportChartType.None && posted.Count == 0)
        {
            errors.Add(new(nameof(ReportForm.Chart), l["A chart needs a grouping."]));
        }

        string? sortBy = null;
        if (!string.IsNullOrEmpty(form.SortBy))
        {
            if (fields.Find(form.SortBy) is not { } sort || sort.Custom?.Type is CustomFieldType.MultipleChoice or CustomFieldType.LongText)
            {
                errors.Add(new(nameof(ReportForm.SortBy), l["The report cannot be sorted by this field."]));
            }
            else
            {
                sortBy = sort.Name;
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        if (groups.Count > 0 && aggregates.Count == 0)
        {
            aggregates.Add(new(AggregateFunction.Count, null));
        }

        return (new ReportDefinition(kind.Key, groups.Count > 0 ? [] : columns, filters, groups, aggregates, chart, groups.Count > 0 ? null : sortBy, form.SortDescending), errors);
    }

    /// <summary>The value as stored (invariant), or null when it is not one of the field's type.</summary>
    private static string? Normalise(ReportField field, string? typed, IStringLocalizer l)
    {
        var value = typed?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > MaxValueLength)
        {
            return null;
        }

        return field.Type switch
        {
            FieldType.Number or FieldType.Money => CustomFieldInput.ParseNumber(value)?.ToString(CultureInfo.InvariantCulture),
            FieldType.Date or FieldType.DateTime => CustomFieldInput.ParseDate(value)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            FieldType.YesNo => CustomFieldInput.ParseYesNo(value) is { } yes ? (yes ? "true" : "false") : null,
            FieldType.Choice => field.Options(l).Any(o => o.Value == value) ? value : null,
            _ => value,
        };
    }

    private static string ValueError(ReportField field, string? typed, IStringLocalizer l) =>
        string.IsNullOrWhiteSpace(typed) ? l["Enter the value {0} is compared with.", field.Label]
        : typed.Trim().Length > MaxValueLength ? l["{0}: the value is longer than {1} characters.", field.Label, MaxValueLength]
        : field.Type switch
        {
            FieldType.Number or FieldType.Money => l["{0}: “{1}” is not a number.", field.Label, typed],
            FieldType.Date or FieldType.DateTime => l["{0}: “{1}” is not a date.", field.Label, typed],
            FieldType.YesNo => l["{0}: answer yes or no.", field.Label],
            _ => l["{0}: “{1}” is not one of the choices.", field.Label, typed],
        };
}
