using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Companies;

/// <summary>
/// One company's pages beyond those every kind shares (details, create, edit in <see cref="RecordPagesController{T, TForm}"/>;
/// delete, the timeline and logging in <see cref="RecordsController{T}"/>): how its timeline reads, and the company
/// lookup of record forms.
/// </summary>
public sealed partial class CompaniesController
{
    /// <summary>Visible companies with a name word starting each word of <paramref name="q"/>, for the company pickers of record forms.</summary>
    [HttpGet]
    public async Task<IActionResult> Lookup(string? q, int? exclude, [FromServices] RecordChoices choices, CancellationToken ct)
    {
        var found = await choices.CompaniesAsync(CrmUser.From(User), q, null, exclude, ct);
        return Json(found.Select(c => new { value = c.Value, text = c.Text }));
    }
}
