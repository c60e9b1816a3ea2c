using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.CustomFields;

/// <summary>A custom field on a record's form: its inputs' values (as posted, stored, or its default).</summary>
public sealed record CustomFieldInputRow(CustomField Field, IReadOnlyList<string> Values);

/// <summary>A custom field's value on a record's page, in the reader's language.</summary>
public sealed record CustomFieldShown(CustomField Field, string Text, bool IsLink);

/// <summary>
/// The custom fields of any kind's form, drawn by the shared editor (Shared/RecordEditor.cshtml) after the kind's own
/// fields, grouped by section: a form sent back with errors shows what was typed, an edit the stored values, a new
/// record the defaults.
/// </summary>
public sealed class CustomFieldsEditorViewComponent(CustomFieldStore store) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(RecordKind kind, int? id)
    {
        var ct = HttpContext.RequestAborted;
        var fields = await store.FieldsAsync(kind.Key, ct);
        if (fields.Count == 0)
        {
            return Content(string.Empty);
        }

        var posted = HttpMethods.IsPost(Request.Method) && Request.HasFormContentType ? Request.Form : null;
        var stored = id is int recordId && posted is null ? await store.ValuesAsync(fields, recordId, ct) : [];
        var rows = fields.Select(f => new CustomFieldInputRow(f,
            posted is not null && posted.TryGetValue(f.Name, out var typed) ? typed.Select(v => v ?? string.Empty).Where(v => v.Length > 0).ToList()
            : id is not null ? CustomFieldInput.ForInput(f, stored.GetValueOrDefault(f.Id) ?? [])
            : CustomFieldStore.Defaults(f))).ToList();
        return View("/Features/CustomFields/_Editor.cshtml", rows);
    }
}

/// <summary>The custom fields of a record's page (Shared/RecordDetails.cshtml), grouped by section; fields without a value are left out.</summary>
public sealed class CustomFieldsPanelViewComponent(CustomFieldStore store, Deals.CurrencyRates currencies, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(RecordKind kind, int id)
    {
        var ct = HttpContext.RequestAborted;
        var fields = await store.FieldsAsync(kind.Key, ct);
        if (fields.Count == 0)
        {
            return Content(string.Empty);
        }

        var values = await store.ValuesAsync(fields, id, ct);
        var french = CustomFieldStore.French;
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        var currency = await currencies.DefaultAsync(ct);

        // Money fields hold amounts in the company's currency (decision 0022): shown with its symbol.
        string Shown(CustomField f, StoredValue v) =>
            f.Type == CustomFieldType.Money && v.Number is { } cents ? Deals.Money.Format((long)cents, currency, culture) : CustomFieldInput.Show(f, v, culture, french, l);
        var shown = fields.Where(f => values.ContainsKey(f.Id))
            .Select(f => new CustomFieldShown(f, string.Join(", ", values[f.Id].Select(v => Shown(f, v))), f.Type == CustomFieldType.Url))
            .ToList();
        return View("/Features/CustomFields/_Panel.cshtml", shown);
    }
}
