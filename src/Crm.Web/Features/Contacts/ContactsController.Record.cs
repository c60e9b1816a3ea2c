using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;

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
}
