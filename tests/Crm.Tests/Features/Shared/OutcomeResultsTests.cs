using Crm.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Crm.Tests.Features.Shared;

public sealed class OutcomeResultsTests
{
    private sealed class AnyController : Controller;

    private static readonly IActionResult DoneResult = new OkResult();

    private static Task<IActionResult> Map(Outcome<int> outcome, AnyController? controller = null, bool withForm = false) =>
        (controller ?? new AnyController()).Respond(
            outcome,
            _ => DoneResult,
            invalid: withForm ? () => Task.FromResult<IActionResult>(new ViewResult { ViewName = "Form" }) : null,
            conflict: withForm ? conflict => Task.FromResult<IActionResult>(new ViewResult { ViewName = "Conflict:" + conflict?.UserName }) : null,
            duplicates: withForm ? found => Task.FromResult<IActionResult>(new ViewResult { ViewName = "Duplicates:" + string.Join(",", found.Select(d => d.Id)) }) : null);

    private static int? Status(IActionResult result) => (result as IStatusCodeActionResult)?.StatusCode;

    [Fact]
    public async Task Not_found_is_404_forbidden_is_403_and_done_is_the_actions_own_answer()
    {
        Assert.Equal(404, Status(await Map(Outcome.NotFound)));
        Assert.Equal(403, Status(await Map(Outcome.Forbidden)));
        Assert.Same(DoneResult, await Map(Outcome.Done(7)));
    }

    [Fact]
    public async Task A_conflict_is_409_unless_the_action_shows_the_editor_again_with_who_changed_what()
    {
        Assert.Equal(409, Status(await Map(Outcome.Conflicted())));

        var shown = Assert.IsType<ViewResult>(await Map(Outcome.Conflicted(new EditConflict("Bruno", null, [], 3)), withForm: true));
        Assert.Equal("Conflict:Bruno", shown.ViewName);
    }

    [Fact]
    public async Task Invalid_puts_each_error_on_its_field_and_shows_the_form_again_or_is_400_without_one()
    {
        Assert.Equal(400, Status(await Map(Outcome.Invalid([]))));

        var controller = new AnyController();
        var shown = Assert.IsType<ViewResult>(await Map(Outcome.Invalid([new FieldError("Email", "Taken")]), controller, withForm: true));
        Assert.Equal("Form", shown.ViewName);
        Assert.Equal("Taken", Assert.Single(controller.ModelState["Email"]!.Errors).ErrorMessage);
    }

    [Fact]
    public async Task Possible_duplicates_show_the_create_form_again_with_them_or_are_409_without_one()
    {
        var found = Outcome.PossibleDuplicates([new PossibleDuplicate(4, "Acme", "Paris", "Same name"), new PossibleDuplicate(9, "ACME", null, "Same phone")]);
        Assert.Equal(409, Status(await Map(found)));

        var shown = Assert.IsType<ViewResult>(await Map(found, withForm: true));
        Assert.Equal("Duplicates:4,9", shown.ViewName);
        Assert.Equal([4, 9], ((Outcome<string>)found).Then(_ => Outcome.Done(0)).Duplicates.Select(d => d.Id));
    }

    [Fact]
    public void A_step_after_a_failure_carries_the_failure_and_never_runs()
    {
        var ran = false;
        var next = ((Outcome<string>)Outcome.Forbidden).Then(_ => { ran = true; return Outcome.Done(1); });
        Assert.Equal(OutcomeStatus.Forbidden, next.Status);
        Assert.False(ran);
        Assert.Equal(2, Outcome.Done("ab").Then(s => Outcome.Done(s.Length)).Value);
    }
}
