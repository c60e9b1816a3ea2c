using System.Text.Json;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Imports;

/// <summary>What every step needs of a job: finding it for the current user, its file, its mapping, its row importer.</summary>
public sealed class ImportPipeline(CrmDbContext db, DataPaths paths, IStringLocalizer<SharedResource> l, TimeProvider clock, IOptions<ImportOptions> options, ChangeScope changes, RecordKinds kinds, UserTime time)
{
    public IStringLocalizer L => l;

    public Func<string, string> Text => s => l[s];

    /// <summary>A job the user may see: their own, or any for an admin. Null answers 404.</summary>
    public Task<ImportJob?> FindAsync(int id, CrmUser user, CancellationToken ct) =>
        db.ImportJobs.AsNoTracking()
            .Where(j => j.Id == id && (j.UserId == user.Id || user.IsIn(Roles.Admin)))
            .SingleOrDefaultAsync(ct);

    public string PathOf(string storedName) => Path.Combine(paths.Uploads, Path.GetFileName(storedName));

    public ImportLimits Limits => options.Value.Limits;

    public SourceFormat Format(ImportJob job) => SourceFormat.Of(job, PathOf(job.StoredPath), Limits);

    public static Dictionary<int, string> Mapping(ImportJob job) =>
        job.MappingJson is { Length: > 0 } json ? JsonSerializer.Deserialize<Dictionary<int, string>>(json) ?? [] : [];

    public static string MappingJson(IReadOnlyDictionary<int, string> mapping) => JsonSerializer.Serialize(mapping);

    /// <summary>A registered kind that declares an import part, by its key (a job's target); null for any other.</summary>
    public RecordKind? Importable(string? key) => kinds.Find(key) is { Importing: not null } kind ? kind : null;

    /// <summary>The importable kind whose route is <c>/{segment}</c> (the upload pages' address), whatever the case.</summary>
    public RecordKind? ImportableAt(string? segment) =>
        ImportableKinds.FirstOrDefault(k => string.Equals(k.Route, "/" + segment, StringComparison.OrdinalIgnoreCase));

    /// <summary>The registered kinds whose records can be imported, in their declared order.</summary>
    public IEnumerable<RecordKind> ImportableKinds => kinds.All.Where(k => k.Importing is not null);

    /// <summary>The import part of the job's kind (a job is only recorded for a kind that has one).</summary>
    public RecordImport Part(ImportJob job) =>
        PartFor(job.Target, Mapping(job).Values.Select(CustomFields.NewImportField.Read).OfType<CustomFields.NewImportField>().DistinctBy(n => n.Key).Select(n => n.Column))
        ?? throw new InvalidOperationException($"Import {job.Id} targets '{job.Target}', which is not an importable kind.");

    /// <summary>
    /// The import part of an importable kind with its custom fields as more columns to map, and the new fields the job's
    /// mapping asks for (created when the import is confirmed); null for another kind.
    /// </summary>
    public RecordImport? PartFor(string? target, IEnumerable<ImportField>? asked = null) =>
        Importable(target)?.Importing is { } part ? part.WithFields([.. CustomFields.CustomFieldImport.Fields(db, target!), .. asked ?? []]) : null;

    public IRowImporter Importer(ImportJob job) =>
        Part(job).Importer(new ImportContext(db, l, ImportRowParser.From(Mapping(job), l), clock, changes, time));
}
