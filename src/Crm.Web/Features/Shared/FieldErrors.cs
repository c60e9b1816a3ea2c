using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Crm.Web.Features.Shared;

/// <summary>
/// How every form shows its errors, written once: the summary (_ValidationSummary) lists each error as a link to its
/// field; each invalid field says so (<c>aria-invalid</c>, <c>is-invalid</c>) and points at its message
/// (<c>aria-describedby</c> "{id}-error", the id its <c>asp-validation-for</c> span gets); the first invalid field of the
/// page takes the focus (<c>autofocus</c>, so it works without script). Fields bound with <c>asp-for</c> get it as they
/// are; a field written by hand names its key with <c>crm-error-for</c>.
/// </summary>
public static class FieldErrors
{
    private static readonly object FocusTaken = new();

    /// <summary>The id a field of this key has, and its message's id with "-error" after it.</summary>
    public static string IdOf(string key) => TagBuilder.CreateSanitizedId(key, "_");

    public static bool HasErrors(ModelStateDictionary state, string key) =>
        state.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    /// <summary>
    /// Every error once, each with its field's key (empty for the form as a whole): the form's own first, then in the
    /// order the form declares its fields (<paramref name="form"/>), which is the page's, so the summary reads as the form does.
    /// </summary>
    public static IReadOnlyList<(string Key, string Message)> All(ModelStateDictionary state, ModelMetadata? form = null)
    {
        var order = form?.Properties.Select(p => p.PropertyName).ToList() ?? [];
        int Position(string key) => key.Length == 0 ? -1 : order.IndexOf(key.Split('.', '[')[0]) is var i and >= 0 ? i : order.Count;
        return state.Where(e => e.Value is { Errors.Count: > 0 })
            .SelectMany(e => e.Value!.Errors.Select(x => (e.Key, x.ErrorMessage)))
            .Distinct()
            .OrderBy(e => Position(e.Key))
            .ToList();
    }

    /// <summary>Whether some field (not only the form as a whole) is in error: then a field takes the focus, else the summary.</summary>
    public static bool AnyFieldError(ModelStateDictionary state) =>
        state.Any(e => e.Key.Length > 0 && e.Value is { Errors.Count: > 0 });

    /// <summary>Marks the field of <paramref name="key"/> invalid when it is, and gives it the focus when it is the page's first.</summary>
    public static void Describe(TagHelperOutput output, ViewContext view, string key)
    {
        var state = view.ViewData.ModelState;
        if (state.ErrorCount == 0 || !AnyFieldError(state))
        {
            return;
        }

        var items = view.HttpContext.Items;
        if (!HasErrors(state, key))
        {
            // Errors elsewhere: the focus goes to the first wrong field, not to the one the page focuses when all is well.
            output.Attributes.RemoveAll("autofocus");
            return;
        }

        output.AddClass("is-invalid", HtmlEncoder.Default);
        output.Attributes.SetAttribute("aria-invalid", "true");
        var described = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? existing.Value?.ToString() : null;
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrWhiteSpace(described) ? $"{IdOf(key)}-error" : $"{IdOf(key)}-error {described}");
        if (items.ContainsKey(FocusTaken))
        {
            output.Attributes.RemoveAll("autofocus");
        }
        else
        {
            items[FocusTaken] = true;
            output.Attributes.SetAttribute("autofocus", "autofocus");
        }
    }
}

/// <summary>Form fields: see <see cref="FieldErrors"/>. Runs after the framework's tag helpers, which set the id.</summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
[HtmlTargetElement("input", Attributes = ErrorForAttribute)]
[HtmlTargetElement("select", Attributes = ErrorForAttribute)]
[HtmlTargetElement("textarea", Attributes = ErrorForAttribute)]
public sealed class FieldErrorTagHelper : TagHelper
{
    public const string ErrorForAttribute = "crm-error-for";

    public override int Order => 1000;

    [HtmlAttributeName("asp-for")]
    public Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression? For { get; set; }

    /// <summary>The ModelState key of a field written without <c>asp-for</c> (repeated inputs, pickers).</summary>
    [HtmlAttributeName(ErrorForAttribute)]
    public string? ErrorFor { get; set; }

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes.TryGetAttribute("type", out var type) && string.Equals(type.Value?.ToString(), "hidden", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var key = ErrorFor ?? (For is null ? null : ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name));
        if (key is not null)
        {
            FieldErrors.Describe(output, ViewContext, key);
        }
    }
}

/// <summary>
/// The message of a field written by hand (<c>crm-error-for</c>, e.g. a row of a repeated group): its first error, in the
/// element that carries the id the field's <c>aria-describedby</c> points at.
/// </summary>
[HtmlTargetElement("span", Attributes = MessageForAttribute)]
[HtmlTargetElement("div", Attributes = MessageForAttribute)]
public sealed class FieldMessageForKeyTagHelper : TagHelper
{
    public const string MessageForAttribute = "crm-message-for";

    [HtmlAttributeName(MessageForAttribute)]
    public string Key { get; set; } = string.Empty;

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.Attributes.SetAttribute("id", FieldErrors.IdOf(Key) + "-error");
        if (ViewContext.ViewData.ModelState.TryGetValue(Key, out var entry) && entry.Errors.Count > 0)
        {
            output.Content.SetContent(entry.Errors[0].ErrorMessage);
        }
    }
}

/// <summary>A field's message: the id its field's <c>aria-describedby</c> points at.</summary>
[HtmlTargetElement("span", Attributes = "asp-validation-for")]
public sealed class FieldMessageTagHelper : TagHelper
{
    public override int Order => 1000;

    [HtmlAttributeName("asp-validation-for")]
    public Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression For { get; set; } = null!;

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.ContainsName("id"))
        {
            output.Attributes.SetAttribute("id", FieldErrors.IdOf(ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name)) + "-error");
        }
    }
}
