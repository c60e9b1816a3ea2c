using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.EmailTemplates;

/// <summary>/Admin/EmailTemplates: list, write, preview and delete templates; a merge field the kind does not have is refused on save, by name.</summary>
public sealed class EmailTemplateAdmin(CrmDbContext db, MergeValues merge, RecordKinds kinds, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>English resource keys naming each kind a template can be about.</summary>
    public static readonly IReadOnlyDictionary<string, string> KindNames = new Dictionary<string, string>
    {
        ["contacts"] = "Contact",
        ["companies"] = "Company",
        ["deals"] = "Deal",
        ["tasks"] = "Task",
        ["campaigns"] = "Campaign",
    };

    public sealed record Row(int Id, string Name, string Kind, bool HasFrench, bool HasEnglish, DateTime UpdatedAt);

    public sealed record Form(string? Name, string? Kind, string? SubjectEn, string? BodyEn, string? SubjectFr, string? BodyFr)
    {
        public static Form Of(MailTemplate t) => new(t.Name, t.Kind, t.SubjectEn, t.BodyEn, t.SubjectFr, t.BodyFr);

        public MailTemplate ToTemplate() => new() { Name = Name ?? string.Empty, Kind = Kind ?? string.Empty, SubjectEn = SubjectEn, BodyEn = BodyEn, SubjectFr = SubjectFr, BodyFr = BodyFr };
    }

    /// <summary>What the preview shows: the mail in a language, with a record's values or sample ones.</summary>
    public sealed record Preview(string Language, int? RecordId, string? RecordName, RenderedMail Mail);

    public sealed record Choice(int Id, string Name);

    public Task<List<Row>> ListAsync(CancellationToken ct) =>
        db.Set<MailTemplate>().AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new Row(t.Id, t.Name, t.Kind, t.SubjectFr != null || t.BodyFr != null, t.SubjectEn != null || t.BodyEn != null, t.UpdatedAt))
            .ToListAsync(ct);

    public Task<MailTemplate?> FindAsync(int id, CancellationToken ct) => db.Set<MailTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);

    /// <summary>The latest records of the kind, to preview with (admins see every record).</summary>
    public async Task<IReadOnlyList<Choice>> RecordChoicesAsync(string? kind, CancellationToken ct) =>
        kinds.Find(kind) is { } found
            ? await found.Summaries(db).Where(s => s.DeletedAt == null).OrderByDescending(s => s.Id).Take(50).Select(s => new Choice(s.Id, s.Name)).ToListAsync(ct)
            : [];

    public IReadOnlyList<FieldError> Check(Form form)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(form.Name))
        {
            errors.Add(new(nameof(Form.Name), l["Name the template."]));
        }
        else if (form.Name.Trim().Length > MailTemplate.MaxNameLength)
        {
            errors.Add(new(nameof(Form.Name), l["The name must be at most {0} characters.", MailTemplate.MaxNameLength]));
        }

        if (form.Kind is null || !MergeFields.ByKind.ContainsKey(form.Kind))
        {
            errors.Add(new(nameof(Form.Kind), l["Choose what the template is about."]));
            return errors;
        }

        if (string.IsNullOrWhiteSpace(form.SubjectEn) && string.IsNullOrWhiteSpace(form.BodyEn) && string.IsNullOrWhiteSpace(form.SubjectFr) && string.IsNullOrWhiteSpace(form.BodyFr))
        {
            errors.Add(new(nameof(Form.SubjectEn), l["Write the email in English, in French, or both."]));
        }

        CheckLanguage(errors, form.Kind, nameof(Form.SubjectEn), form.SubjectEn, nameof(Form.BodyEn), form.BodyEn);
        CheckLanguage(errors, form.Kind, nameof(Form.SubjectFr), form.SubjectFr, nameof(Form.BodyFr), form.BodyFr);
        return errors;
    }

    public async Task<Outcome<int>> SaveAsync(int? id, Form form, CancellationToken ct)
    {
        var errors = Check(form).ToList();
        var name = form.Name?.Trim() ?? string.Empty;
        if (errors.Count == 0 && await db.Set<MailTemplate>().AnyAsync(t => t.Name == name && t.Id != id, ct))
        {
            errors.Add(new(nameof(Form.Name), l["Another template is already named “{0}”.", name]));
        }

        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        MailTemplate? template;
        if (id is null)
        {
            template = new MailTemplate();
            db.Add(template);
        }
        else if ((template = await db.Set<MailTemplate>().FirstOrDefaultAsync(t => t.Id == id, ct)) is null)
        {
            return Outcome.NotFound;
        }

        template.Name = name;
        template.Kind = form.Kind!;
        template.SubjectEn = Blank(form.SubjectEn)?.Trim();
        template.BodyEn = Blank(form.BodyEn);
        template.SubjectFr = Blank(form.SubjectFr)?.Trim();
        template.BodyFr = Blank(form.BodyFr);
        template.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Outcome.Done(template.Id);
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken ct) =>
        await db.Set<MailTemplate>().Where(t => t.Id == id).ExecuteDeleteAsync(ct) > 0;

    /// <summary>The form as typed, rendered in <paramref name="language"/> with record <paramref name="recordId"/>'s values, or sample ones.</summary>
    public async Task<Preview> PreviewAsync(Form form, string? language, int? recordId, CancellationToken ct)
    {
        language = language == "fr" ? "fr" : "en";
        var kind = form.Kind ?? "contacts";
        var record = recordId is int id ? await merge.ForAsync(kind, id, language, null, ct) : null;
        var name = record is null || kinds.Find(kind) is not { } found ? null
            : await found.Summaries(db).Where(s => s.Id == recordId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        var values = record?.Values ?? merge.Sample(kind, language);
        return new Preview(language, record is null ? null : recordId, name, MailTemplates.Render(form.ToTemplate(), language, values));
    }

    private void CheckLanguage(List<FieldError> errors, string kind, string subjectField, string? subject, string bodyField, string? body)
    {
        if (subject?.Trim().Length > MailTemplate.MaxSubjectLength)
        {
            errors.Add(new(subjectField, l["The subject must be at most {0} characters.", MailTemplate.MaxSubjectLength]));
        }

        if (body?.Length > MailTemplate.MaxBodyLength)
        {
            errors.Add(new(bodyField, l["The text must be at most {0} characters.", MailTemplate.MaxBodyLength]));
        }

        if (string.IsNullOrWhiteSpace(subject) != string.IsNullOrWhiteSpace(body))
        {
            errors.Add(new(string.IsNullOrWhiteSpace(subject) ? subjectField : bodyField, l["Write both the subject and the text of a language, or neither."]));
        }

        foreach (var (field, text) in new[] { (subjectField, subject), (bodyField, body) })
        {
            var unknown = MergeFields.Unknown(kind, text);
            if (unknown.Count > 0)
            {
                errors.Add(new(field, unknown.Count == 1
                    ? l["{0} is not a merge field of this kind of record: use one of those listed.", "{{" + unknown[0] + "}}"]
                    : l["{0} are not merge fields of this kind of record: use those listed.", string.Join(", ", unknown.Select(u => "{{" + u + "}}"))]));
            }
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
