using Crm.Web.Features.Shared;

namespace Crm.Web.Features.Companies;

/// <summary>
/// The companies pages: the list and its export run on <see cref="RecordListController{T, TList, TQuery, TRow}"/> with
/// <see cref="CompanyList"/>, the pages every kind shares on <see cref="RecordsController{T}"/>; one record's pages are
/// in CompaniesController.Record.cs. Actions take their handlers with [FromServices], so the class has no constructor.
/// </summary>
public sealed partial class CompaniesController : RecordListController<Company, CompanyList, CompanyList.Query, CompanyList.Row>;
