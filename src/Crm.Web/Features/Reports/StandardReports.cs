using System.Runtime.CompilerServices;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Reports;

/// <summary>
/// The standard reports as one <see cref="IReportRunner"/> for the keys "std:…" (how a key is formed and read:
/// <see cref="StandardReportKey"/>). A key naming no standard report, or one the user may not open, gives null (404); a
/// key with malformed filters throws <see cref="ReportKeyException"/> (400). Text cells and filters are written in the
/// current culture: a job running a report for someone sets theirs first.
/// </summary>
public sealed class StandardReports(IEnumerable<StandardReport> reports) : IReportRunner
{
    public IReadOnlyList<StandardReport> All { get; } = [.. reports.OrderBy(r => r.Area)];

    public StandardReport? Find(string? name) => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The reports the user may open, in the order of their areas.</summary>
    public IReadOnlyList<StandardReport> For(CrmUser user) => All.Where(r => r.MayOpen(user)).ToList();

    public bool Handles(string reportKey) => StandardReportKey.IsStandard(reportKey);

    /// <summary>The report with what its page shows beyond the table (links, chart); null when not found or not open to the user.</summary>
    public async Task<StandardReportResult?> ResultAsync(string reportKey, CrmUser user, CancellationToken ct)
    {
        var (key, errors) = StandardReportKey.Parse(reportKey);
        if (errors.Count > 0)
        {
            throw errors[0];
        }

        return key is not null && Find(key.Name) is { } report && report.MayOpen(user)
            ? await report.RunAsync(key, report.ScopeFor(user), ct)
            : null;
    }

    public async Task<ReportTable?> RunAsync(string reportKey, CrmUser user, CancellationToken ct) =>
        (await ResultAsync(reportKey, user, ct))?.Table;

    /// <summary>Standard reports are aggregates: their rows are the table's, handed one by one.</summary>
    public async Task<(string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportFilter> Filters, IAsyncEnumerable<object?[]> Rows)?> StreamAsync(string reportKey, CrmUser user, CancellationToken ct) =>
        await RunAsync(reportKey, user, ct) is { } table ? (table.Title, table.Columns, table.Filters, Each(table.Rows, ct)) : null;

    private static async IAsyncEnumerable<object?[]> Each(IReadOnlyList<object?[]> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            yield return row;
        }

        await Task.CompletedTask;
    }
}
