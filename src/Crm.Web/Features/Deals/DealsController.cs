using Crm.Web.Features.Shared;

namespace Crm.Web.Features.Deals;

/// <summary>
/// The deals pages: the list and its export run on <see cref="RecordListController{T, TForm, TList, TQuery, TRow}"/>
/// with <see cref="DealList"/>, one record's pages and the actions every kind shares on its bases; what is deals' own
/// (winning, losing, reopening) is in DealsController.Record.cs.
/// </summary>
public sealed partial class DealsController : RecordListController<Deal, DealForm, DealList, DealList.Query, DealList.Row>;
