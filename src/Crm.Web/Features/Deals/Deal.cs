using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Search;
using Crm.Web.Infrastructure.Text;

namespace Crm.Web.Features.Deals;

public enum DealStatus
{
    Open,
    Won,
    Lost,
}

public enum DealContactRole
{
    DecisionMaker,
    Influencer,
    Champion,
    Buyer,
    User,
    Other,
}

/// <summary>
/// A deal: an opportunity to sell to a company, standing in a stage of a pipeline, worth an amount in a currency. Its
/// amount is the sum of its lines when it has any. Every stage move and every win, loss or reopening is kept in
/// <see cref="StageChanges"/> (what the board's history, the forecast and reports read).
/// </summary>
public sealed class Deal : IRecord<Deal>, IListed, IAssignable, ITaggable, ISearchIndexed, IWordIndexed
{
    public static RecordKind<Deal> Kind { get; } = DealKind.Declare();

    public static string WordKind => Kind.Key;

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public string NameKey { get; private set; } = string.Empty;

    public int? CompanyId { get; set; }
    public Company? Company { get; set; }

    public int PipelineId { get; private set; }
    public Pipeline? Pipeline { get; private set; }
    public int StageId { get; private set; }
    public PipelineStage? Stage { get; private set; }

    /// <summary>When the deal entered its current stage (board age, rotting).</summary>
    public DateTime StageEnteredAt { get; private set; }

    public DealStatus Status { get; private set; } = DealStatus.Open;

    /// <summary>When it was won or lost; null while open.</summary>
    public DateTime? ClosedAt { get; private set; }

    public string? LostReason { get; private set; }

    /// <summary>The amount in <see cref="Currency"/>, in cents: the lines' net total when there are lines.</summary>
    public long AmountCents { get; private set; }

    public string Currency { get; set; } = "EUR";

    /// <summary>The amount converted to the company's currency at the rate known when it was last saved (forecast, totals).</summary>
    public long AmountDefaultCents { get; private set; }

    public DateOnly? ExpectedCloseDate { get; set; }

    public string? Source { get; set; }
    public string? NextStep { get; set; }

    public string? OwnerId { get; set; }
    public AppUser? Owner { get; set; }
    public int? TeamId { get; set; }
    public Team? Team { get; set; }

    public List<DealLine> Lines { get; set; } = [];
    public List<DealContact> Contacts { get; set; } = [];
    public List<DealTag> Tags { get; set; } = [];
    public List<DealStageChange> StageChanges { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastActivityAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public string? DeletedWith { get; set; }
    public int Version { get; set; }

    public decimal Amount => Money.FromCents(AmountCents);

    public IEnumerable<string?> WordSources() => [Name];

    public void RefreshSearchKeys() => NameKey = SearchKey.Normalize(Name);

    public void AssignTo(string? ownerId, int? teamId)
    {
        OwnerId = ownerId;
        TeamId = teamId;
    }

    public bool HasTag(int tagId) => Tags.Any(t => t.TagId == tagId);

    public void AddTag(Tag tag) => Tags.Add(new DealTag { Tag = tag });

    public bool HasTag(Tag tag) => Tags.Any(t => ReferenceEquals(t.Tag, tag));

    public void AddTag(int tagId) => Tags.Add(new DealTag { TagId = tagId });

    /// <summary>
    /// Sets the amount: the lines' net total when the deal has lines, else <paramref name="amount"/>; converted to the
    /// company's currency with <paramref name="rate"/> (1 for the company's own currency).
    /// </summary>
    public void SetAmount(decimal amount, decimal rate)
    {
        AmountCents = Lines.Count > 0 ? Lines.Sum(l => l.NetCents) : Money.ToCents(amount);
        AmountDefaultCents = Money.ToCents(Money.FromCents(AmountCents) * rate);
    }

    /// <summary>Places a new deal in its first stage; the move is its first history entry.</summary>
    public void Start(PipelineStage stage, string? byUserId, DateTime at) => Record(stage, DealStatus.Open, byUserId, at);

    /// <summary>
    /// Moves an open deal to another stage (of its pipeline or another one). A closed deal must be reopened first; a move
    /// to the stage it stands in changes nothing.
    /// </summary>
    public DealMoveResult MoveTo(PipelineStage stage, string? byUserId, DateTime at)
    {
        if (Status != DealStatus.Open)
        {
            return DealMoveResult.Closed;
        }

        if (stage.Id == StageId && stage.Id != 0)
        {
            return DealMoveResult.Unchanged;
        }

        Record(stage, DealStatus.Open, byUserId, at);
        return DealMoveResult.Moved;
    }

    public DealMoveResult Win(string? byUserId, DateTime at)
    {
        if (Status == DealStatus.Won)
        {
            return DealMoveResult.Unchanged;
        }

        Record(null, DealStatus.Won, byUserId, at);
        LostReason = null;
        return DealMoveResult.Moved;
    }

    /// <summary>Loses the deal for a reason, which is required.</summary>
    public DealMoveResult Lose(string reason, string? byUserId, DateTime at)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return DealMoveResult.ReasonMissing;
        }

        var sameReason = Status == DealStatus.Lost;
        LostReason = reason.Trim();
        if (sameReason)
        {
            return DealMoveResult.Unchanged;
        }

        Record(null, DealStatus.Lost, byUserId, at);
        return DealMoveResult.Moved;
    }

    /// <summary>Opens a won or lost deal again, in the stage it was closed from; its history keeps the closing.</summary>
    public DealMoveResult Reopen(string? byUserId, DateTime at)
    {
        if (Status == DealStatus.Open)
        {
            return DealMoveResult.Unchanged;
        }

        Record(null, DealStatus.Open, byUserId, at);
        LostReason = null;
        return DealMoveResult.Moved;
    }

    /// <param name="stage">The stage moved to; null, the deal stays in its stage (a win, a loss, a reopening).</param>
    private void Record(PipelineStage? stage, DealStatus status, string? byUserId, DateTime at)
    {
        var first = StageId == 0 && Stage is null;
        StageChanges.Add(new DealStageChange
        {
            FromStageId = first ? null : StageId,
            FromStatus = first ? null : Status,
            ToStageId = stage?.Id ?? StageId,
            ToStage = stage is { Id: 0 } ? stage : stage is null && StageId == 0 ? Stage : null,
            Status = status,
            ByUserId = byUserId,
            At = at,
            AmountDefaultCents = AmountDefaultCents,
        });
        if (stage is not null)
        {
            StageEnteredAt = at;
            StageId = stage.Id;
            PipelineId = stage.PipelineId;
            if (stage.Id == 0)
            {
                // Navigations are set only for stages not saved yet: for a saved one the ids are enough, and a stage
                // read without tracking must not be taken for a new one.
                Stage = stage;
                Pipeline = stage.Pipeline;
            }
        }

        Status = status;
        ClosedAt = status == DealStatus.Open ? null : at;
    }
}

public enum DealMoveResult
{
    Moved,
    Unchanged,

    /// <summary>The deal is won or lost: reopen it before moving it.</summary>
    Closed,

    /// <summary>A loss needs a reason.</summary>
    ReasonMissing,
}

/// <summary>
/// One move of a deal: from a stage and status to another (a win or a loss is a move to the same stage with another
/// status). Written by the deal itself, never edited; the first one has no "from".
/// </summary>
public sealed class DealStageChange
{
    public long Id { get; set; }
    public int DealId { get; set; }
    public int? FromStageId { get; set; }
    public DealStatus? FromStatus { get; set; }
    public int ToStageId { get; set; }
    public PipelineStage? ToStage { get; set; }
    public DealStatus Status { get; set; }
    public string? ByUserId { get; set; }
    public DateTime At { get; set; }

    /// <summary>The deal's amount in the company's currency at the time of the move (reports of value moved).</summary>
    public long AmountDefaultCents { get; set; }
}

/// <summary>A person involved in a deal, with their part in it.</summary>
public sealed class DealContact
{
    public int DealId { get; set; }
    public int ContactId { get; set; }
    public Contact? Contact { get; set; }
    public DealContactRole Role { get; set; }
}

/// <summary>A product line: quantity × unit price − discount, before VAT, in the deal's currency.</summary>
public sealed class DealLine
{
    public const int MaxNameLength = 200;

    public int Id { get; set; }
    public int DealId { get; set; }
    public int Position { get; set; }
    public int? ProductId { get; set; }
    public Products.Product? Product { get; set; }
    public string Name { get; set; } = string.Empty;
    public decimal Quantity { get; set; }
    public long UnitPriceCents { get; set; }

    /// <summary>Percent, 0 to 100.</summary>
    public decimal DiscountPercent { get; set; }

    /// <summary>Percent, 0 to 100 (20 for the French standard rate).</summary>
    public decimal VatRate { get; set; }

    /// <summary>The line's net amount, rounded to the cent; computed by <see cref="Compute"/>.</summary>
    public long NetCents { get; private set; }

    public long VatCents { get; private set; }

    public void Compute()
    {
        var net = Money.Round(Quantity * Money.FromCents(UnitPriceCents) * (1m - (DiscountPercent / 100m)));
        NetCents = Money.ToCents(net);
        VatCents = Money.ToCents(net * VatRate / 100m);
    }
}

public sealed class DealTag : ITagLink
{
    public int DealId { get; set; }
    public int TagId { get; set; }
    public Tag? Tag { get; set; }
}
