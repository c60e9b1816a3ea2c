using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Shared;

/// <summary>
/// A field that picks one record of a kind (_RecordPicker, wwwroot/js/record-picker.js): without script a select of
/// the first choices; with it one search-and-pick combobox that searches the kind's {Route}/Lookup as the user types,
/// keeps the record picked until the user picks another or clears it, and offers to create the typed name
/// ({Route}/Create?name=…) when the user may. A kind offers a picker by answering {Route}/Lookup with
/// <c>[{ value, text }]</c>; the contact's company and the company's parent use it.
/// </summary>
/// <param name="Name">The form field (and ModelState key) that carries the picked id.</param>
/// <param name="Label">The field's label, already localized; so are the other words.</param>
/// <param name="Value">The id picked, if any.</param>
/// <param name="Choices">The first records and the one picked (the select without script).</param>
/// <param name="None">What an empty choice reads ("No company").</param>
/// <param name="Hint">The search box's placeholder.</param>
/// <param name="CanCreate">Whether to offer "+ Create « … »".</param>
/// <param name="Exclude">A record not to offer (a company cannot be its own parent).</param>
public sealed record RecordPicker(
    RecordKind Kind,
    string Name,
    string Label,
    int? Value,
    IReadOnlyList<Choice> Choices,
    string None,
    string Hint,
    bool CanCreate,
    int? Exclude = null)
{
    public string Id => FieldErrors.IdOf(Name);

    public string? ValueText => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The picked record's name as the choices give it.</summary>
    public string? SelectedText => Choices.FirstOrDefault(c => c.Value == ValueText)?.Text;

    public string LookupUrl => $"{Kind.Route}/Lookup";

    public string? CreateUrl => CanCreate ? $"{Kind.Route}/Create" : null;
}
