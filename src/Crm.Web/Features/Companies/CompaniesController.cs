using Crm.Web.Features.SavedViews;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Companies;

/// <summary>
/// The companies pages, beside the list pages every kind shares (<see cref="RecordsController{T}"/>). Split by concern over partial files (lists in this file, one record's pages in
/// CompaniesController.Record.cs); actions take their handlers with [FromServices], so the class has no constructor.
/// </summary>
public sealed partial class CompaniesController : RecordPagesController<Company, CompanyForm>
{
    public async Task<IActionResult> Index(
        [FromQuery] CompanyList.Query query,
        [FromServices] CompanyList list,
        [FromServices] MySavedViews views,
        [FromServices] RecordChoices choices,
        CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var result = await list.Handle(query, user, ct);
        return View(new CompaniesIndexPage(result, await views.Handle(CompanyKind.Key, user.Id, ct), user.CanCreate<Company>(),
            user.CanCreate<Company>() ? await choices.OwnersAsync<Company>(user, ct) : []));
    }

    public async Task<IActionResult> Export(
        [FromQuery] CompanyList.Query query,
        [FromServices] CompanyExport.Handler export,
        [FromServices] UserTime time,
        [FromServices] TimeProvider clock,
        CancellationToken ct)
    {
        var file = await export.Handle(query, CrmUser.From(User), ct);
        return File(file, XlsxFile.ContentType, $"companies-{time.ToLocal(clock.GetUtcNow().UtcDateTime):yyyy-MM-dd}.xlsx");
    }
}

public sealed record CompaniesIndexPage(RecordListResult<CompanyList.Query, CompanyList.Row> Result, IReadOnlyList<MySavedViews.Item> Views, bool CanCreate, IReadOnlyList<Choice> Assignable);
