using Crm.Web.Features.CustomFields;
using Crm.Web.Features.SavedViews;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Html;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Shared;

/// <summary>
/// A kind's list page ({Route}) and its export ({Route}/Export), written once: the kind says only which list it runs
/// (<typeparamref name="TList"/>, with its query and row); its Index.cshtml says only its filters, columns and words,
/// and the shared _RecordList partial draws the rest. A kind's controller derives from this one, which adds the list to
/// the record pages (<see cref="RecordPagesController{T, TForm}"/>) and the record actions (<see cref="RecordsController{T}"/>).
/// </summary>
public abstract class RecordListController<T, TForm, TList, TQuery, TRow> : RecordPagesController<T, TForm>
    where T : class, IRecord<T>, IAssignable, ITaggable, IListed
    where TForm : class, IEditorForm<TForm>
    where TList : RecordList<T, TQuery, TRow>
    where TQuery : ListQuery, new()
    where TRow : class, IListRow<TRow>
{
    public virtual async Task<IActionResult> Index(
        [FromQuery] TQuery query,
        [FromServices] TList list,
        [FromServices] MySavedViews views,
        [FromServices] RecordChoices choices,
        CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var saved = await views.Handle(T.Kind.Key, user, ct);
        // The list's bare address opens the user's default view; "?view=all" is the way back to every record.
        if (!Request.QueryString.HasValue && saved.Find(saved.DefaultId) is { } preferred)
        {
            return Redirect(preferred.Url);
        }

        query.ReadDeclared(T.Kind, Request.Query);
        var custom = HttpContext.RequestServices.GetRequiredService<CustomFieldStore>();
        var fields = await custom.FieldsAsync(T.Kind.Key, ct);
        query.ReadCustom(fields, Request.Query);
        var result = await list.Handle(query, user, ct);
        var canCreate = user.CanCreate<T>();
        var available = T.Kind.Columns.With(CustomFieldQuery.Columns(fields));
        var columns = available.Parse(query.Cols) ?? available.Parse(saved.Columns) ?? available.Defaults;
        // The values of the custom columns shown, for the page's rows only.
        var shownFields = fields.Where(f => columns.Any(c => c.Key == f.Name)).ToList();
        var values = shownFields.Count == 0 ? [] : await custom.ValuesAsync(shownFields, result.Page.Items.Select(r => r.Id).ToList(), ct);
        var l = HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
        var customCells = shownFields.ToDictionary(
            f => f.Name,
            f => (Func<int, IHtmlContent>)(id => CustomCell(f, CustomFieldQuery.Cell(f, values.GetValueOrDefault(id)?.GetValueOrDefault(f.Id), l))));
        var open = int.TryParse(Request.Query["view"], NumberStyles.None, CultureInfo.InvariantCulture, out var viewId) ? saved.Find(viewId) : null;
        return View(new RecordListPage<TQuery, TRow>(
            T.Kind,
            result,
            await list.ChipsAsync(query, user, ct),
            saved,
            open,
            columns,
            canCreate,
            canCreate ? await choices.OwnersAsync<T>(user, ct) : []) { Available = available, CustomCells = customCells });
    }

    private static IHtmlContent CustomCell(CustomField field, string text) =>
        new HtmlContentBuilder().AppendHtml(field.Column == ValueColumn.Number && field.Type != CustomFieldType.YesNo ? "<td class=\"text-end text-nowrap\">" : "<td>").Append(text).AppendHtml("</td>");

    /// <summary>Reads the kind's declared and custom filters from the query string.</summary>
    private async Task ReadFiltersAsync(TQuery query, CancellationToken ct)
    {
        query.ReadDeclared(T.Kind, Request.Query);
        query.ReadCustom(await HttpContext.RequestServices.GetRequiredService<CustomFieldStore>().FieldsAsync(T.Kind.Key, ct), Request.Query);
    }

    protected override async Task<IReadOnlyList<int>> MatchingAsync(CrmUser user, CancellationToken ct)
    {
        var query = new TQuery();
        var filters = new QueryStringValueProvider(BindingSource.Query, Request.Query, CultureInfo.InvariantCulture);
        if (!await TryUpdateModelAsync(query, string.Empty, filters))
        {
            return [];
        }

        await ReadFiltersAsync(query, ct);

        var list = HttpContext.RequestServices.GetRequiredService<TList>();
        return await list.Ordered(list.Filtered(query, user), query, null).Select(r => r.Id).Take(BulkForm.MaxMatching).ToListAsync(ct);
    }

    public async Task<IActionResult> Export([FromQuery] TQuery query, [FromServices] TList list, [FromServices] ListExport export, CancellationToken ct)
    {
        await ReadFiltersAsync(query, ct);
        return export.Handle(list, query, CrmUser.From(User));
    }
}

/// <summary>What a list page shows: the list's result and what the user may do with it.</summary>
public sealed record RecordListPage<TQuery, TRow>(
    RecordKind Kind,
    RecordListResult<TQuery, TRow> Result,
    IReadOnlyList<ListChip> Chips,
    MySavedViews.Result Views,
    MySavedViews.Item? OpenView,
    IReadOnlyList<ListColumn> Columns,
    bool CanCreate,
    IReadOnlyList<Choice> Assignable)
    where TQuery : ListQuery
    where TRow : class, IListRow<TRow>
{
    /// <summary>Every column the list may show: the kind's, then its custom fields'.</summary>
    public ListColumns? Available { get; init; }

    /// <summary>The cell of each custom column shown, by column key, for a record id.</summary>
    public IReadOnlyDictionary<string, Func<int, IHtmlContent>> CustomCells { get; init; } = new Dictionary<string, Func<int, IHtmlContent>>();

    /// <summary>The page as the shared partial draws it, with the kind's words, filters and the cells of its own columns.</summary>
    /// <param name="cells">The cell of each of the kind's own columns (<see cref="RecordKind.Columns"/>), by column key.</param>
    /// <param name="detail">The one line a phone's card shows under the name (a contact's email, a company's city).</param>
    public RecordListView View(
        ListWords words, Func<object?, IHtmlContent> filters, IReadOnlyDictionary<string, Func<TRow, IHtmlContent>> cells, Func<TRow, string?> detail) =>
        new(Kind, Result.Query, Result.Count, Result.AnyRecords, Result.Page.NextCursor, Result.Owners, Result.Tags, Chips, Views, OpenView, Columns, CanCreate, Assignable,
            Result.Page.Items.Select(r => new ListedRow(r.Id, r.Name, r.Position, r.Tags,
                Columns.ToDictionary(c => c.Key, c => cells.TryGetValue(c.Key, out var cell) ? cell(r) : CustomCells.TryGetValue(c.Key, out var custom) ? custom(r.Id) : HtmlString.Empty), detail(r))).ToList(),
            words, filters(null)) { Available = Available ?? Kind.Columns };
}

/// <summary>
/// The words of a kind's list page, in the user's language (its Index.cshtml writes them through the localizer, so that the
/// resource check finds them): the New button, the search box's hint, the empty states and the count (singular, plural, and past the count cap).
/// </summary>
public sealed record ListWords(
    string New,
    string SearchHint,
    string NoneYet,
    string NoneYetHint,
    string ImportMany,
    string NoMatch,
    string CountOne,
    string CountMany,
    string CappedFormat,
    bool Duplicates);

/// <summary>A row of the shared list: what every kind shows (name, owner, tags, dates), the kind's own cells and its phone card's line.</summary>
public sealed record ListedRow(int Id, string Name, ListPosition Position, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, IHtmlContent> OwnCells, string? Detail);

/// <summary>The model of the shared _RecordList partial: nothing kind-specific but the words and the kind's markup parts.</summary>
public sealed record RecordListView(
    RecordKind Kind,
    ListQuery Query,
    int Count,
    bool AnyRecords,
    string? NextCursor,
    IReadOnlyList<Option> Owners,
    IReadOnlyList<Option> Tags,
    IReadOnlyList<ListChip> Chips,
    MySavedViews.Result Views,
    MySavedViews.Item? OpenView,
    IReadOnlyList<ListColumn> Columns,
    bool CanCreate,
    IReadOnlyList<Choice> Assignable,
    IReadOnlyList<ListedRow> Rows,
    ListWords Words,
    IHtmlContent OwnFilters)
{
    /// <summary>Every column the chooser offers: the kind's and its custom fields'.</summary>
    public ListColumns Available { get; init; } = Kind.Columns;
}
