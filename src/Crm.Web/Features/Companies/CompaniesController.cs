using Crm.Web.Features.Shared;

namespace Crm.Web.Features.Companies;

/// <summary>
/// The companies pages: the list and its export run on <see cref="RecordListController{T, TForm, TList, TQuery, TRow}"/>
/// with <see cref="CompanyList"/>, one record's pages and the actions every kind shares on its bases; what is the
/// companies' own (lookup) is in CompaniesController.Record.cs. Actions take their handlers with [FromServices], so the class has no constructor.
/// </summary>
public sealed partial class CompaniesController : RecordListController<Company, CompanyForm, CompanyList, CompanyList.Query, CompanyList.Row>;
