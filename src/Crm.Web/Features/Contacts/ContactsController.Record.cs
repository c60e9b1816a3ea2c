using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// One contact's pages beyond those every kind shares (details, create, edit in <see cref="RecordPagesController{T, TForm}"/>;
/// delete, the timeline and logging in <see cref="RecordsController{T}"/>): the vCard, and how its timeline reads.
/// </summary>
public sealed partial class ContactsController
{
    [HttpGet]
    public async Task<IActionResult> VCard(int id, [FromServices] ContactVCard.Handler vcard, CancellationToken ct)
    {
        var file = await vcard.HandleAsync(id, CrmUser.From(User), ct);
        return file is null ? NotFound() : File(file.Content, "text/vcard; charset=utf-8", file.FileName);
    }

    /// <summary>Everything held about the person, as a zip (GDPR access right): admins and managers.</summary>
    [HttpGet]
    public async Task<IActionResult> PersonalData(int id, [FromServices] ContactPersonalData data, CancellationToken ct) =>
        await this.Respond(await data.ExportAsync(id, CrmUser.From(User), ct), archive => File(archive.Content, "application/zip", archive.FileName));

    [HttpGet]
    public async Task<IActionResult> Erase(int id, [FromServices] Infrastructure.Data.CrmDbContext db, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var contact = await db.Contacts.AsNoTracking().VisibleTo(user).Where(c => c.Id == id).Select(c => new { c.Id, c.FirstName, c.LastName }).SingleOrDefaultAsync(ct);
        if (contact is null)
        {
            return NotFound();
        }

        return ContactPersonalData.MayHandle(user)
            ? View("/Features/Contacts/Erase.cshtml", (contact.Id, $"{contact.FirstName} {contact.LastName}".Trim()))
            : StatusCode(StatusCodes.Status403Forbidden);
    }

    [HttpPost, ActionName(nameof(Erase))]
    public async Task<IActionResult> EraseConfirmed(int id, [FromServices] ContactPersonalData data, [FromServices] Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        await this.Respond(await data.EraseAsync(id, CrmUser.From(User), ct), _ =>
        {
            TempData["Flash"] = l["The person's data is erased; the record stays for the counts."].Value;
            return Redirect($"/Contacts/Details/{id}");
        });
}
