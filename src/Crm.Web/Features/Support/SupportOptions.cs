namespace Crm.Web.Features.Support;

/// <summary>The "Support" configuration section: the public form's rate limit and how long a customer's link works.</summary>
public sealed class SupportOptions
{
    public const string Section = "Support";

    /// <summary>How many requests and replies one address may send per <see cref="WindowMinutes"/>.</summary>
    public int PostsPerWindow { get; set; } = 5;

    public int WindowMinutes { get; set; } = 10;

    /// <summary>How long the link emailed to a customer opens their ticket.</summary>
    public int LinkDays { get; set; } = 60;
}
