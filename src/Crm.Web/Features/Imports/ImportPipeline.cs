using System.Text.Json;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Imports;

/// <summary>What every step needs of a job: finding it for the current user, its file, its mapping, its row importer.</summary>
public sealed class ImportPipeline(CrmDbContext db, DataPaths paths, IStringLocalizer<SharedResource> l, TimeProvider clock, IOptions<ImportOptions> options, ChangeScope changes)
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

    public IRowImporter Importer(ImportJob job)
    {
        var parser = ImportRowParser.From(Mapping(job), l);
        return job.Target == ImportTargets.Companies
            ? new CompanyRowImporter(db, l, parser)
            : new ContactRowImporter(db, l, parser, clock, changes);
    }
}
