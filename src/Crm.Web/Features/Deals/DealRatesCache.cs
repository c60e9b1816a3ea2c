using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Crm.Web.Features.Deals;

/// <summary>
/// Each stage's historical conversion (<see cref="DealForecast.StageRate"/>), per audience of deals
/// (<see cref="Infrastructure.Records.RecordAccess.ReadAudience{T}"/>): computed over the whole stage history (65k
/// moves at 20k deals, about 140 ms), it changes only when a deal closes, reopens, is removed or changes hands while
/// closed, or a stage is renamed or reweighted. Moving an open deal on the board changes none of it: rates count
/// closed deals only.
/// </summary>
public sealed class DealRatesCache(TimeProvider clock) : SavedChangesCache<IReadOnlyDictionary<int, DealForecast.StageRate>>(clock, KeptFor)
{
    /// <summary>Rates computed on another instance's data or after a bulk write lag at most this long.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);

    public override bool Touches(EntityEntry entry) => entry.Entity switch
    {
        PipelineStage => true,
        Deal deal when entry.State == EntityState.Modified =>
            ClosedBeforeOrAfter(entry, deal)
            && (entry.Property(nameof(Deal.Status)).IsModified || entry.Property(nameof(Deal.DeletedAt)).IsModified
                || entry.Property(nameof(Deal.OwnerId)).IsModified || entry.Property(nameof(Deal.TeamId)).IsModified),
        Deal deal => ClosedBeforeOrAfter(entry, deal),
        _ => false,
    };

    private static bool ClosedBeforeOrAfter(EntityEntry entry, Deal deal) =>
        deal.Status != DealStatus.Open || entry.Property(nameof(Deal.Status)).OriginalValue is not DealStatus.Open;
}
