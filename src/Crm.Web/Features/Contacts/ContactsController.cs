using Crm.Web.Features.Shared;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// The contacts pages: the list and its export run on <see cref="RecordListController{T, TList, TQuery, TRow}"/> with
/// <see cref="ContactList"/>, the pages every kind shares on <see cref="RecordsController{T}"/>; one record's pages are
/// in ContactsController.Record.cs. Actions take their handlers with [FromServices], so the class has no constructor.
/// </summary>
public sealed partial class ContactsController : RecordListController<Contact, ContactList, ContactList.Query, ContactList.Row>;
