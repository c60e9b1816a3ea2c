using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Imports;

/// <summary>
/// Import of any kind of record that declares an import part: upload → mapping → preview → background job → result.
/// A kind's upload page lives at its route (/Contacts/Import); a job's pages under /Imports, for its owner (or an admin) only.
/// </summary>
[Authorize(Policy = ImportsSetup.CanImport)]
public sealed class ImportsController(ImportPipeline pipeline) : Controller
{
    private CrmUser Me => CrmUser.From(User);

    /// <summary>The upload page of a kind, at its route: /Contacts/Import, /Companies/Import.</summary>
    [HttpGet("/{kind}/Import")]
    public async Task<IActionResult> Upload(string kind, [FromServices] UploadImport.Handler upload, CancellationToken ct) =>
        pipeline.ImportableAt(kind) is { } found ? View("Upload", await upload.PageAsync(found, Me, null, ct)) : NotFound();

    [HttpPost("/{kind}/Import"), ImportUploadLimit]
    public async Task<IActionResult> Upload(string kind, IFormFile? file, [FromServices] UploadImport.Handler upload, CancellationToken ct)
    {
        if (pipeline.ImportableAt(kind) is not { } found)
        {
            return NotFound();
        }

        var result = await upload.Handle(found.Key, file, Me, ct);
        if (result.JobId is int id)
        {
            return RedirectToAction(nameof(Map), new { id });
        }

        Response.StatusCode = result.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status422UnprocessableEntity;
        return View("Upload", await upload.PageAsync(found, Me, result.Error, ct));
    }

    [HttpGet("/Imports/Map/{id:int}")]
    public async Task<IActionResult> Map(int id, [FromServices] MapImport.Handler map, CancellationToken ct)
    {
        var job = await pipeline.FindAsync(id, Me, ct);
        if (job is null)
        {
            return NotFound();
        }

        return job.Status == ImportStatus.Uploaded ? View(await map.PageForAsync(job, Me, ct)) : RedirectToAction(nameof(Status), new { id });
    }

    [HttpPost("/Imports/Map/{id:int}")]
    public async Task<IActionResult> Map(int id, MapImport.Form form, [FromServices] MapImport.Handler map, CancellationToken ct)
    {
        var job = await pipeline.FindAsync(id, Me, ct);
        if (job is null)
        {
            return NotFound();
        }

        var errors = await map.Handle(job, form, Me, ct);
        if (errors.Count == 0)
        {
            return RedirectToAction(nameof(Preview), new { id });
        }

        errors.ForEach(e => ModelState.AddModelError(string.Empty, e));
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(await map.PageForAsync(job, Me, ct, form));
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
    public async Task<IActionResult> Run(int id, [FromServices] StartImport.Handler start, [FromServices] PreviewImport.Handler preview, CancellationToken ct)
    {
        var job = await pipeline.FindAsync(id, Me, ct);
        if (job is null)
        {
            return NotFound();
        }

        var errors = await start.Handle(job, Me, ct);
        if (errors.Count == 0)
        {
            return RedirectToAction(nameof(Status), new { id });
        }

        foreach (var error in errors)
        {
            ModelState.AddModelError(string.Empty, error);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Preview), await preview.Handle(job, Me, ct));
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
