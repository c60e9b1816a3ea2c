using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.RecycleBin;

/// <summary>Deleted records of every registered kind, and the way back (ARCHITECTURE §5: deletes are soft).</summary>
public sealed class RecycleBinController(IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(string? kind, int page, [FromServices] DeletedRecords deleted, CancellationToken ct) =>
        View(await deleted.Handle(kind, page, CrmUser.From(User), ct));

    [HttpPost]
    public async Task<IActionResult> Restore(string? kind, int id, [FromServices] RestoreRecord restore, CancellationToken ct)
    {
        if (await restore.Handle(kind, id, CrmUser.From(User), ct) is not var (name, url))
        {
            return NotFound();
        }

        TempData["Flash"] = l["“{0}” is back.", name].Value;
        return Redirect(url);
    }

    /// <summary>The "Undo" of a delete, bulk delete or merge message: the records named that the user may restore come back.</summary>
    [HttpPost]
    public async Task<IActionResult> RestoreMany(string? kind, int[] ids, [FromServices] RestoreRecord restore, [FromServices] DeletedRecords deleted, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var restored = new List<(string Name, string Url)>();
        foreach (var id in ids.Distinct().Take(BulkForm.MaxIds))
        {
            if (await restore.Handle(kind, id, user, ct) is { } back)
            {
                restored.Add(back);
            }
        }

        switch (restored)
        {
            case []:
                return NotFound();
            case [var (name, url)]:
                TempData["Flash"] = l["“{0}” is back.", name].Value;
                return Redirect(url);
            default:
                TempData["Flash"] = l["{0} records restored.", Counted.Number(restored.Count)].Value;
                return Redirect(deleted.KindOf(kind).Route);
        }
    }

    [HttpGet]
    public async Task<IActionResult> Activities(int page, [FromServices] DeletedActivities deleted, CancellationToken ct) =>
        View(await deleted.Handle(page, CrmUser.From(User), ct));

    /// <summary>Puts a deleted timeline entry back (from the bin's Activities tab, or the "Undo" of its delete message).</summary>
    [HttpPost]
    public async Task<IActionResult> RestoreActivity(int[] ids, [FromServices] RestoreActivity restore, CancellationToken ct)
    {
        if (ids is not [var id] || await restore.Handle(id, CrmUser.From(User), ct) is not { } url)
        {
            return NotFound();
        }

        TempData["Flash"] = l["The activity is back on the timeline."].Value;
        return Redirect(url + "#timeline");
    }
}
