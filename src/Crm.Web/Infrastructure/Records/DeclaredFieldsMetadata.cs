using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Infrastructure.Records;

/// <summary>The form of a kind of record: its properties named like a declared field follow the declaration.</summary>
public interface IRecordForm<T>
    where T : class, IRecord<T>;

/// <summary>
/// Gives a record form's fields their declared label, length and required rule (<see cref="RecordField"/>), so a
/// form states none of them a second time. The checks are ordinary data annotations: the server validates them,
/// the page's scripts check them before posting, and their messages are translated like any other.
/// </summary>
public sealed class DeclaredFieldsMetadata(RecordKinds kinds, IStringLocalizerFactory localizers) : IValidationMetadataProvider, IDisplayMetadataProvider
{
    private readonly IStringLocalizer _l = localizers.Create(typeof(SharedResource));

    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        if (Declared(context.Key) is not { } field || context.Key.ModelType != typeof(string))
        {
            return;
        }

        if ((field.InputLength ?? field.MaxLength) is int max)
        {
            context.ValidationMetadata.ValidatorMetadata.Add(new StringLengthAttribute(max) { ErrorMessage = "{0} must be at most {1} characters." });
        }

        if (field.Required)
        {
            context.ValidationMetadata.IsRequired = true;
            context.ValidationMetadata.ValidatorMetadata.Add(new RequiredAttribute { ErrorMessage = "The {0} field is required." });
        }
    }

    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        if (Declared(context.Key) is { } field)
        {
            context.DisplayMetadata.DisplayName = () => _l[field.Label];
        }
    }

    /// <summary>The field a form property stands for: same name, on a form of a registered kind, holding one value.</summary>
    private RecordField? Declared(ModelMetadataIdentity key)
    {
        if (key.MetadataKind != ModelMetadataKind.Property || key.ContainerType is not { } form || key.Name is not { } name)
        {
            return null;
        }

        var entity = form.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRecordForm<>))?
            .GetGenericArguments()[0];
        if (entity is null || kinds.All.FirstOrDefault(k => k.EntityType == entity) is not { } kind || kind.Fields.Find(name) is not { } field)
        {
            return null;
        }

        // A list on the record (emails, tags) is typed as text on the form: its own checks apply.
        var column = entity.GetProperty(name)?.PropertyType;
        return column is null || column == typeof(string) || !typeof(System.Collections.IEnumerable).IsAssignableFrom(column) ? field : null;
    }
}
