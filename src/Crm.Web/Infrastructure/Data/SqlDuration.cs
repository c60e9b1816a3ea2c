using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Web.Infrastructure.Data;

/// <summary>
/// Durations the dashboards and reports average in the database (sales cycle, first response, resolution): EF translates
/// no difference of two times on SQLite, so this maps one, written for each provider.
/// </summary>
public static class SqlDuration
{
    /// <summary>Seconds from <paramref name="from"/> to <paramref name="to"/>; only in a query.</summary>
    public static double Seconds(DateTime from, DateTime to) => throw new InvalidOperationException("Runs only in a query.");

    public static void Configure(ModelBuilder builder, bool sqlite)
    {
        var method = typeof(SqlDuration).GetMethod(nameof(Seconds))!;
        var real = new DoubleTypeMapping(sqlite ? "REAL" : "float");
        builder.HasDbFunction(method).HasTranslation(args => sqlite
            ? new SqlBinaryExpression(
                ExpressionType.Multiply,
                new SqlBinaryExpression(ExpressionType.Subtract, JulianDay(args[1], real), JulianDay(args[0], real), typeof(double), real),
                new SqlConstantExpression(86400.0, real),
                typeof(double),
                real)
            : new SqlBinaryExpression(
                ExpressionType.Multiply,
                new SqlFunctionExpression(
                    "DATEDIFF_BIG", [new SqlFragmentExpression("second"), args[0], args[1]], nullable: true, [false, true, true], typeof(long), new LongTypeMapping("bigint")),
                new SqlConstantExpression(1.0, real),
                typeof(double),
                real));
    }

    private static SqlFunctionExpression JulianDay(SqlExpression value, RelationalTypeMapping real) =>
        new("julianday", [value], nullable: true, [true], typeof(double), real);
}
