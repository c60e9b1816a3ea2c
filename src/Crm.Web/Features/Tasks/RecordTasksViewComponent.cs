using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tasks;

/// <summary>
/// The "Tasks" panel of every record's page (Shared/RecordDetails.cshtml): the record's open tasks the user may see,
/// soonest first, each ticked done in place, (the frame's "New task" button opens one about the record).
/// </summary>
public sealed class RecordTasksViewComponent(CrmDbContext db, TimeProvider clock) : ViewComponent
{
    public const int Shown = 10;

    public sealed record Panel(RecordKind Kind, int Id, IReadOnlyList<MyDay.Row> Rows, bool More);

    public async Task<IViewComponentResult> InvokeAsync(RecordKind kind, int id)
    {
        var user = CrmUser.From(UserClaimsPrincipal);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Tasks.AsNoTracking().VisibleTo(user)
            .Where(t => t.RecordKind == kind.Key && t.RecordId == id && t.CompletedAt == null)
            .OrderBy(t => t.DueAt).ThenBy(t => t.Id)
            .Take(Shown + 1)
            .Select(t => new MyDay.Row(t.Id, t.Title, t.DueAt, t.Priority, t.Recurrence, t.RecordKind, t.RecordId, t.CompletedAt, t.DueAt < now))
            .ToListAsync(HttpContext.RequestAborted);
        var more = rows.Count > Shown;
        return View("/Features/Tasks/_RecordTasks.cshtml", new Panel(kind, id, more ? rows.Take(Shown).ToList() : rows, more));
    }
}
