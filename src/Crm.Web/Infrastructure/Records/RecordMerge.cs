namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// How two records of a kind merge. The fields' declarations (<see cref="RecordField.Merge"/>,
/// <see cref="RecordField.MergeChoice"/>) say what the user picks and what is taken together; this part holds only what
/// is the kind's own: what the merge loads, unions and moves (emails, contacts of a company), and what the preview adds.
/// </summary>
public sealed class RecordMerge<T>
    where T : class, IRecord<T>
{
    /// <summary>What the merge loads with the two records (the collections it unions).</summary>
    public Func<IQueryable<T>, IQueryable<T>> Including { get; init; } = records => records;

    /// <summary>Labels (English resource keys) of choices that several fields share, by choice name; others take their field's label.</summary>
    public IReadOnlyDictionary<string, string> ChoiceLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// After the chosen values are taken: unions the <see cref="MergeRule.Union"/> fields and moves what belongs to the
    /// merged-away record to the survivor, telling the step's audit what moved.
    /// </summary>
    public required Func<MergeStep<T>, CancellationToken, Task> Move { get; init; }

    /// <summary>What the preview lists under "Combined": what the union and the move will give the survivor.</summary>
    public required Func<Data.CrmDbContext, T, T, CancellationToken, Task<IReadOnlyList<MergeLine>>> Combined { get; init; }

    /// <summary>English resource keys of the merge page and its message.</summary>
    public required string Title { get; init; }

    public required string Intro { get; init; }

    public required string KeepThis { get; init; }

    public required string Submit { get; init; }

    public required string Done { get; init; }

    /// <summary>The choices the preview offers, in declaration order: each with the fields it sets together.</summary>
    public IReadOnlyList<MergeChoice> Choices(RecordFields fields) =>
        fields.Where(f => f.Merge == MergeRule.Choose)
            .GroupBy(f => f.MergeChoice ?? f.Name)
            .Select(g => new MergeChoice(g.Key, ChoiceLabels.GetValueOrDefault(g.Key) ?? g.First().Label, g.ToList()))
            .ToList();
}

/// <summary>One pick of the merge preview: its name (the form posts "{Name}From") and the fields it sets.</summary>
public sealed record MergeChoice(string Name, string Label, IReadOnlyList<RecordField> Fields)
{
    public string FormName => Name + "From";
}

/// <summary>What a kind's merge step works with: both records, loaded and tracked, inside the merge's transaction.</summary>
public sealed record MergeStep<T>(Data.CrmDbContext Db, T Survivor, T Merged, DateTime Now, IMergeAudit Audit)
    where T : class, IRecord<T>;

/// <summary>What a kind's merge step tells the merge's change events.</summary>
public interface IMergeAudit
{
    /// <summary>A value of the survivor changed (raw values, as history stores them).</summary>
    void Took(string field, string? old, string? taken);

    /// <summary>How many related records of a kind moved (emails, activities).</summary>
    void Moved(string what, int count);

    /// <summary>Records moved in bulk that get their own change event (their link changed).</summary>
    void Repointed(string type, IEnumerable<int> ids, string field);
}

/// <summary>
/// One line of the preview's "Combined" list: the values the survivor will have, or a count said by
/// <see cref="CountText"/> (an English resource key with one placeholder).
/// </summary>
public sealed record MergeLine(string Label, IReadOnlyList<string> Values, string? CountText = null, int Count = 0, string? TestId = null);
