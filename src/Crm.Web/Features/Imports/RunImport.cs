using System.Globalization;
using System.Text;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Imports;

/// <summary>
/// The import job (a Hangfire fire-and-forget job, or run inline without Hangfire). Safe to run twice: it claims the
/// job row (Queued → Running) atomically and does nothing when another run has it. Rows are written in batches, each in
/// one transaction with the job's counters, so a row is never half-written and a run stopped by a shutdown resumes
/// after the last committed batch.
/// </summary>
public sealed class RunImport(
    CrmDbContext db,
    CurrentUser currentUser,
    Visibility.CurrentVisibility visibility,
    ChangeScope changes,
    ImportPipeline pipeline,
    Segments.ImportToList lists,
    IOptions<ImportOptions> options,
    TimeProvider clock,
    ILogger<RunImport> logger)
{
    public async Task Run(int jobId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.ImportJobs
            .Where(j => j.Id == jobId && j.Status == ImportStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportStatus.Running).SetProperty(j => j.StartedAt, j => j.StartedAt ?? now).SetProperty(j => j.HeartbeatAt, now), ct);
        if (claimed == 0)
        {
            return;
        }

        var job = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, ct);
        var account = await db.Users.AsNoTracking().Where(u => u.Id == job.UserId).Select(u => new { u.Id, u.TeamId, u.Culture, u.IsActive }).SingleOrDefaultAsync(ct);
        if (account is not null && LocalizationSetup.IsSupported(account.Culture))
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(account.Culture!);
        }

        var l = pipeline.L;
        try
        {
            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == job.UserId select r.Name!).ToListAsync(ct);
            var user = await visibility.UserAsync(job.UserId, account?.TeamId, roles, ct);
            if (account is not { IsActive: true } || pipeline.Importable(job.Target)?.Access.CanCreate(user) != true)
            {
                await FinishAsync(jobId, ImportStatus.Failed, l["The user who started this import may no longer create records."], CancellationToken.None);
                return;
            }

            currentUser.ActAs(user);
            string? note;
            using (changes.Begin(ChangeSource.Import, ChangeScope.ForImport(job.Id)))
            {
                note = await ImportAsync(job, user, ct);
            }

            await FinishAsync(jobId, ImportStatus.Completed, note, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Back in the queue: committed batches are counted in ProcessedRows, so the next run starts after them.
            await db.ImportJobs.Where(j => j.Id == jobId && j.Status == ImportStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportStatus.Queued), CancellationToken.None);
            throw;
        }
        catch (ImportFileException e)
        {
            await FinishAsync(jobId, ImportStatus.Failed, e.Message, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Import {JobId} failed", jobId);
            await FinishAsync(jobId, ImportStatus.Failed, l["The import stopped on an unexpected error. The rows counted as processed were saved; the others were not."], CancellationToken.None);
        }
    }

    /// <summary>Imports the rows not yet processed, then puts the imported records on the job's list; what the user should know, if anything.</summary>
    private async Task<string?> ImportAsync(ImportJob job, CrmUser user, CancellationToken ct)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // One connection for the whole job, set for bulk writes (a page cache that holds the index pages the batches write).
        await using var bulk = await BulkConnection.OpenAsync(db, ct);
        var importer = pipeline.Importer(job);
        await importer.LoadAsync(user, job.Duplicates, ct);
        if (job.ListId is not null)
        {
            importer.KeepWrittenIds();
        }

        var errorFile = job.ErrorFilePath ?? Path.GetFileNameWithoutExtension(job.StoredPath) + "-errors.csv";
        if (job.ErrorFilePath is null)
        {
            await db.ImportJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.ErrorFilePath, errorFile), ct);
        }

        var batchSize = Math.Max(1, options.Value.BatchSize);
        var rows = ImportTable.DataRows(pipeline.Format(job), pipeline.Text, ct).Skip(job.ProcessedRows);
        foreach (var batch in rows.Chunk(batchSize))
        {
            ct.ThrowIfCancellationRequested();
            var counts = await SaveBatchAsync(job.Id, importer, batch, ct);
            await AppendErrorsAsync(pipeline.PathOf(errorFile), counts.ErrorRows, ct);
        }

        if (job.ListId is not int listId)
        {
            return null;
        }

        // One statement for the whole file, after its last batch (decision 0028).
        var added = await lists.AddImportedAsync(listId, changes.CorrelationId!, importer.Written, user, clock.GetUtcNow().UtcDateTime, ct);
        return added is null ? pipeline.L["The records were imported, but not added to the list: it was deleted, or you may no longer change it."].Value : null;
    }

    private async Task<BatchCounts> SaveBatchAsync(int jobId, IRowImporter importer, SourceRow[] batch, CancellationToken ct)
    {
        var counts = new BatchCounts();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            counts = new BatchCounts();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await importer.ApplyBatchAsync(batch, counts, ct);
                await db.SaveChangesAsync(ct);
                await importer.WriteCreatedAsync(ct);
                await importer.WriteCustomValuesAsync(ct);
                var (created, updated, skipped, errors, possible) = (counts.Created, counts.Updated, counts.Skipped, counts.Errors, counts.Possible);
                var heartbeat = clock.GetUtcNow().UtcDateTime;
                await db.ImportJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.HeartbeatAt, heartbeat)
                    .SetProperty(j => j.ProcessedRows, j => j.ProcessedRows + batch.Length)
                    .SetProperty(j => j.CreatedCount, j => j.CreatedCount + created)
                    .SetProperty(j => j.UpdatedCount, j => j.UpdatedCount + updated)
                    .SetProperty(j => j.SkippedCount, j => j.SkippedCount + skipped)
                    .SetProperty(j => j.ErrorCount, j => j.ErrorCount + errors)
                    .SetProperty(j => j.PossibleDuplicateCount, j => j.PossibleDuplicateCount + possible), ct);
                await transaction.CommitAsync(ct);
            }
            catch
            {
                importer.BatchRolledBack();
                throw;
            }
        });

        importer.BatchCommitted();
        db.ChangeTracker.Clear();
        return counts;
    }

    /// <summary>"row;reason" lines, UTF-8 with BOM and semicolons so that French Excel opens it as is.</summary>
    private async Task AppendErrorsAsync(string path, List<(int Row, string Reason)> errors, CancellationToken ct)
    {
        var isNew = !File.Exists(path);
        if (errors.Count == 0 && !isNew)
        {
            return;
        }

        await using var writer = new StreamWriter(path, append: true, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)) { NewLine = "\r\n" };
        if (isNew)
        {
            await writer.WriteLineAsync($"{Cell(pipeline.L["Row"])};{Cell(pipeline.L["Reason"])}".AsMemory(), ct);
        }

        foreach (var (row, reason) in errors)
        {
            await writer.WriteLineAsync($"{row.ToString(CultureInfo.InvariantCulture)};{Cell(reason)}".AsMemory(), ct);
        }
    }

    private static string Cell(string value)
    {
        // A plain-text file opened by a spreadsheet: a reason that echoes a cell starting like a formula must not run.
        value = SpreadsheetSafe.Text(value)!;
        return value.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private async Task FinishAsync(int jobId, ImportStatus status, string? message, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.ImportJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, status)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.Message, message), ct);
    }
}
