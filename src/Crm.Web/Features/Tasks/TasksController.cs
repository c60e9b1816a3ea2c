using Crm.Web.Features.Activities;
using Crm.Web.Features.SavedViews;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tasks;

/// <summary>
/// The tasks pages: "my day" at /Tasks, the full list and its export on the kit's list (at /Tasks/All), one task's pages
/// and the actions every kind shares; ticking a task done and undoing it, from any page, with or without script.
/// </summary>
public sealed class TasksController : RecordListController<CrmTask, TaskForm, TaskList, TaskList.Query, TaskList.Row>
{
    [HttpGet("/Tasks")]
    public async Task<IActionResult> MyDay([FromServices] MyDay myDay, CancellationToken ct) =>
        View(await myDay.Handle(CrmUser.From(User), ct));

    [HttpGet("/Tasks/All")]
    public override Task<IActionResult> Index(
        [FromQuery] TaskList.Query query, [FromServices] TaskList list, [FromServices] MySavedViews views, [FromServices] RecordChoices choices, CancellationToken ct) =>
        base.Index(query, list, views, choices, ct);

    /// <summary>Ticks the task done. The page's script gets the row back to put in place (<see cref="TimelineFragments.Header"/>); a form post without script goes back where it came from.</summary>
    [HttpPost]
    public async Task<IActionResult> Complete(int id, string? returnUrl, bool onRecord, [FromServices] CompleteTask complete, [FromServices] MyDay myDay, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        await this.Respond(await complete.CompleteAsync(id, CrmUser.From(User), ct), async next =>
            await Answer(id, returnUrl, onRecord, next is null ? l["Task done."].Value : l["Task done. The next one is due {0}.", await NextDueAsync(next.Value, myDay, ct)].Value, myDay, ct));

    [HttpPost]
    public async Task<IActionResult> Reopen(int id, string? returnUrl, bool onRecord, [FromServices] CompleteTask complete, [FromServices] MyDay myDay, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        await this.Respond(await complete.ReopenAsync(id, CrmUser.From(User), ct), async _ => await Answer(id, returnUrl, onRecord, l["Task reopened."].Value, myDay, ct));

    /// <param name="onRecord">The row is on the page of the record the task is about, which it then does not name.</param>
    private async Task<IActionResult> Answer(int id, string? returnUrl, bool onRecord, string message, MyDay myDay, CancellationToken ct)
    {
        if (TimelineFragments.Requested(Request) && await myDay.RowAsync(id, CrmUser.From(User), ct) is { } row)
        {
            return PartialView("_TaskRow", new TaskRowView(row, message, ShowRegarding: !onRecord) { ReturnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : null });
        }

        TempData["Flash"] = message;
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/Tasks");
    }

    private async Task<string> NextDueAsync(int id, MyDay myDay, CancellationToken ct) =>
        await myDay.RowAsync(id, CrmUser.From(User), ct) is { } next
            ? HttpContext.RequestServices.GetRequiredService<Infrastructure.Localization.UserTime>().Format(next.DueAt)
            : string.Empty;
}

/// <summary>A row of my day (or of a record's tasks panel) as the partial draws it, with the message a tick in place announces.</summary>
public sealed record TaskRowView(MyDay.Row Row, string? Message = null, bool ShowRegarding = true)
{
    /// <summary>Where a post without script comes back to; by default the page the row is drawn on.</summary>
    public string? ReturnUrl { get; init; }
}
