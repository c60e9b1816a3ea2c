namespace Crm.Web.Features.Activities;

/// <summary>How the record page's script asks for a piece of the page rather than a whole page (record.js sends the header).</summary>
public static class TimelineFragments
{
    public const string Header = "X-Crm-Fragment";

    public static bool Requested(HttpRequest request) => request.Headers.ContainsKey(Header);
}
