namespace Crm.Web.Features.CustomFields;

/// <summary>The English resource keys of each custom field type's name, in the order the admin's drop-down offers them.</summary>
public static class CustomFieldTypes
{
    public static readonly IReadOnlyList<(CustomFieldType Type, string Label)> All =
    [
        (CustomFieldType.Text, "Text"),
        (CustomFieldType.LongText, "Long text"),
        (CustomFieldType.Number, "Numeric"),
        (CustomFieldType.Money, "Money"),
        (CustomFieldType.Date, "Date"),
        (CustomFieldType.YesNo, "Yes or no"),
        (CustomFieldType.Choice, "Single choice"),
        (CustomFieldType.MultipleChoice, "Multiple choice"),
        (CustomFieldType.Url, "Web address"),
        (CustomFieldType.Email, "Email"),
        (CustomFieldType.Phone, "Phone"),
    ];

    public static string LabelOf(CustomFieldType type) => All.First(t => t.Type == type).Label;
}
