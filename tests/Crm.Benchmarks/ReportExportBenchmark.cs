using System.Diagnostics;
using System.Globalization;
using System.Net;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Reports.Builder;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// <c>--report-export N</c>: N demo contacts, then a saved raw report on every contact (seven declared fields: names,
/// job title, city, status, the owner's and the company's names read by subqueries) exported over HTTP by the admin at
/// <c>/Reports/Export?key=saved:{id}</c>, the workbook part's endpoint. Prints the time to the first byte, the total and
/// the CPU seconds of the process, for each of a few runs. The target: 100k rows under 5 s, first bytes within 1 s.
/// </summary>
public static class ReportExportBenchmark
{
    public static async Task<string> RunAsync(BenchmarkServer server, Uri baseAddress, string password, int runs)
    {
        int id;
        int contacts;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            contacts = await db.Contacts.CountAsync();
            var admin = await db.Users.Where(u => u.Email == "admin@demo.crm").Select(u => u.Id).SingleAsync();
            var definition = new ReportDefinition(
                ContactKind.Key,
                [nameof(Contact.FirstName), nameof(Contact.LastName), nameof(Contact.JobTitle), "Address.City", nameof(Contact.Status), nameof(Contact.OwnerId), nameof(Contact.CompanyId)],
                [], [], [], ReportChartType.None);
            var report = new SavedReport
            {
                Name = "Benchmark raw export", Kind = ContactKind.Key, OwnerId = admin, Definition = definition.ToJson(),
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.SavedReports.Add(report);
            await db.SaveChangesAsync();
            id = report.Id;
        }

        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        await BenchmarkProgram.SignInAsync(client, "admin@demo.crm", password);
        var lines = new List<string>();
        var buffer = new byte[81920];
        for (var run = 1; run <= runs; run++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync($"/Reports/Export?key=saved:{id}", HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            long bytes = await body.ReadAsync(buffer);
            var firstByte = watch.Elapsed;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                bytes += read;
            }

            var total = watch.Elapsed;
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {(int)response.StatusCode} | {firstByte.TotalSeconds:0.00} | {total.TotalSeconds:0.00} | {cpuUsed.TotalSeconds:0.00} | {bytes / 1024.0 / 1024.0:0.0} | {GC.GetTotalMemory(false) / 1024 / 1024} |"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"""
            Saved raw report export over HTTP ({contacts} contacts, 7 columns), {Environment.ProcessorCount} cores · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
            | Run | Status | First byte (s) | Total (s) | CPU seconds | MB | Managed heap after (MB) |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
            {string.Join(Environment.NewLine, lines)}
            """);
    }
}
