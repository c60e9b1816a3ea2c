using System.Text.RegularExpressions;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.CustomFields;

/// <summary>The admin's use cases on custom fields (/Admin/Fields): list per kind, add, edit, reorder, remove and restore.</summary>
public sealed partial class CustomFieldAdmin(Infrastructure.Data.CrmDbContext db, RecordKinds kinds, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>What the add and edit form posts (nothing else binds: no over-posting).</summary>
    /// <param name="Choices">One option per line: "English label | Libellé français" (the French may be left out).</param>
    public sealed record Form(
        string? Kind,
        string? Key,
        CustomFieldType Type,
        string? LabelEn,
        string? LabelFr,
        string? HelpEn,
        string? HelpFr,
        bool Required,
        string? DefaultValue,
        string? Choices,
        string? SectionEn,
        string? SectionFr)
    {
        public static Form Of(CustomField f) => new(
            f.Kind, f.Key, f.Type, f.LabelEn, f.LabelFr, f.HelpEn, f.HelpFr, f.Required, f.DefaultValue,
            string.Join('\n', f.Choices.Select(c => c.Fr == c.En ? c.En : $"{c.En} | {c.Fr}")), f.SectionEn, f.SectionFr);
    }

    public sealed record Row(CustomField Field, int Values);

    public sealed record KindFields(RecordKind Kind, IReadOnlyList<Row> Live, IReadOnlyList<Row> Removed, DateTime PurgedBefore);

    public async Task<KindFields?> ListAsync(string? kindKey, CancellationToken ct)
    {
        var kind = kinds.Find(kindKey ?? kinds.All[0].Key);
        if (kind is null)
        {
            return null;
        }

        var fields = await db.CustomFields.AsNoTracking().Where(f => f.Kind == kind.Key).OrderBy(f => f.Position).ThenBy(f => f.Id).ToListAsync(ct);
        var ids = fields.Select(f => f.Id).ToList();
        // Records holding a value, per field (a multiple choice's several rows count once).
        var counts = await db.CustomFieldValues.AsNoTracking().Where(v => ids.Contains(v.FieldId))
            .GroupBy(v => v.FieldId).Select(g => new { g.Key, Records = g.Select(v => v.RecordId).Distinct().Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Records, ct);
        Row RowOf(CustomField f) => new(f, counts.GetValueOrDefault(f.Id));
        return new KindFields(
            kind,
            fields.Where(f => f.DeletedAt == null).Select(RowOf).ToList(),
            fields.Where(f => f.DeletedAt != null).OrderByDescending(f => f.DeletedAt).Select(RowOf).ToList(),
            PurgeBefore(clock));
    }

    public static DateTime PurgeBefore(TimeProvider clock) => clock.GetUtcNow().UtcDateTime.AddDays(-CustomField.RestorableDays);

    public Task<CustomField?> FindAsync(int id, CancellationToken ct) => db.CustomFields.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id && f.DeletedAt == null, ct);

    public async Task<int> CountValuesAsync(int id, CancellationToken ct) =>
        await db.CustomFieldValues.Where(v => v.FieldId == id).Select(v => v.RecordId).Distinct().CountAsync(ct);

    /// <summary>Adds (id null) or edits a field; the kind, name and type of a field are fixed once it exists (values and saved views depend on them).</summary>
    public async Task<Outcome<int>> SaveAsync(int? id, Form form, CancellationToken ct)
    {
        CustomField field;
        if (id is int existing)
        {
            if (await db.CustomFields.FirstOrDefaultAsync(f => f.Id == existing && f.DeletedAt == null, ct) is not { } found)
            {
                return Outcome.NotFound;
            }

            field = found;
        }
        else
        {
            field = new CustomField { Kind = form.Kind ?? string.Empty, Key = (form.Key ?? string.Empty).Trim().ToLowerInvariant(), Type = form.Type, CreatedAt = clock.GetUtcNow().UtcDateTime };
            if (string.IsNullOrEmpty(field.Key))
            {
                field.Key = KeyFrom(form.LabelEn);
            }
        }

        var errors = new List<FieldError>();
        if (id is null)
        {
            if (kinds.Find(field.Kind) is null)
            {
                errors.Add(new(nameof(Form.Kind), l["Choose a kind of record."]));
            }

            if (!Enum.IsDefined(form.Type))
            {
                errors.Add(new(nameof(Form.Type), l["Choose a type."]));
            }

            if (!KeyPattern().IsMatch(field.Key))
            {
                errors.Add(new(nameof(Form.Key), l["The name starts with a letter and has only lower-case letters, digits and dashes, at most {0}.", CustomField.MaxKeyLength]));
            }
            else if (await db.CustomFields.AnyAsync(f => f.Kind == field.Kind && f.Key == field.Key, ct))
            {
                errors.Add(new(nameof(Form.Key), await db.CustomFields.AnyAsync(f => f.Kind == field.Kind && f.Key == field.Key && f.DeletedAt != null, ct)
                    ? l["A removed field has the name {0}: restore it, or choose another name.", field.Key]
                    : l["Another field already has the name {0}.", field.Key]));
            }
        }

        var labelEn = form.LabelEn?.Trim() ?? string.Empty;
        var labelFr = form.LabelFr?.Trim() ?? string.Empty;
        Label(errors, nameof(Form.LabelEn), labelEn, l["Enter the English label."]);
        Label(errors, nameof(Form.LabelFr), labelFr, l["Enter the French label."]);
        var others = await db.CustomFields.AsNoTracking().Where(f => f.Kind == field.Kind && f.DeletedAt == null && f.Id != field.Id).Select(f => new { f.LabelEn, f.LabelFr }).ToListAsync(ct);
        if (labelEn.Length > 0 && others.Any(o => string.Equals(o.LabelEn, labelEn, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new(nameof(Form.LabelEn), l["Another field already has the label {0}.", labelEn]));
        }

        if (labelFr.Length > 0 && others.Any(o => string.Equals(o.LabelFr, labelFr, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new(nameof(Form.LabelFr), l["Another field already has the label {0}.", labelFr]));
        }

        Length(errors, nameof(Form.HelpEn), form.HelpEn, CustomField.MaxHelpLength);
        Length(errors, nameof(Form.HelpFr), form.HelpFr, CustomField.MaxHelpLength);
        Length(errors, nameof(Form.SectionEn), form.SectionEn, CustomField.MaxSectionLength);
        Length(errors, nameof(Form.SectionFr), form.SectionFr, CustomField.MaxSectionLength);

        var choices = field.IsChoice ? ParseChoices(form.Choices, errors) : [];
        field.LabelEn = labelEn;
        field.LabelFr = labelFr;
        field.HelpEn = Trimmed(form.HelpEn);
        field.HelpFr = Trimmed(form.HelpFr);
        field.SectionEn = Trimmed(form.SectionEn);
        field.SectionFr = Trimmed(form.SectionFr);
        field.Required = form.Required;
        field.SetChoices(choices);

        // The default is checked as a value of the field, so a bad date or a choice that is not offered is refused here.
        field.DefaultValue = Trimmed(form.DefaultValue);
        if (field.DefaultValue is { } typedDefault && Enum.IsDefined(field.Type) && errors.Count == 0)
        {
            if (typedDefault.Length > CustomField.MaxDefaultLength)
            {
                errors.Add(new(nameof(Form.DefaultValue), l["{0} must be at most {1} characters.", l["Default value"], CustomField.MaxDefaultLength]));
            }
            else
            {
                var (values, error) = CustomFieldInput.Parse(field, field.Type == CustomFieldType.MultipleChoice ? typedDefault.Split(';') : [typedDefault], l, CustomFieldStore.French);
                if (error is not null)
                {
                    errors.Add(new(nameof(Form.DefaultValue), l["Default value: {0}", error]));
                }
                else if (field.IsChoice)
                {
                    field.DefaultValue = string.Join(';', values.Select(v => v.Text));
                }
            }
        }

        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return Outcome.Invalid(errors);
        }

        if (id is null)
        {
            field.Position = (await db.CustomFields.Where(f => f.Kind == field.Kind).MaxAsync(f => (int?)f.Position, ct) ?? 0) + 1;
            db.CustomFields.Add(field);
        }

        await db.SaveChangesAsync(ct);
        return Outcome.Done(field.Id);
    }

    /// <summary>Moves a field one place up or down among its kind's live fields.</summary>
    public async Task<string?> MoveAsync(int id, bool up, CancellationToken ct)
    {
        if (await db.CustomFields.FirstOrDefaultAsync(f => f.Id == id && f.DeletedAt == null, ct) is not { } field)
        {
            return null;
        }

        var ordered = await db.CustomFields.Where(f => f.Kind == field.Kind && f.DeletedAt == null).OrderBy(f => f.Position).ThenBy(f => f.Id).ToListAsync(ct);
        var at = ordered.IndexOf(field);
        var to = up ? at - 1 : at + 1;
        if (to >= 0 && to < ordered.Count)
        {
            (ordered[at], ordered[to]) = (ordered[to], ordered[at]);
            for (var i = 0; i < ordered.Count; i++)
            {
                ordered[i].Position = i + 1;
            }

            await db.SaveChangesAsync(ct);
        }

        return field.Kind;
    }

    /// <summary>Takes the field off every form, list and export; its values stay, restorable for 30 days.</summary>
    public async Task<CustomField?> RemoveAsync(int id, CancellationToken ct)
    {
        if (await db.CustomFields.FirstOrDefaultAsync(f => f.Id == id && f.DeletedAt == null, ct) is not { } field)
        {
            return null;
        }

        field.DeletedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return field;
    }

    /// <summary>Brings back a field removed less than 30 days ago, with its values, at the end of its kind's fields.</summary>
    public async Task<CustomField?> RestoreAsync(int id, CancellationToken ct)
    {
        var since = PurgeBefore(clock);
        if (await db.CustomFields.FirstOrDefaultAsync(f => f.Id == id && f.DeletedAt != null && f.DeletedAt >= since, ct) is not { } field)
        {
            return null;
        }

        field.DeletedAt = null;
        field.Position = (await db.CustomFields.Where(f => f.Kind == field.Kind && f.DeletedAt == null).MaxAsync(f => (int?)f.Position, ct) ?? 0) + 1;
        await db.SaveChangesAsync(ct);
        return field;
    }

    private List<CustomFieldChoice> ParseChoices(string? text, List<FieldError> errors)
    {
        var choices = new List<CustomFieldChoice>();
        var lines = (text ?? string.Empty).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        if (lines.Count == 0)
        {
            errors.Add(new(nameof(Form.Choices), l["Enter the choices, one per line."]));
            return choices;
        }

        if (lines.Count > CustomField.MaxChoices)
        {
            errors.Add(new(nameof(Form.Choices), l["At most {0} choices.", CustomField.MaxChoices]));
            return choices;
        }

        foreach (var line in lines)
        {
            var parts = line.Split('|', StringSplitOptions.TrimEntries);
            var en = parts[0];
            var fr = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : en;
            var key = KeyFrom(en);
            if (parts.Length > 2 || en.Length == 0 || key.Length == 0)
            {
                errors.Add(new(nameof(Form.Choices), l["“{0}” is not a choice: write the English label, then | and the French label.", line]));
            }
            else if (en.Length > CustomField.MaxLabelLength || fr.Length > CustomField.MaxLabelLength)
            {
                errors.Add(new(nameof(Form.Choices), l["{0} must be at most {1} characters.", line, CustomField.MaxLabelLength]));
            }
            else if (choices.Any(c => c.Key == key || string.Equals(c.Fr, fr, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(new(nameof(Form.Choices), l["The choice {0} is there twice.", en]));
            }
            else
            {
                choices.Add(new CustomFieldChoice(key, en, fr));
            }
        }

        return choices;
    }

    private void Label(List<FieldError> errors, string field, string value, string missing)
    {
        if (value.Length == 0)
        {
            errors.Add(new(field, missing));
        }
        else if (value.Length > CustomField.MaxLabelLength)
        {
            errors.Add(new(field, l["{0} must be at most {1} characters.", value, CustomField.MaxLabelLength]));
        }
    }

    private void Length(List<FieldError> errors, string field, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.Add(new(field, l["{0} must be at most {1} characters.", value.Trim()[..20] + "…", max]));
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A name made from a label: "Budget 2027 (€)" → "budget-2027".</summary>
    public static string KeyFrom(string? label)
    {
        var words = NonKey().Split(SearchKey.Normalize(label)).Where(w => w.Length > 0);
        var key = string.Join('-', words);
        key = key.Length > CustomField.MaxKeyLength ? key[..CustomField.MaxKeyLength].TrimEnd('-') : key;
        return key.Length > 0 && char.IsDigit(key[0]) ? "f-" + key : key;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,59}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonKey();
}
