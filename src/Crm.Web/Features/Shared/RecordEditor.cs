using System.Diagnostics.CodeAnalysis;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Shared;

/// <summary>A record form as the shared editor handles it: it carries the version it was loaded with.</summary>
public interface IEditorForm<out TForm>
{
    int Version { get; }

    /// <summary>The same input, to be saved over <paramref name="version"/> (after a conflict the user chose to overwrite).</summary>
    TForm WithVersion(int version);

    /// <summary>The form's own checks that need no database (email and phone formats, SIRET keys), keyed by field.</summary>
    IEnumerable<(string Field, string Message)> Check(Microsoft.Extensions.Localization.IStringLocalizer l);
}

/// <summary>
/// What a kind supplies to the record editor written once in <see cref="RecordPagesController{T, TForm}"/>: its form
/// filled for a new record or loaded from one, its create and save use cases, and the choices its form offers.
/// </summary>
public interface IRecordEditor<TForm>
{
    /// <summary>English resource keys of the kind's editor texts.</summary>
    RecordEditorTexts Texts { get; }

    /// <summary>A new record's form; the query may preselect what the page it came from implies (?companyId=).</summary>
    TForm New(CrmUser user, IQueryCollection query);

    /// <summary>How the edit page names the record.</summary>
    string NameOf(TForm form);

    /// <summary>The form filled with the record: not found when the user may not see it, forbidden when they may not change it.</summary>
    Task<Outcome<TForm>> LoadAsync(int id, CrmUser user, CancellationToken ct);

    /// <summary>Done with the new record's id; possible duplicates unless the user chose to create it anyway.</summary>
    Task<Outcome<int>> CreateAsync(TForm form, CrmUser user, CancellationToken ct);

    /// <summary>Done with the record's id; a conflict carries who changed what meanwhile.</summary>
    Task<Outcome<int>> SaveAsync(int id, TForm form, CrmUser user, CancellationToken ct);

    /// <param name="id">The record edited; null on create.</param>
    Task<RecordFormChoices> ChoicesAsync(TForm form, int? id, CrmUser user, CancellationToken ct);
}

/// <param name="New">The create page's title ("New contact").</param>
/// <param name="Create">The create button ("Create contact").</param>
/// <param name="Created">The message once created ("Contact created.").</param>
/// <param name="MayAlreadyExist">The duplicate warning's heading ("This contact may already exist:").</param>
public sealed record RecordEditorTexts(string New, string Create, string Created, string MayAlreadyExist);

/// <summary>
/// The lists a record form picks from: owners the user may assign, companies (a contact's, a company's parent), and
/// what only the kind's form offers (a deal's stages, contacts and products), read by its <c>_Form</c>.
/// </summary>
public sealed record RecordFormChoices(IReadOnlyList<Choice> Owners, IReadOnlyList<Choice> Companies, object? Own = null);

/// <summary>A record the one being created may repeat; <see cref="Reason"/> is an English resource key ("Same email").</summary>
public sealed record PossibleDuplicate(int Id, string Name, string? Detail, string Reason);

/// <summary>The create or edit page of a record: the shared shell around the kind's <c>_Form</c> partial.</summary>
/// <param name="Form">The kind's form, the model of its <c>_Form</c> partial (whose field names are the form's own).</param>
/// <param name="Id">The record edited; null on create.</param>
/// <param name="Name">The record's name on the edit page.</param>
public sealed record RecordEditorPage(
    RecordKind Kind,
    RecordEditorTexts Texts,
    object Form,
    int? Id,
    string Name,
    RecordFormChoices Choices,
    IReadOnlyList<PossibleDuplicate> Duplicates,
    EditConflict? Conflict)
{
    private const string Key = nameof(RecordEditorPage);

    /// <summary>The page a <c>_Form</c> partial is shown in (its model is the form itself, so that field names stay the form's).</summary>
    public static RecordEditorPage Of(ViewDataDictionary viewData) => (RecordEditorPage)viewData[Key]!;

    public void ShareWith(ViewDataDictionary viewData) => viewData[Key] = this;
}

/// <summary>The steps every kind's create and edit use cases share.</summary>
public static class RecordEditing
{
    /// <summary>Whether the user may not edit the record: not found when they may not see it, forbidden when they may not change it.</summary>
    public static bool Refuses<T>([NotNullWhen(false)] T? record, CrmUser user, out Outcome.Failure refused)
        where T : class, IRecord<T>
    {
        refused = record is null ? Outcome.NotFound : Outcome.Forbidden;
        return record is null || !user.CanEdit<T>(record);
    }

    /// <summary>
    /// Edits a record loaded through the user's access rule: not found or forbidden as <see cref="Refuses{T}"/> says,
    /// a conflict with who changed what when it changed since the form was loaded, invalid when
    /// <paramref name="checkAndApply"/> finds errors (it applies the form only when it finds none), else saved.
    /// </summary>
    public static async Task<Outcome<int>> SaveAsync<T>(
        CrmDbContext db, RecordHistory history, T? record, int loadedVersion, CrmUser user, Func<T, Task<IReadOnlyList<FieldError>>> checkAndApply, CancellationToken ct)
        where T : class, IRecord<T>
    {
        if (Refuses(record, user, out var refused))
        {
            return refused;
        }

        if (record.Version != loadedVersion)
        {
            return Outcome.Conflicted(await ConflictAsync<T>(history, record.Id, record.Version, ct));
        }

        if (await checkAndApply(record) is { Count: > 0 } errors)
        {
            return Outcome.Invalid(errors);
        }

        // Saving compares against the version the form was loaded with, so a change committed since the check above is
        // refused too; touching the version marks the row changed even when only its children (emails, tags) did.
        var version = db.Entry(record).Property<int>(nameof(ITracked.Version));
        version.OriginalValue = loadedVersion;
        version.IsModified = true;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Set<T>().AsNoTracking().Where(r => r.Id == record.Id).Select(r => r.Version).FirstOrDefaultAsync(ct);
            return Outcome.Conflicted(await ConflictAsync<T>(history, record.Id, current, ct));
        }

        return Outcome.Done(record.Id);
    }

    private static async Task<EditConflict> ConflictAsync<T>(RecordHistory history, int id, int currentVersion, CancellationToken ct)
        where T : class, IRecord<T>
    {
        var entries = await history.ReadAsync(T.Kind.AuditType, id, 1, ct);
        var last = entries.Count > 0 ? entries[0] : null;
        return new EditConflict(last?.UserName, last?.At, last?.Changes ?? [], currentVersion);
    }
}
