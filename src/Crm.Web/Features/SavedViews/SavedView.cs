namespace Crm.Web.Features.SavedViews;

/// <summary>A user's named list view: the filters, search and sort of a list page, kept as its query string.</summary>
public sealed class SavedView
{
    public const int MaxQueryStringLength = 2000;

    public int Id { get; set; }
    public string UserId { get; set; } = string.Empty;

    /// <summary>The list it belongs to: the key of a registered kind of record.</summary>
    public string List { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;
    public string QueryString { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }
}
