using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Shared;

/// <summary>
/// The one mapping from <see cref="Outcome{T}"/> to HTTP. Not found is 404: a record the user may not see does not
/// exist for them. Forbidden is 403: they see it, so a 404 would hide nothing and only confuse. Invalid puts the errors
/// on the form and shows it again (400 without a form). Conflict shows the editor again with who changed what and the
/// user's input kept, when the action has one; else 409. Possible duplicates show the create form again with them
/// (409 without a form).
/// </summary>
public static class OutcomeResults
{
    public static Task<IActionResult> Respond<T>(
        this Controller controller,
        Outcome<T> outcome,
        Func<T, IActionResult> done,
        Func<Task<IActionResult>>? invalid = null,
        Func<EditConflict?, Task<IActionResult>>? conflict = null,
        Func<IReadOnlyList<PossibleDuplicate>, Task<IActionResult>>? duplicates = null) =>
        controller.Respond(outcome, value => Task.FromResult(done(value)), invalid, conflict, duplicates);

    public static async Task<IActionResult> Respond<T>(
        this Controller controller,
        Outcome<T> outcome,
        Func<T, Task<IActionResult>> done,
        Func<Task<IActionResult>>? invalid = null,
        Func<EditConflict?, Task<IActionResult>>? conflict = null,
        Func<IReadOnlyList<PossibleDuplicate>, Task<IActionResult>>? duplicates = null)
    {
        switch (outcome.Status)
        {
            case OutcomeStatus.Done:
                return await done(outcome.Value!);
            case OutcomeStatus.NotFound:
                return controller.NotFound();
            case OutcomeStatus.Forbidden:
                return controller.StatusCode(StatusCodes.Status403Forbidden);
            case OutcomeStatus.Invalid:
                foreach (var error in outcome.Errors)
                {
                    controller.ModelState.AddModelError(error.Field, error.Message);
                }

                return invalid is null ? controller.BadRequest() : await invalid();
            case OutcomeStatus.Duplicates:
                return duplicates is null ? controller.StatusCode(StatusCodes.Status409Conflict) : await duplicates(outcome.Duplicates);
            default:
                return conflict is null ? controller.StatusCode(StatusCodes.Status409Conflict) : await conflict(outcome.Conflict);
        }
    }
}
