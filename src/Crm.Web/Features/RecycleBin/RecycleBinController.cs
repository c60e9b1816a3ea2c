using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.RecycleBin;

/// <summary>Deleted contacts and companies, and the way back (ARCHITECTURE §5: deletes are soft).</summary>
public sealed class RecycleBinController(IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(string? kind, int page, [FromServices] DeletedRecords deleted, CancellationToken ct) =>
        View(await deleted.Handle(RecycleBinKinds.Of(kind), page, CrmUser.From(User), ct));

    [HttpPost]
    public async Task<IActionResult> Restore(string? kind, int id, [FromServices] RestoreRecord restore, CancellationToken ct)
    {
        var which = RecycleBinKinds.Of(kind);
        var (outcome, name) = await restore.Handle(which, id, CrmUser.From(User), ct);
        if (outcome == RestoreRecord.Outcome.NotFound)
        {
            return NotFound();
        }

        TempData["Flash"] = l["“{0}” is back.", name ?? string.Empty].Value;
        return Redirect(which == RecycleBinKinds.Companies ? $"/Companies/Details/{id}" : $"/Contacts/Details/{id}");
    }
}
