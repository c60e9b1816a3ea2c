using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Web.Features.Reports.Builder;

public enum FilterOperator
{
    Equals,
    NotEquals,
    StartsWith,
    AtLeast,
    AtMost,
    IsEmpty,
    IsNotEmpty,
}

public enum AggregateFunction
{
    Count,
    Sum,
    Average,
}

public enum ReportChartType
{
    None,
    Bar,
    Line,
    Pie,
}

/// <summary>A condition on a field; the value is stored invariant (numbers with a dot, dates yyyy-MM-dd, choices by key).</summary>
public sealed record DefinedFilter(string Field, FilterOperator Operator, string? Value);

/// <summary>An aggregate of each group: a count of records, or the sum or average of a number or money field.</summary>
public sealed record DefinedAggregate(AggregateFunction Function, string? Field);

/// <summary>
/// What a saved report asks, checked against the kind's declarations before it is stored and again before each run
/// (<see cref="ReportDefinitions.Check"/>): a field removed since is an error, never a query on a name it was given.
/// </summary>
public sealed record ReportDefinition(
    string Kind,
    IReadOnlyList<string> Columns,
    IReadOnlyList<DefinedFilter> Filters,
    IReadOnlyList<string> Groups,
    IReadOnlyList<DefinedAggregate> Aggregates,
    ReportChartType Chart,
    string? SortBy = null,
    bool SortDescending = false)
{
    public const int MaxColumns = 20;
    public const int MaxFilters = 10;
    public const int MaxGroups = 2;
    public const int MaxAggregates = 6;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public bool IsGrouped => Groups.Count > 0;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ReportDefinition? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ReportDefinition>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public static class ReportCharts
{
    /// <summary>The English resource key of a chart type's name.</summary>
    public static string Label(ReportChartType chart) => chart switch
    {
        ReportChartType.Bar => "Bar chart",
        ReportChartType.Line => "Line chart",
        ReportChartType.Pie => "Pie chart",
        _ => "No chart",
    };
}
