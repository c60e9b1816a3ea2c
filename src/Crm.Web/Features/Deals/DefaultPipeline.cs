using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Deals;

/// <summary>A first pipeline for a new install, so deals can be created at once; admins rename and reorder it at /Admin/Pipelines.</summary>
public sealed class DefaultPipeline(CrmDbContext db) : IStartupData
{
    public static readonly IReadOnlyList<(string Name, int Probability, int? RottingDays)> Stages =
    [
        ("Qualification", 10, 14),
        ("Needs analysis", 25, 14),
        ("Proposal", 50, 10),
        ("Negotiation", 75, 7),
        ("Commitment", 90, 7),
    ];

    public async Task EnsureAsync(CancellationToken ct)
    {
        if (await db.Pipelines.AnyAsync(ct))
        {
            return;
        }

        db.Pipelines.Add(New("New business"));
        await db.SaveChangesAsync(ct);
    }

    public static Pipeline New(string name, int position = 0) => new()
    {
        Name = name,
        Position = position,
        Stages = Stages.Select((s, i) => new PipelineStage { Name = s.Name, Position = i, Probability = s.Probability, RottingDays = s.RottingDays }).ToList(),
    };
}
