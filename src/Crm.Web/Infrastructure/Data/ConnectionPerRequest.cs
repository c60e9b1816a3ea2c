using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Data;

/// <summary>
/// Opens the request's database connection once, before the session check, and closes it when the page is written.
/// EF otherwise opens and closes it around each query: a list page took a connection from the pool and gave it back
/// nine times, and under twenty concurrent users the pool's lock was where the threads queued (a quarter of the
/// server's sampled time was spent spinning on it, docs/performance.md). Only for MVC actions on SQLite: /health and
/// static files never touch the database.
/// </summary>
public static class ConnectionPerRequest
{
    public static IApplicationBuilder UseConnectionPerRequest(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ControllerActionDescriptor>() is null)
            {
                await next(context);
                return;
            }

            var database = context.RequestServices.GetRequiredService<CrmDbContext>().Database;
            if (!database.IsSqlite())
            {
                // SQL Server's pool was not measured as a cost, and its retrying strategy reopens what EF opened itself.
                await next(context);
                return;
            }

            await database.OpenConnectionAsync(context.RequestAborted);
            try
            {
                await next(context);
            }
            finally
            {
                await database.CloseConnectionAsync();
            }
        });
}
