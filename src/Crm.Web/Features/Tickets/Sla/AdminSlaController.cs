using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tickets.Sla;

/// <summary>/Admin/Sla: the SLA policies, their form (works without script) and the default one.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("Admin/Sla")]
public sealed class AdminSlaController(SlaAdmin admin, IStringLocalizer<SharedResource> l) : Controller
{
    public sealed record FormModel(int? Id, SlaPolicyForm Form, SlaAdmin.Choices Choices);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("/Features/Tickets/Sla/Index.cshtml", await admin.ListAsync(ct));

    [HttpGet("Create")]
    public async Task<IActionResult> Create([FromServices] Settings.CurrentSettings settings, CancellationToken ct)
    {
        var form = SlaPolicyForm.From(DefaultSlaPolicy.New(string.Empty, DateTime.UtcNow.Year));
        form.IsDefault = false;

        // A new policy starts in the company's time zone when one is set.
        if ((await settings.GetAsync(ct)).TimeZone is { } zone && SlaAdmin.TimeZones.Contains(zone))
        {
            form.TimeZone = zone;
        }

        return await FormAsync(null, form, ct);
    }

    [HttpPost("Create")]
    public Task<IActionResult> Create(SlaPolicyForm form, string? command, CancellationToken ct) => SaveAsync(null, form, command, ct);

    [HttpGet("{id:int}/Edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await admin.FindAsync(id, ct) is { } policy ? await FormAsync(id, SlaPolicyForm.From(policy), ct) : NotFound();

    [HttpPost("{id:int}/Edit")]
    public Task<IActionResult> Edit(int id, SlaPolicyForm form, string? command, CancellationToken ct) => SaveAsync(id, form, command, ct);

    [HttpPost("{id:int}/Default")]
    public async Task<IActionResult> MakeDefault(int id, CancellationToken ct)
    {
        if (!await admin.MakeDefaultAsync(id, ct))
        {
            return NotFound();
        }

        TempData["Flash"] = l["Changes saved."].Value;
        return Redirect("/Admin/Sla");
    }

    private async Task<IActionResult> SaveAsync(int? id, SlaPolicyForm form, string? command, CancellationToken ct)
    {
        // "Add French public holidays for YEAR": the form drawn again with them, nothing saved yet.
        if (command == "add-holidays")
        {
            ModelState.Clear();
            form.Complete();
            if (form.HolidayYear is not (>= 2000 and <= 2100))
            {
                ModelState.AddModelError(nameof(form.HolidayYear), l["Enter a year between 2000 and 2100."]);
            }

            form.AddFrenchHolidays();
            return await FormAsync(id, form, ct);
        }

        var (saved, errors) = await admin.SaveAsync(id, form, ct);
        if (saved is not null)
        {
            TempData["Flash"] = l["Policy saved. Tickets opened from now on are counted with it; open tickets keep their deadlines."].Value;
            return Redirect("/Admin/Sla");
        }

        ModelState.Clear();
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        return await FormAsync(id, form, ct);
    }

    private async Task<IActionResult> FormAsync(int? id, SlaPolicyForm form, CancellationToken ct)
    {
        form.Complete();
        Response.StatusCode = ModelState.IsValid ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity;
        return View("/Features/Tickets/Sla/Edit.cshtml", new FormModel(id, form, await admin.ChoicesAsync(ct)));
    }
}
