using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Web.Features.Deals;

/// <summary>A pipeline with its live stages in order, as pages show and forms offer them.</summary>
public sealed record PipelineInfo(int Id, string Name, int Position, IReadOnlyList<StageInfo> Stages);

public sealed record StageInfo(int Id, int PipelineId, string Name, int Position, int Probability, int? RottingDays);

/// <summary>
/// The pipelines and their stages, read once and kept in memory for a short while (every deal page shows them; they
/// change rarely, from /Admin/Pipelines, which calls <see cref="Forget"/>). Writes that depend on a stage (a move, a
/// save) check it against the database, never against this copy.
/// </summary>
public sealed class PipelineCatalog(CrmDbContext db, IMemoryCache cache)
{
    private const string Key = "deals:pipelines";
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<PipelineInfo>> AllAsync(CancellationToken ct) =>
        await cache.GetOrCreateAsync(Key, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            var pipelines = await db.Pipelines.AsNoTracking().OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(ct);
            var stages = await db.PipelineStages.AsNoTracking().Where(s => s.RemovedAt == null)
                .OrderBy(s => s.Position).ThenBy(s => s.Id)
                .Select(s => new StageInfo(s.Id, s.PipelineId, s.Name, s.Position, s.Probability, s.RottingDays))
                .ToListAsync(ct);
            IReadOnlyList<PipelineInfo> all = pipelines
                .Select(p => new PipelineInfo(p.Id, p.Name, p.Position, stages.Where(s => s.PipelineId == p.Id).ToList()))
                .ToList();
            return all;
        }) ?? [];

    /// <summary>The pipeline asked for, else the first (the default); null when there is none at all.</summary>
    public async Task<PipelineInfo?> FindOrDefaultAsync(int? id, CancellationToken ct)
    {
        var all = await AllAsync(ct);
        return all.FirstOrDefault(p => p.Id == id) ?? (all.Count > 0 ? all[0] : null);
    }

    /// <summary>Where a new deal starts when none is chosen: the first stage of the first pipeline.</summary>
    public async Task<StageInfo?> FirstStageAsync(CancellationToken ct) =>
        (await FindOrDefaultAsync(null, ct)) is { Stages.Count: > 0 } pipeline ? pipeline.Stages[0] : null;

    public async Task<StageInfo?> StageAsync(int id, CancellationToken ct) =>
        (await AllAsync(ct)).SelectMany(p => p.Stages).FirstOrDefault(s => s.Id == id);

    /// <summary>Drops the copy after an admin changed pipelines or stages.</summary>
    public void Forget() => cache.Remove(Key);
}
