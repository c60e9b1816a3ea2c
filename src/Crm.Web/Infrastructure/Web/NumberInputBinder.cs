using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Crm.Web.Infrastructure.Web;

/// <summary>
/// Binds decimals as a browser's number field posts them — always with a dot ("19.99"), whatever the page's language —
/// and, failing that, as typed in the user's culture ("19,99" in a text field or a hand-made request). The default
/// binder reads only the culture, so a French user's 19.99 was refused.
/// </summary>
public sealed class NumberInputBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
        var text = value.FirstValue?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (Nullable.GetUnderlyingType(bindingContext.ModelType) is null)
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, bindingContext.ModelMetadata.ModelBindingMessageProvider.ValueMustNotBeNullAccessor(text ?? string.Empty));
            }

            return Task.CompletedTask;
        }

        const NumberStyles styles = NumberStyles.Number;
        if (decimal.TryParse(text, styles, CultureInfo.InvariantCulture, out var number)
            || decimal.TryParse(text.Replace('\u202F', ' ').Replace('\u00A0', ' '), styles, CultureInfo.CurrentCulture, out number))
        {
            bindingContext.Result = ModelBindingResult.Success(number);
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(
                bindingContext.ModelName, bindingContext.ModelMetadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(text, bindingContext.ModelMetadata.GetDisplayName()));
        }

        return Task.CompletedTask;
    }
}

public sealed class NumberInputBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(decimal) ? new NumberInputBinder() : null;
}
