namespace Crm.Web.Features.Contacts;

/// <summary>A pair a user marked as "not a duplicate", so it no longer shows as a candidate.</summary>
public sealed class DuplicateDismissal
{
    public int Id { get; set; }

    /// <summary>The key of the records' kind.</summary>
    public string List { get; set; } = string.Empty;

    /// <summary>The smaller id of the pair.</summary>
    public int FirstId { get; set; }

    public int SecondId { get; set; }
    public string UserId { get; set; } = string.Empty;
    public DateTime At { get; set; }
}
