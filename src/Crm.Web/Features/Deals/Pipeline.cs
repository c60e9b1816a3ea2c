namespace Crm.Web.Features.Deals;

/// <summary>A sales process ("New business", "Renewals"): its ordered stages, each with a win probability.</summary>
public sealed class Pipeline
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;

    /// <summary>Where the pipeline stands among the others (lower first); the first is the default.</summary>
    public int Position { get; set; }

    public List<PipelineStage> Stages { get; set; } = [];
}

/// <summary>
/// A step of a pipeline. Open deals stand in a stage; winning or losing is the deal's status, not a stage, so a won
/// deal keeps the stage it was won from (what the forecast's conversion rates are computed from).
/// </summary>
public sealed class PipelineStage
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public int PipelineId { get; set; }
    public Pipeline? Pipeline { get; set; }
    public string Name { get; set; } = string.Empty;
    public int Position { get; set; }

    /// <summary>Chance of winning a deal in this stage, 0 to 100: weighs the pipeline in the forecast.</summary>
    public int Probability { get; set; }

    /// <summary>Days without activity after which an open deal in this stage is "rotting"; null, never.</summary>
    public int? RottingDays { get; set; }

    /// <summary>When an admin removed the stage: it leaves the board and the forms, and the history keeps its name.</summary>
    public DateTime? RemovedAt { get; set; }
}
