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
}
