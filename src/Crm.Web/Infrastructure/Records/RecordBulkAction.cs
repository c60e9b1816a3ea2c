namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// A bulk action a kind adds to its list's bulk bar (docs/decisions/0007): its key (the posted action, at most ten
/// characters), its English label and its icon.
/// </summary>
public abstract record RecordBulkAction(string Key, string Label, string Icon);

/// <summary>
/// A <see cref="RecordBulkAction"/> of one kind: what it does to the loaded, tracked records the user may edit (the kit's
/// bulk edit saves them, as one bulk change), with the request's services for the kind's own rules.
/// </summary>
public sealed record RecordBulkAction<T>(string Key, string Label, string Icon, Func<IServiceProvider, IReadOnlyList<T>, CancellationToken, Task> Apply)
    : RecordBulkAction(Key, Label, Icon)
    where T : class;

/// <summary>
/// A bulk action another feature answers on a page of its own (contacts' "Add to campaign"): the bulk bar posts the
/// same form (the ticked ids or "all matching", with the list's query string) to <see cref="Path"/> instead of the kind's
/// bulk endpoint.
/// </summary>
public sealed record RecordBulkPage(string Key, string Label, string Icon, string Path) : RecordBulkAction(Key, Label, Icon);
