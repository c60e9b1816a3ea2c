using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.RecycleBin;

/// <summary>Deleted records of every registered kind, and the way back (ARCHITECTURE §5: deletes are soft).</summary>
public sealed class RecycleBinController(CrmDbContext db, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(string? kind, int page, string? q, string? sort, [FromServices] DeletedRecords deleted, CancellationToken ct) =>
        View(await deleted.Handle(kind, page, CrmUser.From(User), ct, q, sort));

    /// <summary>What "Delete for good" asks before it removes one record (with what went with it), or the whole bin.</summary>
    public sealed record PurgeQuestion(string? Kind, int? Id, string? Name);

    [HttpGet, Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> Purge(string? kind, int? id, [FromServices] DeletedRecords deleted, CancellationToken ct)
    {
        if (id is not int one)
        {
            return View(new PurgeQuestion(null, null, null));
        }

        var found = deleted.KindOf(kind);
        var name = await found.Restorable(db, CrmUser.From(User)).Where(r => r.Id == one).Select(r => r.Name).FirstOrDefaultAsync(ct);
        return name is null ? NotFound() : View(new PurgeQuestion(found.Key, one, name));
    }

    /// <summary>Deletes for good one record in the bin with what went with it, or, with no id, everything in the bin.</summary>
    [HttpPost, ActionName(nameof(Purge)), Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> PurgeConfirmed(string? kind, int? id, [FromServices] DeletedRecords deleted, [FromServices] RecycleBinPurge purge, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        if (id is not int one)
        {
            var removed = await purge.PurgeOlderThanAsync(0, user.Id, ct);
            TempData["Flash"] = Counted.Format(removed, l["The recycle bin is emptied: one row deleted for good."], l["The recycle bin is emptied: {0} rows deleted for good."]);
            return Redirect("/RecycleBin");
        }

        var found = deleted.KindOf(kind);
        var name = await found.Restorable(db, user).Where(r => r.Id == one).Select(r => r.Name).FirstOrDefaultAsync(ct);
        if (name is null)
        {
            return NotFound();
        }

        await purge.PurgeAsync(found, [one], user.Id, ct);
        TempData["Flash"] = l["“{0}” is deleted for good.", name].Value;
        return Redirect($"/RecycleBin?kind={Uri.EscapeDataString(found.Key)}");
    }

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
