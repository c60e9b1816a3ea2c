using Crm.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Contacts;

public sealed class ContactsController : Controller
{
    public IActionResult Index() =>
        View("ComingSoon", new ComingSoon("Contacts", "person-lines-fill", "Every contact, with the whole history of the relationship."));
}
