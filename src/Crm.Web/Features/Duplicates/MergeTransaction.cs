using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>
/// A merge runs in one transaction, committed only when it went through; nothing partial is ever saved. Its change
/// events have source Merge and share one correlation id.
/// </summary>
public static class MergeTransaction
{
    public static Task<T> RunAsync<T>(CrmDbContext db, ChangeScope changes, Func<CancellationToken, Task<T>> merge, Func<T, bool> succeeded, CancellationToken ct) =>
        // SQL Server retries transient failures: the whole unit of work is replayed, so it starts from a clean tracker.
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            using var scope = changes.Begin(ChangeSource.Merge);
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var result = await merge(token);
            if (succeeded(result))
            {
                await transaction.CommitAsync(token);
            }

            return result;
        }, ct);
}
