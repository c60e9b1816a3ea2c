using System.Globalization;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Deals;

/// <summary>
/// /Deals/Board: a pipeline's open deals the user may see, one column per live stage. Each column's count and total
/// come from one grouped query over the board index; each column shows its first cards (oldest in the stage first)
/// and pages on by keyset, so a stage holding thousands of deals never renders them all.
/// </summary>
public sealed class DealBoard(CrmDbContext db, PipelineCatalog pipelines, CurrencyRates rates, TimeProvider clock)
{
    public const int PageSize = 20;

    /// <param name="Owner">"me", a user id, or empty for anyone (<see cref="ListQuery.OwnerMe"/>).</param>
    /// <param name="Stage">With <paramref name="After"/>: the column shown from a later page (the "load more" link without script).</param>
    public sealed record Query(int? Pipeline, string? Owner, int? Stage = null, string? After = null);

    public sealed record Card(
        int Id,
        string Name,
        int Version,
        int StageId,
        string? CompanyName,
        long AmountCents,
        string Currency,
        long AmountDefaultCents,
        DateOnly? ExpectedCloseDate,
        string? OwnerId,
        int? TeamId,
        string? OwnerName,
        DateTime StageEnteredAt,
        DateTime? LastActivityAt) : IOwned
    {
        public bool Rotting { get; init; }

        public int DaysInStage { get; init; }

        public bool CanMove { get; init; }

        /// <summary>"MD" for Marie Dupont; the first letter for one word.</summary>
        public string OwnerInitials => OwnerName is null ? string.Empty
            : string.Concat(OwnerName.Split([' ', '-', '.', '@'], StringSplitOptions.RemoveEmptyEntries).Take(2).Select(w => char.ToUpper(w[0], CultureInfo.CurrentCulture)));
    }

    public sealed record Summary(int StageId, int Count, long TotalCents);

    public sealed record Column(StageInfo Stage, int Count, string Total, CardPage Page);

    public sealed record View(
        IReadOnlyList<PipelineInfo> Pipelines,
        PipelineInfo? Pipeline,
        string? Owner,
        IReadOnlyList<Option> Owners,
        IReadOnlyList<Column> Columns,
        string Currency);

    /// <summary>A column's next cards and how to reach the ones after them.</summary>
    public sealed record CardPage(PipelineInfo Pipeline, StageInfo Stage, string? Owner, IReadOnlyList<Card> Cards, string? NextCursor);

    public async Task<View> HandleAsync(Query query, CrmUser user, CancellationToken ct)
    {
        var all = await pipelines.AllAsync(ct);
        var pipeline = await pipelines.FindOrDefaultAsync(query.Pipeline, ct);
        var owners = await ListFilterOptions.OwnersAsync(db, ct);
        if (pipeline is null)
        {
            return new View(all, null, query.Owner, owners, [], await rates.DefaultAsync(ct));
        }

        var summaries = await SummariesAsync(pipeline.Id, query.Owner, user, ct);
        var columns = new List<Column>();
        foreach (var stage in pipeline.Stages)
        {
            var after = stage.Id == query.Stage ? Cursor.Decode(query.After) : null;
            var (cards, next) = await CardsAsync(stage, query.Owner, after, user, ct);
            var summary = summaries.GetValueOrDefault(stage.Id) ?? new Summary(stage.Id, 0, 0);
            columns.Add(new Column(stage, summary.Count, Money.FormatShort(summary.TotalCents, await rates.DefaultAsync(ct)), new CardPage(pipeline, stage, query.Owner, cards, next)));
        }

        return new View(all, pipeline, query.Owner, owners, columns, await rates.DefaultAsync(ct));
    }

    /// <summary>Null when the stage is not a live one.</summary>
    public async Task<CardPage?> ColumnAsync(int stageId, string? owner, string? after, CrmUser user, CancellationToken ct)
    {
        if (await pipelines.StageAsync(stageId, ct) is not StageInfo stage || await pipelines.FindOrDefaultAsync(stage.PipelineId, ct) is not PipelineInfo pipeline)
        {
            return null;
        }

        var (cards, next) = await CardsAsync(stage, owner, Cursor.Decode(after), user, ct);
        return new CardPage(pipeline, stage, owner, cards, next);
    }

    /// <summary>Each live column's count and total in the company currency, formatted: what a move sends back to the board.</summary>
    public async Task<IReadOnlyList<object>> FormattedSummariesAsync(int pipelineId, string? owner, CrmUser user, CancellationToken ct)
    {
        var pipeline = await pipelines.FindOrDefaultAsync(pipelineId, ct);
        if (pipeline is null || pipeline.Id != pipelineId)
        {
            return [];
        }

        var summaries = await SummariesAsync(pipelineId, owner, user, ct);
        var home = await rates.DefaultAsync(ct);
        return pipeline.Stages
            .Select(s => summaries.GetValueOrDefault(s.Id) ?? new Summary(s.Id, 0, 0))
            .Select(s => (object)new { stageId = s.StageId, count = s.Count, total = Money.FormatShort(s.TotalCents, home) })
            .ToList();
    }

    /// <summary>One grouped query: the visible open deals of the pipeline, counted and summed per stage.</summary>
    public async Task<Dictionary<int, Summary>> SummariesAsync(int pipelineId, string? owner, CrmUser user, CancellationToken ct) =>
        await OpenDeals(pipelineId, owner, user)
            .GroupBy(d => d.StageId)
            .Select(g => new Summary(g.Key, g.Count(), g.Sum(d => d.AmountDefaultCents)))
            .ToDictionaryAsync(s => s.StageId, ct);

    private IQueryable<Deal> OpenDeals(int pipelineId, string? owner, CrmUser user) =>
        db.Deals.AsNoTracking().VisibleTo(user).OwnedAs(owner, user)
            .Where(d => d.PipelineId == pipelineId && d.Status == DealStatus.Open);

    private async Task<(IReadOnlyList<Card> Cards, string? Next)> CardsAsync(StageInfo stage, string? owner, Cursor? after, CrmUser user, CancellationToken ct)
    {
        var rows = await OpenDeals(stage.PipelineId, owner, user)
            .Where(d => d.StageId == stage.Id)
            .Seek(d => d.StageEnteredAt, d => d.Id, descending: false, after)
            .Take(PageSize + 1)
            .Select(d => new Card(
                d.Id, d.Name, d.Version, d.StageId, d.Company != null ? d.Company.Name : null, d.AmountCents, d.Currency, d.AmountDefaultCents,
                d.ExpectedCloseDate, d.OwnerId, d.TeamId, d.Owner != null ? d.Owner.DisplayName : null, d.StageEnteredAt, d.LastActivityAt))
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var cards = rows.Take(PageSize).Select(c => c with
        {
            Rotting = DealRotting.IsRotting(DealStatus.Open, stage.RottingDays, c.StageEnteredAt, c.LastActivityAt, now),
            DaysInStage = Math.Max(0, (int)(now - c.StageEnteredAt).TotalDays),
            CanMove = user.CanEdit<Deal>(c),
        }).ToList();
        var next = rows.Count > PageSize ? Cursor.For(cards[^1].StageEnteredAt, cards[^1].Id).Encode() : null;
        return (cards, next);
    }
}
