using Crm.Web.Features.Activities;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Shared;

/// <summary>
/// One record's pages, written once for every kind: details, create and edit. The kind supplies only its typed
/// pieces: its form (<typeparamref name="TForm"/>, bound as its own type so nothing else can be posted), its editor
/// (<see cref="IRecordEditor{TForm}"/>) and its details use case (<see cref="IRecordDetails{T}"/>), with their views'
/// panels in its folder (<c>_Form</c>, <c>_DetailsHeading</c>, <c>_DetailsActions</c>, <c>_DetailsAside</c>).
/// Outcomes map to 404/403 in <see cref="OutcomeResults"/>.
/// </summary>
public abstract class RecordPagesController<T, TForm> : RecordsController<T>
    where T : class, IRecord<T>, IAssignable, ITaggable
    where TForm : class, IEditorForm<TForm>
{
    [HttpGet]
    public async Task<IActionResult> Details(int id, string? after, ActivityKind? type, bool history, [FromServices] IRecordDetails<T> details, CancellationToken ct)
    {
        var page = await details.HandleAsync(id, CrmUser.From(User), after, type, history, ct);
        return page is null ? await NotFoundOrMergedAsync(id, ct) : View("RecordDetails", page);
    }

    protected sealed override async Task<IActionResult> DetailsWithLogForm(int id, LogActivity.Form form, CancellationToken ct)
    {
        var details = HttpContext.RequestServices.GetRequiredService<IRecordDetails<T>>();
        var page = await details.HandleAsync(id, CrmUser.From(User), null, null, false, ct);
        return page is null ? NotFound() : View("RecordDetails", page with { LogForm = form });
    }

    private CustomFields.CustomFieldStore CustomFieldStore => HttpContext.RequestServices.GetRequiredService<CustomFields.CustomFieldStore>();

    [HttpGet]
    public async Task<IActionResult> Create([FromServices] IRecordEditor<TForm> editor, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        return user.CanCreate<T>() ? await Editor(editor, editor.New(user, Request.Query), null, ct) : StatusCode(StatusCodes.Status403Forbidden);
    }

    [HttpPost]
    public async Task<IActionResult> Create(TForm form, [FromServices] IRecordEditor<TForm> editor, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var custom = user.CanCreate<T>() ? await ReadCustomFieldsAsync(creating: true, l, ct) : null;
        var outcome = !user.CanCreate<T>() ? Outcome.Forbidden
            : ModelState.IsValid ? await CustomFieldStore.SaveWithRecordAsync(T.Kind, custom, null, token => editor.CreateAsync(form, user, token), ct)
            : WithFormChecks(form, l);

        return await this.Respond(
            outcome,
            id =>
            {
                TempData["Flash"] = l[editor.Texts.Created].Value;
                return RedirectToAction(nameof(Details), new { id });
            },
            invalid: () => Editor(editor, form, null, ct),
            duplicates: found => Editor(editor, form, null, ct, duplicates: found));
    }

    [HttpGet]
    public async Task<IActionResult> Edit(int id, [FromServices] IRecordEditor<TForm> editor, CancellationToken ct) =>
        await this.Respond(await editor.LoadAsync(id, CrmUser.From(User), ct), form => Editor(editor, form, id, ct));

    [HttpPost]
    public async Task<IActionResult> Edit(int id, TForm form, [FromServices] IRecordEditor<TForm> editor, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var custom = await ReadCustomFieldsAsync(creating: false, l, ct);
        var outcome = ModelState.IsValid
            ? await CustomFieldStore.SaveWithRecordAsync(T.Kind, custom, id, token => editor.SaveAsync(id, form, user, token), ct)
            : (await editor.LoadAsync(id, user, ct)).Then<int>(_ => WithFormChecks(form, l));

        return await this.Respond(
            outcome,
            _ =>
            {
                TempData["Flash"] = l["Changes saved."].Value;
                return RedirectToAction(nameof(Details), new { id });
            },
            invalid: () => Editor(editor, form, id, ct),
            conflict: conflict =>
            {
                // The user's input stays on screen; saving again is a deliberate overwrite of the newer version.
                ModelState.Remove(nameof(IEditorForm<TForm>.Version));
                return Editor(editor, conflict is null ? form : form.WithVersion(conflict.CurrentVersion), id, ct, conflict: conflict);
            });
    }

    /// <summary>
    /// The kind's custom fields as posted ("cf.{key}"), checked with the form so that their errors show with the others;
    /// saved in the record's own transaction (docs/decisions/0015-custom-fields-storage.md).
    /// </summary>
    private async Task<CustomFields.CustomFieldPost> ReadCustomFieldsAsync(bool creating, IStringLocalizer l, CancellationToken ct)
    {
        var post = await CustomFieldStore.ReadPostAsync(T.Kind, Request.HasFormContentType ? Request.Form : null, creating, l, ct);
        foreach (var error in post.Errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        return post;
    }

    /// <summary>
    /// For a form whose annotations failed: the form's own checks too, so that every error shows at once instead of in
    /// rounds (a missing last name and a bad email on the same submit).
    /// </summary>
    private Outcome<int> WithFormChecks(TForm form, IStringLocalizer l)
    {
        foreach (var (field, message) in form.Check(l))
        {
            if (ModelState[field] is not { Errors.Count: > 0 } entry || entry.Errors.All(e => e.ErrorMessage != message))
            {
                ModelState.AddModelError(field, message);
            }
        }

        return Outcome.Invalid([]);
    }

    private async Task<IActionResult> Editor(
        IRecordEditor<TForm> editor, TForm form, int? id, CancellationToken ct, IReadOnlyList<PossibleDuplicate>? duplicates = null, EditConflict? conflict = null)
    {
        var choices = await editor.ChoicesAsync(form, id, CrmUser.From(User), ct);
        return View("RecordEditor", new RecordEditorPage(T.Kind, editor.Texts, form, id, editor.NameOf(form), choices, duplicates ?? [], conflict));
    }
}
