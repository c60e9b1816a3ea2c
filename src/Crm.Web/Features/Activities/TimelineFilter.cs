namespace Crm.Web.Features.Activities;

/// <summary>The words of the timeline's filter by type.</summary>
public static class TimelineFilter
{
    public static string Label(ActivityKind? type) => type switch
    {
        null => "All",
        ActivityKind.Call => "Calls",
        ActivityKind.Email => "Emails",
        ActivityKind.Meeting => "Meetings",
        _ => "Notes",
    };
}
