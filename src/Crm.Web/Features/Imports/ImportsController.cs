using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Imports;

/// <summary>
/// Import of contacts and companies: upload → mapping → preview → background job → result.
/// The upload pages live at /Contacts/Import and /Companies/Import; a job's pages under /Imports, for its owner (or an admin) only.
/// </summary>
[Authorize(Policy = ImportsSetup.CanImport)]
public sealed class ImportsController(ImportPipeline pipeline) : Controller
{
    private CrmUser Me => CrmUser.From(User);

    [HttpGet("/Contacts/Import")]
    public async Task<IActionResult> UploadContacts([FromServices] UploadImport.Handler upload, CancellationToken ct) =>
        View("Upload", await upload.PageAsync(ImportTargets.Contacts, Me, null, ct));

    [HttpGet("/Companies/Import")]
    public async Task<IActionResult> UploadCompanies([FromServices] UploadImport.Handler upload, CancellationToken ct) =>
        View("Upload", await upload.PageAsync(ImportTargets.Companies, Me, null, ct));

    [HttpPost("/Contacts/Import"), ImportUploadLimit]
    public Task<IActionResult> UploadContacts(IFormFile? file, [FromServices] UploadImport.Handler upload, CancellationToken ct) =>
        Upload(ImportTargets.Contacts, file, upload, ct);

    [HttpPost("/Companies/Import"), ImportUploadLimit]
    public Task<IActionResult> UploadCompanies(IFormFile? file, [FromServices] UploadImport.Handler upload, CancellationToken ct) =>
        Upload(ImportTargets.Companies, file, upload, ct);

    private async Task<IActionResult> Upload(string target, IFormFile? file, UploadImport.Handler upload, CancellationToken ct)
    {
        var result = await upload.Handle(target, file, Me, ct);
        if (result.JobId is int id)
        {
            return RedirectToAction(nameof(Map), new { id });
        }

        Response.StatusCode = result.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status422UnprocessableEntity;
        return View("Upload", await upload.PageAsync(target, Me, result.Error, ct));
    }

    [HttpGet("/Imports/Map/{id:int}")]
    public async Task<IActionResult> Map(int id, [FromServices] MapImport.Handler map, CancellationToken ct)
    {
        var job = await pipeline.FindAsync(id, Me, ct);
        if (job is null)
        {
            return NotFound();
        }

        return job.Status == ImportStatus.Uploaded ? View(map.PageFor(job)) : RedirectToAction(nameof(Status), new { id });
    }

    [HttpPost("/Imports/Map/{id:int}")]
    public async Task<IActionResult> Map(int id, MapImport.Form form, [FromServices] MapImport.Handler map, CancellationToken ct)
    {
        var job = await pipeline.FindAsync(id, Me, ct);
        if (job is null)
        {
            return NotFound();
        }

        var errors = await map.Handle(job, form, ct);
        if (errors.Count == 0)
        {
            return RedirectToAction(nameof(Preview), new { id });
        }

        errors.ForEach(e => ModelState.AddModelError(string.Empty, e));
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(map.PageFor(job, form));
    }

    [HttpGet("/Imports/Preview/{id:int}")]
    public async Task<IActionResult> Preview(int id, [FromServices] PreviewImport.Handler preview, CancellationToken ct)
    {
        var job = await pipeline.FindAsync(id, Me, ct);
        if (job is null)
        {
            return NotFound();
        }

        return job.Status == ImportStatus.Uploaded ? View(await preview.Handle(job, Me, ct)) : RedirectToAction(nameof(Status), new { id });
    }

    [HttpPost("/Imports/Run/{id:int}")]
    public async Task<IActionResult> Run(int id, [FromServices] StartImport.Handler start, CancellationToken ct)
    {
        var job = await pipeline.FindAsync(id, Me, ct);
        if (job is null)
        {
            return NotFound();
        }

        await start.Handle(job, ct);
        return RedirectToAction(nameof(Status), new { id });
    }

    [HttpGet("/Imports/Status/{id:int}")]
    public async Task<IActionResult> Status(int id, [FromServices] ImportProgress.Handler progress, CancellationToken ct)
    {
        var job = await pipeline.FindAsync(id, Me, ct);
        return job is null ? NotFound() : View(progress.Handle(job));
    }

    [HttpGet("/Imports/Progress/{id:int}")]
    public async Task<IActionResult> Progress(int id, [FromServices] ImportProgress.Handler progress, CancellationToken ct)
    {
        var job = await pipeline.FindAsync(id, Me, ct);
        return job is null ? NotFound() : Json(progress.Handle(job));
    }

    [HttpGet("/Imports/Errors/{id:int}")]
    public async Task<IActionResult> Errors(int id, CancellationToken ct)
    {
        var job = await pipeline.FindAsync(id, Me, ct);
        if (job?.ErrorFilePath is null || !System.IO.File.Exists(pipeline.PathOf(job.ErrorFilePath)))
        {
            return NotFound();
        }

        return PhysicalFile(pipeline.PathOf(job.ErrorFilePath), "text/csv; charset=utf-8", $"import-{id}-errors.csv");
    }
}
