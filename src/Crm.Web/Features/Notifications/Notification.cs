namespace Crm.Web.Features.Notifications;

/// <summary>
/// A message for one user in the app (the bell): a reminder, a workflow's "notify", an assignment. <see cref="Key"/>
/// names what it is about ("reminder-42") and is unique per user, so a job run twice writes it once.
/// </summary>
public sealed class Notification
{
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 1000;
    public const int MaxLinkLength = 500;
    public const int MaxKeyLength = 100;

    public long Id { get; set; }
    public string UserId { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public string? Text { get; set; }

    /// <summary>A path in the app ("/Tasks/Details/42"), never an absolute URL.</summary>
    public string? Link { get; set; }

    public string? Key { get; set; }
    public DateTime At { get; set; }
    public DateTime? ReadAt { get; set; }
}
