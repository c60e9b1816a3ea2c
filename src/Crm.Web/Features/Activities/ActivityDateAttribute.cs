using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Activities;

/// <summary>
/// When an activity took place: between 1900 and 2100, in the user's time. A year 0001 or 9999 is a typo, and would
/// sort the timeline and the "last activity" dates wrong for good.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ActivityDateAttribute : ValidationAttribute
{
    public static readonly DateTime Earliest = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>The first moment past the range: any time on 31 December 2100 is accepted.</summary>
    public static readonly DateTime After = new(2101, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public ActivityDateAttribute()
    {
        ErrorMessage = "The date must be between 1900 and 2100.";
    }

    public static bool IsInRange(DateTime value) => value >= Earliest && value < After;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not DateTime date || IsInRange(date))
        {
            return ValidationResult.Success;
        }

        // MVC localizes the messages of its own attributes only; this one asks the app's strings itself.
        var l = validationContext.GetService(typeof(IStringLocalizer<SharedResource>)) as IStringLocalizer;
        return new ValidationResult(l?[ErrorMessage!].Value ?? ErrorMessage, validationContext.MemberName is { } member ? [member] : null);
    }
}
