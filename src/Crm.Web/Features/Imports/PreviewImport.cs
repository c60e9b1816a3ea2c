using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Imports;

/// <summary>Step 3: the first rows as the import will treat them: created, updated, skipped as duplicates, or in error and why.</summary>
public static class PreviewImport
{
    public sealed record Row(int Number, RowAction Action, IReadOnlyList<string> Errors, IReadOnlyList<string> Values, int? MatchId, string? MatchName, string? MatchReason);

    public sealed record Page(ImportJob Job, IReadOnlyList<string> Headers, IReadOnlyList<Row> Rows);

    public sealed class Handler(CrmDbContext db, ImportPipeline pipeline, IOptions<ImportOptions> options)
    {
        public async Task<Page> Handle(ImportJob job, CrmUser user, CancellationToken ct)
        {
            var importer = pipeline.Importer(job);
            await importer.LoadAsync(user, job.Duplicates, ct);
            var plans = ImportTable.DataRows(pipeline.Format(job), pipeline.Text, ct).Take(options.Value.PreviewRows).Select(importer.Plan).ToList();

            var ids = plans.Select(p => p.MatchId).OfType<int>().Distinct().ToList();
            var names = job.Target == ImportTargets.Companies
                ? await db.Companies.AsNoTracking().VisibleTo(user).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct)
                : await db.Contacts.AsNoTracking().VisibleTo(user).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (c.FirstName + " " + c.LastName).Trim(), ct);

            var (headers, rows) = job.Target == ImportTargets.Companies
                ? (new[] { pipeline.L["Name"].Value, "SIRET", pipeline.L["VAT number"], pipeline.L["City"], pipeline.L["Phone"] },
                    plans.Select(p => p.Parsed is ParsedCompany c ? new[] { c.Name, c.Siret, c.Vat, c.City, c.Phone } : []))
                : (new[] { pipeline.L["First name"].Value, pipeline.L["Last name"], pipeline.L["Email"], pipeline.L["Phone"], pipeline.L["Company"] },
                    plans.Select(p => p.Parsed is ParsedContact c ? new[] { c.FirstName, c.LastName, string.Join(", ", c.Emails), string.Join(", ", c.Phones), c.CompanyName } : []));

            var previewRows = plans.Zip(rows, (p, values) => new Row(
                p.Row.Number,
                p.Action,
                p.Errors,
                values.Select(v => v ?? string.Empty).ToList(),
                p.MatchId,
                p.MatchId is int id ? names.GetValueOrDefault(id) : null,
                p.MatchReason)).ToList();
            return new Page(job, headers, previewRows);
        }
    }
}
