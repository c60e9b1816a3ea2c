using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Imports;

/// <summary>
/// Step 4: queue the job and hand it to the runner. Only an uploaded job starts, and only once. The custom fields the
/// mapping asks for, and the new list its contacts go to, are created first, in the same transaction as the job's
/// queuing, and the job then names them.
/// </summary>
public static class StartImport
{
    public sealed class Handler(CrmDbContext db, IImportRunner runner, CustomFieldAdmin fields, Segments.ImportToList lists, IStringLocalizer<SharedResource> l)
    {
        /// <summary>What keeps the job from starting (every error at once); empty when it is queued or was already.</summary>
        public async Task<IReadOnlyList<string>> Handle(ImportJob job, CrmUser user, CancellationToken ct)
        {
            var mapping = ImportPipeline.Mapping(job);
            var asked = mapping.Select(m => (Column: m.Key, Field: NewImportField.Read(m.Value))).Where(m => m.Field is not null).ToList();
            if (asked.Count > 0 && !user.IsIn(Roles.Admin))
            {
                return [l["Only an administrator can add custom fields."]];
            }

            var errors = new List<string>();
            var queued = 0;
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
            {
                db.ChangeTracker.Clear();
                errors.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                foreach (var (column, field) in asked)
                {
                    var saved = await fields.SaveAsync(null, new CustomFieldAdmin.Form(
                        job.Target, null, field!.Type, field.Label, field.Label, null, null, false, null, field.IsChoice ? field.OptionLines : null, null, null), token);
                    if (saved.IsDone)
                    {
                        mapping[column] = field.CreatedKey(CustomField.Prefix + await db.CustomFields.Where(f => f.Id == saved.Value).Select(f => f.Key).SingleAsync(token));
                    }
                    else
                    {
                        errors.AddRange(saved.Errors.Select(e => l["New field {0}: {1}", field.Label, e.Message].Value));
                    }
                }

                if (errors.Count > 0)
                {
                    return;
                }

                var listId = job.ListId;
                if (job.NewListName is { } name)
                {
                    if (!Segments.ImportToList.Offered(job.Target, user))
                    {
                        errors.Add(l["You may not add these records to a list."]);
                        return;
                    }

                    listId = await lists.CreateAsync(name, user, token);
                }

                var json = ImportPipeline.MappingJson(mapping);
                queued = await db.ImportJobs.Where(j => j.Id == job.Id && j.Status == ImportStatus.Uploaded && j.MappingJson == job.MappingJson)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportStatus.Queued).SetProperty(j => j.MappingJson, json)
                        .SetProperty(j => j.ListId, listId).SetProperty(j => j.NewListName, (string?)null), token);
                if (queued == 1)
                {
                    await transaction.CommitAsync(token);
                }
            }, ct);

            if (queued == 1)
            {
                await runner.StartAsync(job.Id);
            }

            return errors.Distinct().ToList();
        }
    }
}
