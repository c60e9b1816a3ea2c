using System.Diagnostics;
using System.Globalization;
using System.Text;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// <c>--import N</c>: writes an N-row contacts CSV as French Excel does (Windows-1252, semicolons, CRLF; company, phone,
/// email and two tags on every row) and takes it through the handlers the import pages call: upload (sniff and count),
/// mapping (the guessed one), then the run, inline as with Hangfire off. Prints the time of each step.
/// </summary>
public static class ImportBenchmark
{
    private static readonly string[] FirstNames = ["Éloïse", "François", "Hélène", "Gaëlle", "Noël", "Zoé", "Jérôme", "Agnès", "Loïc", "Cécile", "Benoît", "Maëlys"];
    private static readonly string[] LastNames = ["Lefèvre", "Dupré", "Müller", "Bénard", "Cœur", "Garçon", "Lévêque", "Chênevière", "Dubois", "Martin", "Moreau", "Rivière"];
    private static readonly string[] Tags = ["client", "prospect", "salon-2026", "newsletter", "vip", "partenaire", "relance", "export"];

    public static async Task<string> RunAsync(BenchmarkServer server, int rows, bool thenUpdate = false)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var report = await ImportOnceAsync(server, rows, "Responsable achats", DuplicateHandling.Skip);
        return thenUpdate
            ? report + Environment.NewLine + Environment.NewLine + await ImportOnceAsync(server, rows, "Directrice des achats", DuplicateHandling.Update)
            : report;
    }

    /// <summary>One import of the generated file (every row's job title set to <paramref name="title"/>), timed step by step, with the process's CPU time.</summary>
    private static async Task<string> ImportOnceAsync(BenchmarkServer server, int rows, string title, DuplicateHandling duplicates)
    {
        var csv = Path.Combine(server.DataDirectory, $"import-{rows}-{duplicates}.csv");
        var watch = Stopwatch.StartNew();
        WriteCsv(csv, rows, title);
        var generate = watch.Elapsed;

        await using var scope = server.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CrmDbContext>();
        var admin = await db.Users.AsNoTracking().Where(u => u.Email == "admin@demo.crm").Select(u => new { u.Id, u.TeamId }).SingleAsync();
        var user = new CrmUser(admin.Id, admin.TeamId, new HashSet<string>([Roles.Admin], StringComparer.Ordinal));
        var contactsBefore = await db.Contacts.CountAsync();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;

        watch.Restart();
        UploadImport.Result uploaded;
        await using (var stream = File.OpenRead(csv))
        {
            var file = new FormFile(stream, 0, stream.Length, "file", Path.GetFileName(csv)) { Headers = new HeaderDictionary(), ContentType = "text/csv" };
            uploaded = await services.GetRequiredService<UploadImport.Handler>().Handle(Crm.Web.Features.Contacts.ContactKind.Key, file, user, CancellationToken.None);
        }

        var id = uploaded.JobId ?? throw new InvalidOperationException("Upload refused: " + uploaded.Error);
        var upload = watch.Elapsed;
        // What the mapping page's "if a contact already exists" choice sets.
        await db.ImportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Duplicates, duplicates));

        var pipeline = services.GetRequiredService<ImportPipeline>();
        var job = await pipeline.FindAsync(id, user, CancellationToken.None) ?? throw new InvalidOperationException("No job");
        watch.Restart();
        var preview = await services.GetRequiredService<PreviewImport.Handler>().Handle(job, user, CancellationToken.None);
        var previewTime = watch.Elapsed;

        watch.Restart();
        var refused = await services.GetRequiredService<StartImport.Handler>().Handle(job, user, CancellationToken.None);
        if (refused.Count > 0)
        {
            throw new InvalidOperationException("Import not started: " + string.Join(" ", refused));
        }

        var run = watch.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        job = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == id);
        var contactsAfter = await db.Contacts.CountAsync();
        var audit = await db.Set<AuditEntry>().CountAsync();
        return string.Create(CultureInfo.InvariantCulture, $"""
            Import of {rows} contact rows in "{duplicates}" mode ({new FileInfo(csv).Length / 1024 / 1024.0:0.0} MB CSV, Windows-1252, ';'), {Environment.ProcessorCount} cores · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
            | Step | Seconds |
            | --- | ---: |
            | write the CSV (benchmark only) | {generate.TotalSeconds:0.0} |
            | upload: sniff, check, count | {upload.TotalSeconds:0.0} |
            | preview ({preview.Rows.Count} rows) | {previewTime.TotalSeconds:0.0} |
            | run (inline) | {run.TotalSeconds:0.0} |
            | CPU, upload to the end of the run | {cpu.TotalSeconds:0.0} |
            Job: {job.Status}, {job.ProcessedRows} processed, {job.CreatedCount} created, {job.UpdatedCount} updated, {job.SkippedCount} skipped, {job.ErrorCount} errors{(job.Message is null ? "" : " · " + job.Message)}
            Contacts {contactsBefore} → {contactsAfter} · audit entries {audit} · {rows / Math.Max(0.001, run.TotalSeconds):0} rows/s
            """);
    }

    private static void WriteCsv(string path, int rows, string title)
    {
        using var writer = new StreamWriter(path, append: false, Encoding.GetEncoding(1252)) { NewLine = "\r\n" };
        writer.WriteLine("Prénom;Nom;E-mail;Société;Téléphone;Fonction;Tags");
        var companies = Math.Max(1, rows / 10);
        for (var i = 0; i < rows; i++)
        {
            // Ten people per company, with ten different first names: no row is a likely duplicate of another.
            var first = FirstNames[i % 10];
            var last = LastNames[(i / 10) % LastNames.Length];
            var company = (i / 10) % companies;
            // A unique email and phone per row, so that every row is new (the create path is the one measured).
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{first};{last};{Ascii(first)}.{Ascii(last)}.{i}@entreprise{company}.example;Entreprise {company} SARL;01 {(i / 1_000_000) % 100:00} {(i / 10_000) % 100:00} {(i / 100) % 100:00} {i % 100:00};{title};\"{Tags[i % Tags.Length]}, {Tags[(i / Tags.Length + 1) % Tags.Length]}\""));
        }
    }

    private static string Ascii(string s) => Crm.Web.Infrastructure.Text.SearchKey.Normalize(s).Replace(" ", "", StringComparison.Ordinal);
}
