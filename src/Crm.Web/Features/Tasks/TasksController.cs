using Crm.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Tasks;

public sealed class TasksController : Controller
{
    public IActionResult Index() =>
        View("ComingSoon", new ComingSoon("Tasks", "check2-square", "Follow-ups and reminders, so no customer is forgotten."));
}
