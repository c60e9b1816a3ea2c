using Crm.Web.Features.Shared;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// The contacts pages: the list and its export run on <see cref="RecordListController{T, TForm, TList, TQuery, TRow}"/>
/// with <see cref="ContactList"/>, one record's pages and the actions every kind shares on its bases; what is the
/// contacts' own (vCard, lookup) is in ContactsController.Record.cs. Actions take their handlers with [FromServices], so the class has no constructor.
/// </summary>
public sealed partial class ContactsController : RecordListController<Contact, ContactForm, ContactList, ContactList.Query, ContactList.Row>;
