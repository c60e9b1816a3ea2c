using Crm.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// The contacts pages. Split by concern over partial files (lists in this file, one record's pages in
/// ContactsController.Record.cs); actions take their handlers with [FromServices], so the class has no constructor.
/// </summary>
public sealed partial class ContactsController : Controller
{
    public IActionResult Index() =>
        View("ComingSoon", new ComingSoon("Contacts", "people", "Contacts"));
}
