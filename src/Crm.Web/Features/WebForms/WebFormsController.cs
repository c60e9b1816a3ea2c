using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.WebForms;

/// <summary>/Admin/Forms: designing the web-to-lead forms, with each one's public address and embeddable snippet.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("Admin/Forms")]
public sealed class WebFormsAdminController(WebFormAdmin admin, IOptions<CrmOptions> options, IStringLocalizer<SharedResource> l) : Controller
{
    public sealed record EditPage(int? Id, WebFormAdmin.Form Form, IReadOnlyList<Choice> Owners, string? PublicUrl, string? Snippet)
    {
        public IReadOnlyList<Choice> Campaigns { get; init; } = [];
    }

    private const string EditView = "/Features/WebForms/Edit.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("/Features/WebForms/Index.cshtml", await admin.ListAsync(ct));

    [HttpGet("New")]
    public async Task<IActionResult> New(CancellationToken ct) => View(EditView, new EditPage(null, WebFormAdmin.Form.New(), await admin.OwnersAsync(ct), null, null) { Campaigns = await admin.CampaignsAsync(null, ct) });

    [HttpPost("New")]
    public Task<IActionResult> Create(WebFormAdmin.Form form, CancellationToken ct) => SaveAsync(null, form, ct);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await admin.FindAsync(id, ct) is { } form
            ? View(EditView, new EditPage(id, WebFormAdmin.Form.Of(form), await admin.OwnersAsync(ct), PublicUrl(form.Slug), Snippet(form)) { Campaigns = await admin.CampaignsAsync(form.CampaignId, ct) })
            : NotFound();

    [HttpPost("{id:int}")]
    public Task<IActionResult> Update(int id, WebFormAdmin.Form form, CancellationToken ct) => SaveAsync(id, form, ct);

    private async Task<IActionResult> SaveAsync(int? id, WebFormAdmin.Form form, CancellationToken ct)
    {
        if (await admin.SaveAsync(id, form, ct) is not var (savedId, errors))
        {
            return NotFound();
        }

        if (errors.Count > 0)
        {
            ModelState.Clear();
            foreach (var error in errors)
            {
                ModelState.AddModelError(error.Field, error.Message);
            }

            return View(EditView, new EditPage(id, form, await admin.OwnersAsync(ct), null, null) { Campaigns = await admin.CampaignsAsync(form.CampaignId, ct) });
        }

        TempData["Flash"] = l["Form saved."].Value;
        return Redirect($"/Admin/Forms/{savedId}");
    }

    /// <summary>The form's address for the public, from Crm:PublicUrl (never the request's host); relative without it.</summary>
    private string PublicUrl(string slug) => (options.Value.PublicUrl?.TrimEnd('/') ?? string.Empty) + "/Forms/" + Uri.EscapeDataString(slug);

    private string Snippet(WebForm form) =>
        $"<iframe src=\"{PublicUrl(form.Slug)}?embed=true\" title=\"{System.Net.WebUtility.HtmlEncode(form.Title)}\" width=\"100%\" height=\"720\" loading=\"lazy\"></iframe>";
}

/// <summary>
/// /Forms/{slug}: a web form as the public fills it in, without an account and without an antiforgery token (it is
/// embedded in other sites, where the CRM's cookies may not be sent). Abuse is held off by a honeypot field and a limit
/// per address (429 with Retry-After).
/// </summary>
[AllowAnonymous]
[Route("Forms")]
public sealed class PublicWebFormsController(Infrastructure.Data.CrmDbContext db, WebFormSubmission submissions, AddressRateLimits limits) : Controller
{
    public sealed record FormPage(WebForm Form, IReadOnlyDictionary<string, string?> Values, bool Consent, bool Embedded, bool TooMany);

    public const string FormView = "/Features/WebForms/Public.cshtml";

    /// <summary>The honeypot: a field people never see (hidden by the stylesheet) that bots fill in.</summary>
    public const string Honeypot = "Website";

    [HttpGet("{slug}")]
    public async Task<IActionResult> Show(string slug, bool embed, CancellationToken ct) =>
        await FindAsync(slug, ct) is { } form ? View(FormView, new FormPage(form, new Dictionary<string, string?>(), false, embed, false)) : NotFound();

    [HttpPost("{slug}")]
    [IgnoreAntiforgeryToken]
    [RequestSizeLimit(64 * 1024)]
    public async Task<IActionResult> Submit(string slug, bool embed, CancellationToken ct)
    {
        ModelState.Clear();
        if (await FindAsync(slug, ct) is not { } form)
        {
            return NotFound();
        }

        var fields = Request.HasFormContentType ? await Request.ReadFormAsync(ct) : null;
        var values = form.FieldKeys.ToDictionary(k => k, k => fields?[k].FirstOrDefault());
        var posted = new WebFormSubmission.Posted(values, fields?["Consent"].FirstOrDefault() == "true");
        if (!limits.TryTake(WebFormsSetup.PostLimit, HttpContext))
        {
            limits.Refuse(WebFormsSetup.PostLimit, HttpContext);
            return View(FormView, new FormPage(form, values, posted.Consent, embed, TooMany: true));
        }

        // A bot filled the field people never see: it is thanked, and nothing is written.
        if (!string.IsNullOrEmpty(fields?[Honeypot].FirstOrDefault()))
        {
            return Thanks(form, embed);
        }

        if (submissions.Check(form, posted) is { Count: > 0 } errors)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError(error.Field, error.Message);
            }

            return View(FormView, new FormPage(form, values, posted.Consent, embed, false));
        }

        await submissions.SubmitAsync(form, posted, ct);
        return Thanks(form, embed);
    }

    [HttpGet("{slug}/Thanks")]
    public async Task<IActionResult> Thanks(string slug, bool embed, CancellationToken ct) =>
        await FindAsync(slug, ct) is { } form ? View("/Features/WebForms/Thanks.cshtml", new FormPage(form, new Dictionary<string, string?>(), false, embed, false)) : NotFound();

    private RedirectResult Thanks(WebForm form, bool embed) => Redirect($"/Forms/{Uri.EscapeDataString(form.Slug)}/Thanks" + (embed ? "?embed=true" : string.Empty));

    private Task<WebForm?> FindAsync(string slug, CancellationToken ct) =>
        db.WebForms.AsNoTracking().FirstOrDefaultAsync(f => f.Slug == slug && f.IsActive, ct);
}
