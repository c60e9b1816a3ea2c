using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.CustomFields;

/// <summary>
/// Fields removed more than 30 days ago deleted for good, their values first, in batches (safe to run twice); run every
/// night by <see cref="Settings.NightlyMaintenance"/>.
/// </summary>
public sealed class CustomFieldPurge(Infrastructure.Data.CrmDbContext db, TimeProvider clock, ILogger<CustomFieldPurge> logger)
{
    private const int Batch = 5000;

    public async Task PurgeAsync(CancellationToken ct)
    {
        var before = CustomFieldAdmin.PurgeBefore(clock);
        var expired = await db.CustomFields.Where(f => f.DeletedAt != null && f.DeletedAt < before).Select(f => f.Id).ToListAsync(ct);
        var values = 0;
        foreach (var field in expired)
        {
            // In batches, so no record's save waits long behind a field with 100k values.
            while (true)
            {
                var batch = await db.CustomFieldValues.Where(v => v.FieldId == field).OrderBy(v => v.Id).Select(v => v.Id).Take(Batch).ToListAsync(ct);
                if (batch.Count == 0)
                {
                    break;
                }

                values += await db.CustomFieldValues.Where(v => batch.Contains(v.Id)).ExecuteDeleteAsync(ct);
            }

            await db.CustomFields.Where(f => f.Id == field && f.DeletedAt != null && f.DeletedAt < before).ExecuteDeleteAsync(ct);
        }

        if (expired.Count > 0)
        {
            logger.LogInformation("Custom fields: {Fields} removed fields and {Values} values older than {Before:u} purged", expired.Count, values, before);
        }
    }
}
