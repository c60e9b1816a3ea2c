namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// A bulk action a kind adds to its list's bulk bar (docs/decisions/0007): its key (the posted action, at most ten
/// characters), its English label and its icon, and the drop-down it takes a value from (the list to add to), if any.
/// </summary>
public abstract record RecordBulkAction(string Key, string Label, string Icon)
{
    /// <summary>The drop-down whose value the action takes (posted as <c>BulkForm.Choice</c>); null for none.</summary>
    public BulkChoice? Choice { get; init; }

    /// <summary>
    /// Whether the action changes none of the records, only something about them kept elsewhere (adding them to a static
    /// list): it then applies to the records the user may see, and users who may not edit the kind are offered it.
    /// </summary>
    public abstract bool OnVisibleRecords { get; }

    /// <summary>Whether the bulk bar offers the action to the user (add to a list: to those who may make lists); by default, to all.</summary>
    public Func<CrmUser, bool> OfferedTo { get; init; } = _ => true;
}

/// <summary>A bulk action's drop-down: its English label and its entries for the user (value and label, shown as they are).</summary>
public sealed record BulkChoice(string Label, Func<IServiceProvider, CrmUser, CancellationToken, Task<IReadOnlyList<ListChoice>>> Options);

/// <summary>What an action on visible records is handed: the request's services, the user, the value chosen and the ticked (or matching) ids.</summary>
public sealed record BulkRun(IServiceProvider Services, CrmUser User, string? Choice, IReadOnlyList<int> Ids);

/// <summary>
/// A <see cref="RecordBulkAction"/> of one kind: what it does to the loaded, tracked records the user may edit
/// (<paramref name="Apply"/>: the kit's bulk edit saves them, as one bulk change), or, for an action that changes no
/// record, what it does with the ids of those the user may see (<see cref="OnVisible"/>: it checks them and saves what
/// it writes itself, and says how it went: a message, or an error).
/// </summary>
public sealed record RecordBulkAction<T>(string Key, string Label, string Icon, Func<IServiceProvider, IReadOnlyList<T>, CancellationToken, Task>? Apply)
    : RecordBulkAction(Key, Label, Icon)
    where T : class
{
    public Func<BulkRun, CancellationToken, Task<(string? Message, string? Error)>>? OnVisible { get; init; }

    public override bool OnVisibleRecords => OnVisible is not null;
}

/// <summary>
/// A bulk action another feature answers on a page of its own (contacts' "Add to campaign"): the bulk bar posts the
/// same form (the ticked ids or "all matching", with the list's query string) to <see cref="Path"/> instead of the kind's
/// bulk endpoint. It changes none of the records, so users who may only read them are offered it; the page checks what
/// the user may do there.
/// </summary>
public sealed record RecordBulkPage(string Key, string Label, string Icon, string Path) : RecordBulkAction(Key, Label, Icon)
{
    public override bool OnVisibleRecords => true;
}
