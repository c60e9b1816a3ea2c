using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Deals;

/// <summary>A deal's page: facts, amounts before and after VAT, lines, people, stage history with time spent in each stage, timeline and history.</summary>
public static class DealDetails
{
    public const int StageHistoryCount = 50;

    public sealed record Facts(
        int Id,
        string Name,
        int? CompanyId,
        string? CompanyName,
        int PipelineId,
        string PipelineName,
        int StageId,
        string StageName,
        int Probability,
        int? RottingDays,
        DateTime StageEnteredAt,
        DealStatus Status,
        DateTime? ClosedAt,
        string? LostReason,
        long AmountCents,
        string Currency,
        long AmountDefaultCents,
        DateOnly? ExpectedCloseDate,
        string? Source,
        string? NextStep,
        string? OwnerId,
        string? OwnerName,
        int? TeamId,
        string? TeamName,
        DateTime CreatedAt,
        DateTime? LastActivityAt,
        int Version);

    public sealed record Line(string Name, string? ProductCode, decimal Quantity, long UnitPriceCents, decimal DiscountPercent, decimal VatRate, long NetCents, long VatCents);

    public sealed record Person(int Id, string Name, string? JobTitle, string? Email, DealContactRole Role);

    /// <summary>One move, and how long the deal stayed where it went (until the next move, or until now while it is there).</summary>
    public sealed record Move(
        string? FromStage, DealStatus? FromStatus, string ToStage, DealStatus Status, string? ByName, DateTime At, TimeSpan Stayed, bool IsCurrent);

    public sealed record View(
        RecordDetailsFrame Frame,
        Facts Deal,
        IReadOnlyList<string> Tags,
        IReadOnlyList<Line> Lines,
        IReadOnlyList<Person> People,
        IReadOnlyList<Move> Moves,
        IReadOnlyList<StageInfo> Stages,
        string DefaultCurrency,
        bool Rotting) : RecordDetailsPage(Frame)
    {
        public long NetCents => Lines.Count > 0 ? Lines.Sum(l => l.NetCents) : Deal.AmountCents;

        public long VatCents => Lines.Sum(l => l.VatCents);

        /// <summary>The deal's total spent in each stage, across every time it was there.</summary>
        public IReadOnlyList<(string Stage, TimeSpan Time)> TimeInStages =>
            Moves.Where(m => m.Status == DealStatus.Open).GroupBy(m => m.ToStage).Select(g => (g.Key, g.Aggregate(TimeSpan.Zero, (sum, m) => sum + m.Stayed))).ToList();
    }

    public sealed class Handler(CrmDbContext db, ActivityTimeline.Handler timeline, RecordHistory history, PipelineCatalog pipelines, CurrencyRates rates, TimeProvider clock)
        : IRecordDetails<Deal>
    {
        /// <summary>Null when the deal does not exist or the user may not see it.</summary>
        public async Task<RecordDetailsPage?> HandleAsync(int id, CrmUser user, string? after, ActivityKind? type, bool allHistory, CancellationToken ct)
        {
            var facts = await db.Deals.AsNoTracking().VisibleTo(user)
                .Where(d => d.Id == id)
                .Select(d => new Facts(
                    d.Id, d.Name, d.CompanyId, d.Company != null ? d.Company.Name : null,
                    d.PipelineId, d.Pipeline!.Name, d.StageId, d.Stage!.Name, d.Stage.Probability, d.Stage.RottingDays, d.StageEnteredAt,
                    d.Status, d.ClosedAt, d.LostReason, d.AmountCents, d.Currency, d.AmountDefaultCents, d.ExpectedCloseDate,
                    d.Source, d.NextStep, d.OwnerId, d.Owner != null ? d.Owner.DisplayName : null, d.TeamId, d.Team != null ? d.Team.Name : null,
                    d.CreatedAt, d.LastActivityAt, d.Version))
                .FirstOrDefaultAsync(ct);
            if (facts is null)
            {
                return null;
            }

            var tags = await db.DealTags.AsNoTracking().Where(t => t.DealId == id).OrderBy(t => t.Tag!.Name).Select(t => t.Tag!.Name).ToListAsync(ct);
            var lines = await db.DealLines.AsNoTracking().Where(l => l.DealId == id).OrderBy(l => l.Position)
                .Select(l => new Line(l.Name, l.Product != null ? l.Product.Code : null, l.Quantity, l.UnitPriceCents, l.DiscountPercent, l.VatRate, l.NetCents, l.VatCents))
                .ToListAsync(ct);
            var visibleContacts = db.Contacts.VisibleTo(user);
            var people = await db.DealContacts.AsNoTracking().Where(c => c.DealId == id && visibleContacts.Any(v => v.Id == c.ContactId))
                .OrderBy(c => c.Contact!.SortName)
                .Select(c => new Person(c.ContactId, (c.Contact!.FirstName + " " + c.Contact.LastName).Trim(), c.Contact.JobTitle, c.Contact.Email, c.Role))
                .ToListAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var moves = await MovesAsync(id, now, ct);
            var entries = await timeline.ForAsync<Deal>(id, after, user, ct, type: type);
            var frame = await RecordDetailsFrame.ReadAsync<Deal>(history, user, id, facts.Name, new OwnedRef(facts.OwnerId, facts.TeamId), entries, after, type, allHistory, ct);
            var pipeline = (await pipelines.AllAsync(ct)).FirstOrDefault(p => p.Id == facts.PipelineId);
            return new View(frame, facts, tags, lines, people, moves, pipeline?.Stages ?? [], await rates.DefaultAsync(ct), DealRotting.IsRotting(facts.Status, facts.RottingDays, facts.StageEnteredAt, facts.LastActivityAt, now));
        }

        /// <summary>The last moves, newest first, each with how long the deal stayed.</summary>
        private async Task<IReadOnlyList<Move>> MovesAsync(int id, DateTime now, CancellationToken ct)
        {
            var rows = await db.DealStageChanges.AsNoTracking().Where(c => c.DealId == id)
                .OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
                .Take(StageHistoryCount)
                .Select(c => new
                {
                    c.FromStageId,
                    c.FromStatus,
                    To = c.ToStage!.Name,
                    c.Status,
                    By = db.Users.Where(u => u.Id == c.ByUserId).Select(u => u.DisplayName).FirstOrDefault(),
                    c.At,
                })
                .ToListAsync(ct);
            var fromIds = rows.Where(r => r.FromStageId is not null).Select(r => r.FromStageId!.Value).Distinct().ToList();
            var names = await db.PipelineStages.AsNoTracking().Where(s => fromIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
            var moves = new List<Move>(rows.Count);
            var until = now;
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                var current = i == 0;
                moves.Add(new Move(
                    r.FromStageId is int from ? names.GetValueOrDefault(from) : null, r.FromStatus, r.To, r.Status, r.By, r.At,
                    current && r.Status != DealStatus.Open ? TimeSpan.Zero : until - r.At, current));
                until = r.At;
            }

            return moves;
        }
    }
}

/// <summary>When an open deal is "rotting": no activity and no move for longer than its stage allows.</summary>
public static class DealRotting
{
    public static bool IsRotting(DealStatus status, int? rottingDays, DateTime stageEnteredAt, DateTime? lastActivityAt, DateTime now) =>
        status == DealStatus.Open && rottingDays is int days
        && (lastActivityAt is DateTime last && last > stageEnteredAt ? last : stageEnteredAt) < now.AddDays(-days);
}
