using Crm.Web.Features.SavedViews;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// The contacts pages, beside the list pages every kind shares (<see cref="RecordsController{T}"/>). Split by concern over partial files (lists in this file, one record's pages in
/// ContactsController.Record.cs); actions take their handlers with [FromServices], so the class has no constructor.
/// </summary>
public sealed partial class ContactsController : RecordPagesController<Contact, ContactForm>
{
    public async Task<IActionResult> Index(
        [FromQuery] ContactList.Query query,
        [FromServices] ContactList list,
        [FromServices] MySavedViews views,
        [FromServices] RecordChoices choices,
        CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var result = await list.Handle(query, user, ct);
        var company = query.Company is int companyId ? await choices.CompanyNameAsync(user, companyId, ct) : null;
        return View(new ContactsIndexPage(result, company, await views.Handle(ContactKind.Key, user.Id, ct), user.CanCreate<Contact>(),
            user.CanCreate<Contact>() ? await choices.OwnersAsync<Contact>(user, ct) : []));
    }

    public async Task<IActionResult> Export(
        [FromQuery] ContactList.Query query,
        [FromServices] ContactExport.Handler export,
        [FromServices] UserTime time,
        [FromServices] TimeProvider clock,
        CancellationToken ct)
    {
        var file = await export.Handle(query, CrmUser.From(User), ct);
        return File(file, XlsxFile.ContentType, $"contacts-{time.ToLocal(clock.GetUtcNow().UtcDateTime):yyyy-MM-dd}.xlsx");
    }
}

/// <param name="CompanyName">The name of the company the list is filtered on, when the user may see it.</param>
public sealed record ContactsIndexPage(RecordListResult<ContactList.Query, ContactList.Row> Result, string? CompanyName, IReadOnlyList<MySavedViews.Item> Views, bool CanCreate, IReadOnlyList<Choice> Assignable);
