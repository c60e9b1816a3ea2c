using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Knowledge;

[Authorize(Policy = KnowledgeSetup.Readers)]
[Route("Knowledge")]
public sealed class KnowledgeController(KnowledgeBase knowledge, IStringLocalizer<SharedResource> l) : Controller
{
    public sealed record EditPage(int? Id, KnowledgeBase.Form Form, string? PreviewHtml);

    private const string EditView = "/Features/Knowledge/Edit.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int page = 1, CancellationToken ct = default) =>
        View("/Features/Knowledge/Index.cshtml", await knowledge.ListAsync(q, page, ct));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Article(int id, CancellationToken ct) =>
        await knowledge.FindAsync(id, ct) is { } article ? View("/Features/Knowledge/Article.cshtml", article) : NotFound();

    /// <summary>Published articles for the reply form's "Insert article" control.</summary>
    [HttpGet("Choices")]
    public async Task<IActionResult> Choices(string? q, CancellationToken ct) => Json(await knowledge.ChoicesAsync(q, ct));

    /// <summary>A published article's Markdown, inserted into a reply as it stands.</summary>
    [HttpGet("{id:int}/Text")]
    public async Task<IActionResult> Text(int id, CancellationToken ct) =>
        await knowledge.PublishedTextAsync(id, ct) is { } text ? Content(text, "text/plain; charset=utf-8") : NotFound();

    [Authorize(Policy = KnowledgeSetup.Editors)]
    [HttpGet("New")]
    public IActionResult New() => View(EditView, new EditPage(null, new KnowledgeBase.Form(null, null, null, null, true), null));

    [Authorize(Policy = KnowledgeSetup.Editors)]
    [HttpPost("New")]
    public Task<IActionResult> Create(KnowledgeBase.Form form, CancellationToken ct) => SaveAsync(null, form, ct);

    [Authorize(Policy = KnowledgeSetup.Editors)]
    [HttpGet("{id:int}/Edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await knowledge.FindAsync(id, ct) is { } article ? View(EditView, new EditPage(id, KnowledgeBase.Form.Of(article), null)) : NotFound();

    [Authorize(Policy = KnowledgeSetup.Editors)]
    [HttpPost("{id:int}/Edit")]
    public Task<IActionResult> Update(int id, KnowledgeBase.Form form, CancellationToken ct) => SaveAsync(id, form, ct);

    /// <summary>The article as typed, rendered as readers will see it, not saved.</summary>
    [Authorize(Policy = KnowledgeSetup.Editors)]
    [HttpPost("Preview")]
    public IActionResult Preview(int? id, KnowledgeBase.Form form)
    {
        ModelState.Clear();
        AddErrors(knowledge.Check(form));
        return View(EditView, new EditPage(id, form, Infrastructure.Text.SafeMarkdown.ToHtml(form.Body ?? string.Empty, KnowledgeText.TopHeadingLevel + 1)));
    }

    [Authorize(Policy = KnowledgeSetup.Editors)]
    [HttpPost("{id:int}/Delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        if (!await knowledge.DeleteAsync(id, ct))
        {
            return NotFound();
        }

        TempData["Flash"] = l["Article deleted."].Value;
        return Redirect("/Knowledge");
    }

    private async Task<IActionResult> SaveAsync(int? id, KnowledgeBase.Form form, CancellationToken ct)
    {
        var outcome = await knowledge.SaveAsync(id, form, User.Id(), ct);
        switch (outcome.Status)
        {
            case OutcomeStatus.Done:
                TempData["Flash"] = l["Article saved."].Value;
                return Redirect($"/Knowledge/{outcome.Value}");
            case OutcomeStatus.Invalid:
                ModelState.Clear();
                AddErrors(outcome.Errors);
                return View(EditView, new EditPage(id, form, null));
            default:
                return NotFound();
        }
    }

    private void AddErrors(IEnumerable<FieldError> errors)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }
    }
}
