using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Reports;

/// <summary>How a report's column is formatted on the page and in the workbook (the user's culture decides the look).</summary>
public enum ReportValueType
{
    Text,
    /// <summary>A whole number (a count of records).</summary>
    Count,

    /// <summary>A decimal number.</summary>
    Number,

    /// <summary>An amount in <see cref="ReportColumn.Currency"/> (the company currency when null).</summary>
    Money,

    /// <summary>A ratio between 0 and 1, shown as a percentage.</summary>
    Percent,
    Date,
    DateTime,

    /// <summary>A duration in hours.</summary>
    Hours,
}

/// <summary>A column of a report: a stable key, its header (an English resource key, or a custom field's label) and its type.</summary>
public sealed record ReportColumn(string Key, string Header, ReportValueType Type, string? Currency = null, int Width = 18);

/// <summary>A filter the report ran with, as the user reads it ("Owner": "Alice Martin"), for the workbook's first sheet.</summary>
public sealed record ReportFilter(string Name, string Value);

/// <summary>
/// What a report computed, ready for the page, a chart and the workbook: rows of values in column order (string, int,
/// long, decimal, double, DateTime, DateOnly or null). Only reports that fit in memory (aggregates, capped row counts)
/// are a table; a raw export of many rows streams through <see cref="IReportRunner.StreamAsync"/> instead.
/// </summary>
/// <remarks>
/// What a value means by its column's type (the workbook formats it so; docs/decisions/0027): Count and Number are
/// numbers; Money is an amount (decimal, not cents) in the column's currency; Percent is a ratio (0.25 shows "25,0 %");
/// Hours a number of hours; Date a day (DateOnly, or a DateTime whose time is ignored); DateTime a UTC time as stored
/// (the workbook shows it on the reader's clock; a DateTime of kind Local is taken as already converted). Text is
/// written as text whatever it starts with, never as a formula.
/// </remarks>
public sealed record ReportTable(
    string Title,
    IReadOnlyList<ReportColumn> Columns,
    IReadOnlyList<object?[]> Rows,
    IReadOnlyList<ReportFilter> Filters);

/// <summary>
/// Runs a report by its key ("std:pipeline-by-stage", "saved:42") as a user, through the record access rules: what the
/// report pages, the workbook export and the scheduled delivery share. Standard reports and saved (builder) reports
/// each register one runner; a key no runner knows, or a report the user may not read, gives null.
/// </summary>
/// <remarks>
/// How an export uses a runner (GET /Reports/Export?key=…, and each scheduled delivery, as the schedule's owner): the
/// first runner whose <see cref="Handles"/> is true is asked <see cref="RunAsync"/>; a table is written as the formatted
/// workbook. When it gives null, <see cref="StreamAsync"/> is asked; rows are streamed into a plainer workbook (same
/// first sheet, formats, frozen header and autofilter; widths from <see cref="ReportColumn.Width"/>). Both null: 404.
/// So a raw report too large for memory (a saved raw report of 100k rows) answers null from RunAsync and its rows from
/// StreamAsync; an aggregate answers its table from RunAsync and may answer null from StreamAsync. Neither may return
/// something the user may not read.
/// </remarks>
public interface IReportRunner
{
    /// <summary>Whether the key is one of this runner's ("std:" or "saved:").</summary>
    bool Handles(string reportKey);

    /// <summary>The report as a table; null when not found, not readable, or too large for a table (then <see cref="StreamAsync"/> has it).</summary>
    Task<ReportTable?> RunAsync(string reportKey, CrmUser user, CancellationToken ct);

    /// <summary>
    /// The report's rows one by one, for a raw export too large for a table; null when not found or not readable, or when
    /// the report is only a table. The rows are read while they are enumerated (once), on the caller's scope.
    /// </summary>
    Task<(string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportFilter> Filters, IAsyncEnumerable<object?[]> Rows)?> StreamAsync(string reportKey, CrmUser user, CancellationToken ct);
}
