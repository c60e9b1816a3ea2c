namespace Crm.Web.Features.SavedViews;

/// <summary>
/// A user's named list view: the filters, search, sort and columns of a list page, kept as its query string. Private to
/// its owner, or shared with the owner's team (read-only for the others: only the owner renames, deletes or unshares it).
/// </summary>
public sealed class SavedView
{
    public const int MaxQueryStringLength = 2000;
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public string UserId { get; set; } = string.Empty;

    /// <summary>The list it belongs to: the key of a registered kind of record.</summary>
    public string List { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;
    public string QueryString { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }

    /// <summary>The team the owner shared it with (their team when they shared it); null, private.</summary>
    public int? SharedWithTeamId { get; set; }
}
