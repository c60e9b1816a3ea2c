using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Imports;

/// <summary>
/// A column of a file that an import can fill, declared by the kind's import part: its key (stored in a job's mapping),
/// its English label, the French and English header words that name it, and the declared field it fills.
/// </summary>
public sealed record ImportField(string Key, string Label, params string[] Headers)
{
    /// <summary>The columns every kind's import takes, read by the shared importer.</summary>
    public const string OwnerKey = "Owner";

    public const string TeamKey = "Team";

    public const string TagsKey = "Tags";

    public const string IdKey = "Id";

    public const string CreatedKey = "Created";

    /// <summary>The declared field (<see cref="RecordField.Name"/>) the column fills; null for one that fills several (a full name).</summary>
    public string? Field { get; init; }

    /// <summary>The mapping must name this column, or one that <see cref="Fills"/> it.</summary>
    public bool Required { get; init; }

    /// <summary>English resource key of the mapping page's error when a required column is not chosen.</summary>
    public string? Missing { get; init; }

    /// <summary>The key of a required column that this one can stand for (a full name for the last name).</summary>
    public string? Fills { get; init; }

    /// <summary>
    /// Several columns may be mapped to it (emails, phones, tags: Google's "E-mail 1 - Value", "E-mail 2 - Value"...);
    /// their values are read as one list.
    /// </summary>
    public bool ManyColumns { get; init; }

    /// <summary>The user who owns the record, by email or display name (what Crm's export writes); a sales user may name only themselves or their team.</summary>
    public static ImportField Owner(string field) => new(OwnerKey, "Owner (user email or name)",
        "proprietaire", "owner", "responsable", "commercial", "owneremail", "assignedto", "attribuea") { Field = field };

    /// <summary>The record's team, by name (what Crm's export writes): it replaces the owner's team; a sales user may name only their own teams.</summary>
    public static ImportField Team(string field) => new(TeamKey, "Team (by name)",
        "team", "equipe", "teamname", "nomdelequipe", "salesteam", "equipecommerciale") { Field = field };

    /// <summary>
    /// The record's id in this CRM, as its own export writes it: a row whose id and name are those of a record the user
    /// sees is that record (so a record with no email or identifier re-imports onto itself). An id alone, as another
    /// tool's "ID" column holds, matches nothing.
    /// </summary>
    public static ImportField Id() => new(IdKey, "Id (from this CRM's export)", "id", "identifiant");

    /// <summary>
    /// When the record was created in the tool the file comes from (Crm's own export writes it as "Created"): a new record
    /// takes it as its creation date; an update leaves the record's own. The history still says when the import created
    /// it. Not a declared field: nobody edits it.
    /// </summary>
    public static ImportField Created() => new(CreatedKey, "Creation date (new records)",
        "created", "createdat", "createdate", "createddate", "creationdate", "datedecreation", "datecreation", "creele", "cree", "dateajout", "datedajout");

    /// <summary>Tag names separated by commas or semicolons, created when no tag has the name yet.</summary>
    public static ImportField Tags(string field) => new(TagsKey, "Tags",
        "tags", "tag", "etiquettes", "etiquette", "labels", "categories", "motscles") { Field = field, ManyColumns = true };

    /// <summary>A status, in either language; the kind reads the value.</summary>
    public static ImportField Status(string field) => new("Status", "Status", "statut", "status", "etat") { Field = field };

    /// <summary>Headers are compared with everything but letters and digits removed: "E-mail" = "email", "Code postal" = "codepostal".</summary>
    public static string HeaderKey(string? header) =>
        new(SearchKey.Normalize(header).Where(char.IsLetterOrDigit).ToArray());

    /// <summary>The words that name the column: its headers and its key.</summary>
    public IEnumerable<string> Words => Headers.Append(HeaderKey(Key)).Distinct(StringComparer.Ordinal);
}

/// <summary>What a kind's row importer needs of the job's run: the database, the user's language and the mapped row, and the CRM's time zone (the one its exports write times in).</summary>
public sealed record ImportContext(CrmDbContext Db, IStringLocalizer L, ImportRowParser Parser, TimeProvider Clock, ChangeScope Changes, UserTime Time);

/// <summary>
/// The import part of a kind of record (docs/decisions/0007-record-kit.md): the columns it takes, how it explains a
/// match, and its row importer. The import pages, the mapping's checks, the preview and the job work on any kind that
/// declares one and never name a kind.
/// </summary>
public abstract class RecordImport
{
    public required IReadOnlyList<ImportField> Fields { get => _withCustom ?? _declared; init => _declared = value; }

    private readonly IReadOnlyList<ImportField> _declared = [];
    private IReadOnlyList<ImportField>? _withCustom;

    /// <summary>The part with the kind's custom fields after its declared columns (docs/decisions/0015): what one job maps.</summary>
    public RecordImport WithFields(IReadOnlyList<ImportField> custom)
    {
        if (custom.Count == 0)
        {
            return this;
        }

        var copy = (RecordImport)MemberwiseClone();
        copy._withCustom = [.. _declared, .. custom];
        return copy;
    }

    /// <summary>English resource key of the upload page's title ("Import contacts").</summary>
    public required string Title { get; init; }

    /// <summary>English resource key of the result page's link back to the kind's list ("Go to contacts").</summary>
    public required string ListLink { get; init; }

    /// <summary>English resource key of the sentence that says when a row matches an existing record.</summary>
    public required string MatchRule { get; init; }

    /// <summary>Whether the kind's records come in vCard files (address books) as well as tables.</summary>
    public bool TakesVCards { get; init; }

    /// <summary>English resource keys of the preview's columns, in the order of <see cref="RowPlan.Values"/>.</summary>
    public required IReadOnlyList<string> PreviewHeaders { get; init; }

    public abstract IRowImporter Importer(ImportContext context);

    /// <summary>Names of the records among <paramref name="ids"/> that the user may see (the preview's likely duplicates).</summary>
    public abstract Task<Dictionary<int, string>> NamesAsync(CrmDbContext db, CrmUser user, IReadOnlyCollection<int> ids, CancellationToken ct);

    public ImportField? Find(string? key) => Fields.FirstOrDefault(f => f.Key == key);

    /// <summary>Other tools' export layouts for this kind (<see cref="ImportLayouts"/>), whose columns go before the header words.</summary>
    public IReadOnlyList<ImportLayout> Layouts { get; init; } = [];

    /// <summary>
    /// Column index → field key for every header that names a field; a field goes to the first column naming it (to every
    /// one for a field that takes <see cref="ImportField.ManyColumns"/>). When the
    /// headers are another tool's export, that tool's layout places its columns first; the header words place the rest.
    /// </summary>
    public Dictionary<int, string> Guess(IReadOnlyList<string> headers)
    {
        var keys = headers.Select(ImportField.HeaderKey).ToList();
        var layouts = Layouts.Where(l => l.Matches(keys.ToHashSet(StringComparer.Ordinal))).ToList();
        var mapping = new Dictionary<int, string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var placed = new HashSet<int>();
        for (var i = 0; i < keys.Count; i++)
        {
            foreach (var layout in layouts)
            {
                if (layout.TryMap(keys[i], out var key))
                {
                    placed.Add(i);
                    if (Find(key) is { } field && (used.Add(field.Key) || field.ManyColumns))
                    {
                        mapping[i] = field.Key;
                    }

                    break;
                }
            }
        }

        for (var i = 0; i < keys.Count; i++)
        {
            var field = placed.Contains(i) ? null : Fields.FirstOrDefault(f => f.Words.Contains(keys[i], StringComparer.Ordinal));
            if (field is not null && (used.Add(field.Key) || field.ManyColumns))
            {
                mapping[i] = field.Key;
            }
        }

        return mapping;
    }

    /// <summary>The required columns a mapping leaves out (neither they nor a column standing for them are chosen).</summary>
    public IEnumerable<ImportField> MissingFrom(IReadOnlyDictionary<int, string> mapping) =>
        Fields.Where(f => f.Required && !mapping.Values.Any(key => key == f.Key || Find(key)?.Fills == f.Key));
}

public sealed class RecordImport<T> : RecordImport
    where T : class, IRecord<T>
{
    /// <summary>The kind's own row importer: what turns a parsed row into a new or updated record.</summary>
    public required Func<ImportContext, IRowImporter> Create { get; init; }

    public override IRowImporter Importer(ImportContext context) => Create(context);

    public override Task<Dictionary<int, string>> NamesAsync(CrmDbContext db, CrmUser user, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        db.Set<T>().AsNoTracking().VisibleTo(user).Where(r => ids.Contains(r.Id)).Select(T.Kind.Summary)
            .ToDictionaryAsync(s => s.Id, s => s.Name, ct);
}
