using Crm.Web.Features.Deals;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Admin;

/// <summary>
/// What /Admin/Pipelines changes: pipelines and their stages, added, renamed, reordered and removed. A stage that deals
/// stood in is never deleted (their history names it): it gets <see cref="PipelineStage.RemovedAt"/> after its open
/// deals were moved, each by its own <see cref="Deal.MoveTo"/>. Every change drops the <see cref="PipelineCatalog"/> copy.
/// </summary>
public sealed class PipelineAdmin(CrmDbContext db, PipelineCatalog catalog, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>How many deals a stage removal moves per save: keeps the change tracker and each write small.</summary>
    public const int MoveBatch = 200;

    public sealed record PipelineForm(string? Name);

    public sealed record StageForm(string? Name, string? Probability, string? RottingDays);

    public sealed record StageRow(int Id, string Name, int Position, int Probability, int? RottingDays, int OpenDeals);

    public sealed record PipelineRow(int Id, string Name, int Position, int Deals, IReadOnlyList<StageRow> Stages);

    public async Task<IReadOnlyList<PipelineRow>> ListAsync(CancellationToken ct)
    {
        var pipelines = await db.Pipelines.AsNoTracking().OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(ct);
        var stages = await db.PipelineStages.AsNoTracking().Where(s => s.RemovedAt == null)
            .OrderBy(s => s.Position).ThenBy(s => s.Id).ToListAsync(ct);
        var open = await db.Deals.Where(d => d.Status == DealStatus.Open).GroupBy(d => d.StageId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var deals = await db.Deals.GroupBy(d => d.PipelineId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return pipelines.Select(p => new PipelineRow(p.Id, p.Name, p.Position, deals.GetValueOrDefault(p.Id),
            stages.Where(s => s.PipelineId == p.Id)
                .Select(s => new StageRow(s.Id, s.Name, s.Position, s.Probability, s.RottingDays, open.GetValueOrDefault(s.Id)))
                .ToList())).ToList();
    }

    public async Task<Outcome<int>> AddPipelineAsync(PipelineForm form, CancellationToken ct)
    {
        if (await PipelineNameErrorAsync(form.Name, null, ct) is { } error)
        {
            return Invalid(error);
        }

        var position = await db.Pipelines.MaxAsync(p => (int?)p.Position, ct) ?? 0;
        var pipeline = new Pipeline { Name = form.Name!.Trim(), Position = position + 1 };

        // A pipeline keeps at least one stage: a new one starts with a first stage to rename.
        pipeline.Stages.Add(new PipelineStage { Name = l["New stage"], Position = 1, Probability = 10 });
        db.Pipelines.Add(pipeline);
        return await SavedAsync(pipeline, p => p.Id, ct);
    }

    public async Task<Outcome<int>> RenamePipelineAsync(int id, PipelineForm form, CancellationToken ct)
    {
        var pipeline = await db.Pipelines.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (pipeline is null)
        {
            return Outcome.NotFound;
        }

        if (await PipelineNameErrorAsync(form.Name, id, ct) is { } error)
        {
            return Invalid(error);
        }

        pipeline.Name = form.Name!.Trim();
        return await SavedAsync(pipeline, p => p.Id, ct);
    }

    public async Task<Outcome<int>> MovePipelineAsync(int id, bool up, CancellationToken ct)
    {
        var all = await db.Pipelines.OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(ct);
        if (!Swap(all, all.FindIndex(p => p.Id == id), up, (p, position) => p.Position = position))
        {
            return Outcome.NotFound;
        }

        return await SavedAsync(id, ct);
    }

    /// <summary>Removes a pipeline no deal refers to (not even a won, lost or binned one: their history names its stages).</summary>
    public async Task<Outcome<int>> RemovePipelineAsync(int id, CancellationToken ct)
    {
        var pipeline = await db.Pipelines.Include(p => p.Stages).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (pipeline is null)
        {
            return Outcome.NotFound;
        }

        if (await db.Pipelines.CountAsync(ct) == 1)
        {
            return Invalid(l["Keep at least one pipeline: deals need one."]);
        }

        var stageIds = pipeline.Stages.Select(s => s.Id).ToList();
        if (await db.Deals.IgnoreQueryFilters().AnyAsync(d => d.PipelineId == id || stageIds.Contains(d.StageId), ct)
            || await db.Set<DealStageChange>().AnyAsync(c => stageIds.Contains(c.ToStageId), ct))
        {
            return Invalid(l["This pipeline still has deals (open, won, lost or in the recycle bin): move or delete them first."]);
        }

        db.PipelineStages.RemoveRange(pipeline.Stages);
        db.Pipelines.Remove(pipeline);
        return await SavedAsync(id, ct);
    }

    public async Task<Outcome<int>> AddStageAsync(int pipelineId, StageForm form, CancellationToken ct)
    {
        if (!await db.Pipelines.AnyAsync(p => p.Id == pipelineId, ct))
        {
            return Outcome.NotFound;
        }

        var stage = new PipelineStage { PipelineId = pipelineId };
        if (await ApplyAsync(stage, form, ct) is { } error)
        {
            return Invalid(error);
        }

        stage.Position = (await db.PipelineStages.Where(s => s.PipelineId == pipelineId).MaxAsync(s => (int?)s.Position, ct) ?? 0) + 1;
        db.PipelineStages.Add(stage);
        return await SavedAsync(stage, s => s.Id, ct);
    }

    public async Task<Outcome<int>> UpdateStageAsync(int id, StageForm form, CancellationToken ct)
    {
        var stage = await LiveStageAsync(id, ct);
        if (stage is null)
        {
            return Outcome.NotFound;
        }

        if (await ApplyAsync(stage, form, ct) is { } error)
        {
            return Invalid(error);
        }

        return await SavedAsync(id, ct);
    }

    public async Task<Outcome<int>> MoveStageAsync(int id, bool up, CancellationToken ct)
    {
        var stage = await LiveStageAsync(id, ct);
        if (stage is null)
        {
            return Outcome.NotFound;
        }

        var all = await db.PipelineStages.Where(s => s.PipelineId == stage.PipelineId && s.RemovedAt == null)
            .OrderBy(s => s.Position).ThenBy(s => s.Id).ToListAsync(ct);
        Swap(all, all.FindIndex(s => s.Id == id), up, (s, position) => s.Position = position);
        return await SavedAsync(id, ct);
    }

    /// <summary>The open deals standing in a live stage (binned ones too: they come back from the recycle bin in it).</summary>
    public Task<int> OpenDealsInAsync(int stageId, CancellationToken ct) =>
        db.Deals.IgnoreQueryFilters().CountAsync(d => d.StageId == stageId && d.Status == DealStatus.Open, ct);

    public Task<PipelineStage?> LiveStageAsync(int id, CancellationToken ct) =>
        db.PipelineStages.Include(s => s.Pipeline).FirstOrDefaultAsync(s => s.Id == id && s.RemovedAt == null, ct);

    /// <summary>
    /// Removes a stage, its open deals first moved to <paramref name="targetId"/> (a live stage of the same pipeline),
    /// each with its own stage history row and version bump, by batches. Won and lost deals keep it: it is the stage
    /// they were closed from, which the forecast's conversion rates count.
    /// </summary>
    public async Task<Outcome<int>> RemoveStageAsync(int id, int? targetId, string? byUserId, CancellationToken ct)
    {
        var stage = await LiveStageAsync(id, ct);
        if (stage is null)
        {
            return Outcome.NotFound;
        }

        if (await db.PipelineStages.CountAsync(s => s.PipelineId == stage.PipelineId && s.RemovedAt == null, ct) == 1)
        {
            return Invalid(l["A pipeline keeps at least one stage."]);
        }

        PipelineStage? target = null;
        if (await OpenDealsInAsync(id, ct) > 0)
        {
            target = targetId is int t && t != id
                ? await db.PipelineStages.FirstOrDefaultAsync(s => s.Id == t && s.PipelineId == stage.PipelineId && s.RemovedAt == null, ct)
                : null;
            if (target is null)
            {
                return Invalid(l["Choose the stage its deals go to."]);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (target is not null)
        {
            while (true)
            {
                var batch = await db.Deals.IgnoreQueryFilters()
                    .Where(d => d.StageId == id && d.Status == DealStatus.Open).OrderBy(d => d.Id).Take(MoveBatch).ToListAsync(ct);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var deal in batch)
                {
                    deal.MoveTo(target, byUserId, now);
                }

                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }

        var removed = await db.PipelineStages.FirstAsync(s => s.Id == id, ct);
        removed.RemovedAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        catalog.Forget();
        return Outcome.Done(id);
    }

    private async Task<string?> ApplyAsync(PipelineStage stage, StageForm form, CancellationToken ct)
    {
        var name = form.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return l["Name the stage."];
        }

        if (name.Length > PipelineStage.MaxNameLength)
        {
            return l["The name must be at most {0} characters.", PipelineStage.MaxNameLength];
        }

        var others = await db.PipelineStages.Where(s => s.PipelineId == stage.PipelineId && s.RemovedAt == null && s.Id != stage.Id)
            .Select(s => s.Name).ToListAsync(ct);
        if (others.Any(o => string.Equals(o, name, StringComparison.CurrentCultureIgnoreCase)))
        {
            return l["This pipeline already has a stage named “{0}”.", name];
        }

        if (!AdminInput.TryWhole(form.Probability, out var probability) || probability is < 0 or > 100)
        {
            return l["The probability is a whole number from 0 to 100."];
        }

        int? rotting = null;
        if (!string.IsNullOrWhiteSpace(form.RottingDays))
        {
            if (!AdminInput.TryWhole(form.RottingDays, out var days) || days is < 1 or > 365)
            {
                return l["Rotting days: leave empty, or a whole number from 1 to 365."];
            }

            rotting = days;
        }

        stage.Name = name;
        stage.Probability = probability;
        stage.RottingDays = rotting;
        return null;
    }

    private async Task<string?> PipelineNameErrorAsync(string? name, int? id, CancellationToken ct)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return l["Name the pipeline."];
        }

        if (name.Length > Pipeline.MaxNameLength)
        {
            return l["The name must be at most {0} characters.", Pipeline.MaxNameLength];
        }

        var others = await db.Pipelines.Where(p => p.Id != id).Select(p => p.Name).ToListAsync(ct);
        return others.Any(o => string.Equals(o, name, StringComparison.CurrentCultureIgnoreCase))
            ? l["A pipeline named “{0}” already exists.", name].Value
            : null;
    }

    /// <summary>Swaps an item with its neighbour and numbers them all again from 1; false when the item is not there.</summary>
    private static bool Swap<T>(List<T> items, int index, bool up, Action<T, int> setPosition)
    {
        if (index < 0)
        {
            return false;
        }

        var other = up ? index - 1 : index + 1;
        if (other >= 0 && other < items.Count)
        {
            (items[index], items[other]) = (items[other], items[index]);
        }

        for (var i = 0; i < items.Count; i++)
        {
            setPosition(items[i], i + 1);
        }

        return true;
    }

    private Outcome.Failure Invalid(string message) => Outcome.Invalid([new FieldError(string.Empty, message)]);

    private async Task<Outcome<int>> SavedAsync<T>(T entity, Func<T, int> id, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        catalog.Forget();
        return Outcome.Done(id(entity));
    }

    private async Task<Outcome<int>> SavedAsync(int id, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        catalog.Forget();
        return Outcome.Done(id);
    }
}
