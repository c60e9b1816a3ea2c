namespace Crm.Web.Features.Activities;

/// <summary>How a call went; stored by name in <see cref="Activity.Outcome"/>.</summary>
public enum CallOutcome
{
    Connected,
    NoAnswer,
    Voicemail,
    Busy,
    WrongNumber,
}
