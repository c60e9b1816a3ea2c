using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Web.Features.Dashboard;

/// <summary>One bar or slice: its label, its value (cents for money), and the filtered list it opens.</summary>
public sealed record ChartPoint(string Label, long Value, string? Url)
{
    /// <summary>A second figure the table shows beside the value (the deals' count beside their amount).</summary>
    public long? Count { get; init; }
}

/// <summary>
/// A chart as the page draws it (wwwroot/js/dashboard.js with Chart.js) and as its table shows it: the same points, so the
/// table behind the chart is the chart's figures, readable without script.
/// </summary>
public sealed record DashboardChart(string Id, string Type, bool Money, IReadOnlyList<ChartPoint> Points)
{
    public const string Bar = "bar";
    public const string Doughnut = "doughnut";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The data the script reads from the canvas's data-chart attribute (the CSP lets no inline script run).</summary>
    public string DataJson(string currency, string valueLabel) => JsonSerializer.Serialize(
        new
        {
            type = Type,
            money = Money,
            currency = Money ? currency : null,
            label = valueLabel,
            labels = Points.Select(p => p.Label),
            values = Points.Select(p => Money ? p.Value / 100m : p.Value),
            urls = Points.Select(p => p.Url),
        },
        Json);

    public bool IsEmpty => Points.All(p => p.Value == 0 && (p.Count ?? 0) == 0);
}

/// <summary>What the chart partial shows: the chart, its title, the header of its labels and values, and of its counts if any.</summary>
public sealed record ChartView(DashboardChart Chart, string Title, string LabelHeader, string ValueLabel, string Currency)
{
    public string? CountLabel { get; init; }
}

/// <summary>What the target tile shows: won in the period against the target, if one is set.</summary>
public sealed record TargetView(long WonCents, long? TargetCents, string Currency, string TestId);
