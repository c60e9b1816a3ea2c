using System.Data;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Web.Features.Reports;

/// <summary>
/// What reports need from SQL that LINQ does not translate on both providers: the time between two stored times, so
/// that an average response time is computed by the database (neither provider translates <c>(b - a).TotalHours</c>).
/// </summary>
public static class ReportSql
{
    /// <summary>Whole seconds from <paramref name="from"/> to <paramref name="to"/>; in queries only.</summary>
    public static long Seconds(DateTime from, DateTime to) => throw new NotSupportedException("ReportSql.Seconds runs in SQL only.");

    public static void Configure(ModelBuilder builder, bool sqlite)
    {
        var seconds = typeof(ReportSql).GetMethod(nameof(Seconds))!;
        var mapping = new LongTypeMapping(sqlite ? "INTEGER" : "bigint", DbType.Int64);
        builder.HasDbFunction(seconds).HasTranslation(args => sqlite
            // Times are stored as ISO text on SQLite; unixepoch reads them (fractions dropped).
            ? new SqlBinaryExpression(ExpressionType.Subtract, UnixEpoch(args[1], mapping), UnixEpoch(args[0], mapping), typeof(long), mapping)
            : new SqlFunctionExpression("DATEDIFF_BIG", [new SqlFragmentExpression("SECOND"), args[0], args[1]], nullable: true, argumentsPropagateNullability: [false, true, true], typeof(long), mapping));
    }

    private static SqlFunctionExpression UnixEpoch(SqlExpression time, RelationalTypeMapping mapping) =>
        new("unixepoch", [time], nullable: true, argumentsPropagateNullability: [true], typeof(long), mapping);
}
