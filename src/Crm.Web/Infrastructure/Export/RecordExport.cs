using System.Linq.Expressions;
using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Infrastructure.Export;

/// <summary>
/// The columns of a kind's export, declared once in the kind's declaration (<c>RecordKind{T}.Export</c>) and written by
/// the one list export (Features/Shared/ListExport.cs). A cell's format follows its value: text is a text cell, written
/// unchanged (never evaluated, so it needs no formula protection), an enum shows its label and a date the user's local time.
/// </summary>
public sealed class RecordExport<T>(IReadOnlyList<ExportField<T>> fields)
{
    public IReadOnlyList<ExportField<T>> Fields { get; } = fields;
}

/// <summary>
/// A column of an export: its header (an English resource key), its width, and where its value comes from: a value of
/// the record read in SQL, several values from another table joined with "; ", or the record's tags.
/// </summary>
public sealed record ExportField<T>
{
    public ExportField(string header, Expression<Func<T, object?>> value, int width = 18)
    {
        Header = header;
        Value = value;
        Width = width;
    }

    internal ExportField(string header, int width) => (Header, Width) = (header, width);

    public string Header { get; }

    public int Width { get; }

    /// <summary>The value, as an expression EF translates into the chunk's one query.</summary>
    public Expression<Func<T, object?>>? Value { get; }

    /// <summary>The values of a chunk's records from another table (ids is the chunk's query), in the order they are joined.</summary>
    public Func<CrmDbContext, IQueryable<int>, IQueryable<ExportItem>>? Items { get; internal init; }

    public bool IsTags { get; internal init; }
}

/// <summary>The export columns whose values do not come from the record's own row.</summary>
public static class ExportField
{
    /// <summary>A record's several values from another table (emails, phones), joined with "; ".</summary>
    public static ExportField<T> Joined<T>(string header, Func<CrmDbContext, IQueryable<int>, IQueryable<ExportItem>> items, int width = 18) =>
        new ExportField<T>(header, width) { Items = items };

    /// <summary>The record's tags, in the user's alphabetical order, joined with "; ".</summary>
    public static ExportField<T> Tags<T>(string header, int width = 18) => new ExportField<T>(header, width) { IsTags = true };
}

/// <summary>One value of a record held in another table (member-init, so that EF translates it).</summary>
public sealed class ExportItem
{
    public int RecordId { get; init; }
    public string Value { get; init; } = string.Empty;
}
