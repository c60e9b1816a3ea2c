using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Crm.Web.Features.Demo;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>Seeds demo data, then times a few requests against the app served in-process; prints a Markdown table.</summary>
public static class BenchmarkProgram
{
    private const string DemoPassword = "Bench-Pass-2026";

    public static async Task<int> Main(string[] args)
    {
        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"{ex.Message}\nUsage: {BenchmarkOptions.Usage}");
            return 2;
        }

        // The app logs every request to the console; keep the console for the results.
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);

        using var server = new BenchmarkServer(options.DataDirectory);
        server.StartServer();
        var baseAddress = server.ClientOptions.BaseAddress;

        var seedLog = new StringWriter(CultureInfo.InvariantCulture);
        var seedWatch = Stopwatch.StartNew();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            if (options.DataDirectory is not null && await db.Contacts.AnyAsync())
            {
                await seedLog.WriteLineAsync($"Reusing the data in {server.DataDirectory}: {await db.Contacts.CountAsync()} contacts.");
                // Demo users' password is set again so sign-in works whatever the earlier run used.
                await scope.ServiceProvider.GetRequiredService<SeedDemoCommand>().RunAsync(
                    new DemoSeedOptions(Contacts: 0, Companies: 0, Deals: 0, Activities: 0, Password: DemoPassword), TextWriter.Null, CancellationToken.None);
            }
            else if (options.WorkflowRecords is int records)
            {
                var seed = new DemoSeedOptions(records, Math.Max(1, records / 10), 0, 0, 0, DemoPassword);
                await scope.ServiceProvider.GetRequiredService<SeedDemoCommand>().RunAsync(seed, seedLog, CancellationToken.None);
            }
            else if (options.Import is not null || options.Reminders is not null || options.TicketsSla is not null || options.Campaign || options.ReportExport)
            {
                // The import and reminder scenarios need the demo users only, unless other sizes are asked for.
                var seed = new DemoSeedOptions(options.Contacts ?? 0, options.Companies ?? 0, options.Deals ?? 0, options.Tickets ?? 0, options.Activities ?? 0, DemoPassword);
                await scope.ServiceProvider.GetRequiredService<SeedDemoCommand>().RunAsync(seed, seedLog, CancellationToken.None);
            }
            else
            {
                var seed = new DemoSeedOptions(options.Contacts, options.Companies, options.Deals, options.Tickets, options.Activities, DemoPassword);
                await scope.ServiceProvider.GetRequiredService<SeedDemoCommand>().RunAsync(seed, seedLog, CancellationToken.None);
            }
        }

        seedWatch.Stop();
        if (options.Import is int importRows)
        {
            var report = await ImportBenchmark.RunAsync(server, importRows, options.ImportUpdate);
            Console.SetOut(stdout);
            Console.WriteLine(seedLog.ToString().TrimEnd());
            Console.WriteLine();
            Console.WriteLine(report);
            Console.SetOut(TextWriter.Null);
            return 0;
        }

        if (options.Reminders is int reminders)
        {
            var report = await RemindersBenchmark.RunAsync(server, reminders);
            Console.SetOut(stdout);
            Console.WriteLine(seedLog.ToString().TrimEnd());
            Console.WriteLine();
            Console.WriteLine(report);
            Console.SetOut(TextWriter.Null);
            return 0;
        }

        if (options.Campaign)
        {
            var report = await CampaignBenchmark.RunAsync(server);
            Console.SetOut(stdout);
            Console.WriteLine(seedLog.ToString().TrimEnd());
            Console.WriteLine();
            Console.WriteLine(report);
            Console.SetOut(TextWriter.Null);
            return 0;
        }

        if (options.ReportExport)
        {
            var report = await ReportExportBenchmark.RunAsync(server, baseAddress!, DemoPassword, Math.Min(options.Runs, 5));
            Console.SetOut(stdout);
            Console.WriteLine(seedLog.ToString().TrimEnd());
            Console.WriteLine();
            Console.WriteLine(report);
            Console.SetOut(TextWriter.Null);
            return 0;
        }

        if (options.TicketsSla is int ticketsSla)
        {
            var report = await SlaBenchmark.RunAsync(server, ticketsSla);
            Console.SetOut(stdout);
            Console.WriteLine(seedLog.ToString().TrimEnd());
            Console.WriteLine();
            Console.WriteLine(report);
            Console.SetOut(TextWriter.Null);
            return 0;
        }

        if (options.WorkflowRecords is not null)
        {
            var report = await WorkflowBenchmark.RunAsync(server);
            Console.SetOut(stdout);
            Console.WriteLine(seedLog.ToString().TrimEnd());
            Console.WriteLine();
            Console.WriteLine(report);
            Console.SetOut(TextWriter.Null);
            return 0;
        }

        if (options.Load is int seconds)
        {
            var report = await LoadBenchmark.RunAsync(server, DemoPassword, seconds, options.Clients, options.Pages);
            Console.SetOut(stdout);
            Console.WriteLine(seedLog.ToString().TrimEnd());
            Console.WriteLine();
            Console.WriteLine(report);
            Console.SetOut(TextWriter.Null);
            return 0;
        }

        // Before any other request: what the first person to sign in after a start waits for.
        var steps = new List<InteractiveSteps.Step>(await InteractiveSteps.FirstAfterStartAsync(baseAddress!, "admin@demo.crm", DemoPassword));

        using var anonymous = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        using var signedIn = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        await SignInAsync(signedIn, "admin@demo.crm", DemoPassword);

        var (contactId, companyId, contactCount) = await SampleIdsAsync(server);
        var deepPage = Math.Max(1, contactCount / 25 / 2);
        var requests = new (string Name, HttpClient Client, string Path)[]
        {
            ("GET /health", anonymous, "/health"),
            ("GET /Account/Login (anonymous)", anonymous, "/Account/Login"),
            ("GET / (dashboard)", signedIn, "/"),
            ("GET /Contacts (first page)", signedIn, "/Contacts"),
            ($"GET /Contacts?page={deepPage} (deep)", signedIn, $"/Contacts?page={deepPage}"),
            ("GET /Contacts?sort=created&dir=desc", signedIn, "/Contacts?sort=created&dir=desc"),
            ("GET /Contacts?q=mar (search)", signedIn, "/Contacts?q=mar"),
            ("GET /Contacts?q=eloise dub", signedIn, "/Contacts?q=eloise%20dub"),
            ("GET /Contacts/Details/{id}", signedIn, $"/Contacts/Details/{contactId}"),
            ("GET /Companies (first page)", signedIn, "/Companies"),
            ("GET /Companies?q=sol (search)", signedIn, "/Companies?q=sol"),
            ("GET /Companies/Details/{id}", signedIn, $"/Companies/Details/{companyId}"),
            ("GET /Search/Suggest?q=mar", signedIn, "/Search/Suggest?q=mar"),
            ("GET /Search?q=mar (search page)", signedIn, "/Search?q=mar"),
            ("GET /Contacts?q=silva", signedIn, "/Contacts?q=silva"),
            ("GET /Contacts?q=anne sophie", signedIn, "/Contacts?q=anne%20sophie"),
            ("GET /Companies?q=conseil", signedIn, "/Companies?q=conseil"),
            ("GET /Search?q=dumont (search page)", signedIn, "/Search?q=dumont"),
            ("GET /Contacts/Duplicates", signedIn, "/Contacts/Duplicates"),
            ("GET /Companies/Duplicates", signedIn, "/Companies/Duplicates"),
        };

        // Deals (issue 9): the list (first page, a filter, by amount, a page deep into the list by its cursor), a deal's
        // page, and the board and forecast when they exist (a route that answers 404 is reported as missing).
        var deals = await SampleDealsAsync(server);
        (string Name, HttpClient Client, string Path)[] dealRequests = deals.Count == 0 ? [] : new (string Name, HttpClient Client, string Path)[]
        {
            ("GET /Deals (first page)", signedIn, "/Deals"),
            ("GET /Deals?status=Open (filter)", signedIn, "/Deals?status=Open"),
            ("GET /Deals?sort=amount", signedIn, "/Deals?sort=amount"),
            ("GET /Deals?after= (deep cursor)", signedIn, "/Deals?after=" + deals.DeepCursor),
            ("GET /Deals/Details/{id}", signedIn, $"/Deals/Details/{deals.DealId}"),
            ("GET /Deals/Board", signedIn, "/Deals/Board"),
            ("GET /Deals/Forecast", signedIn, "/Deals/Forecast"),
        };
        var missing = new List<string>();
        foreach (var (name, _, path) in dealRequests)
        {
            using var probe = await signedIn.GetAsync(path);
            if (probe.StatusCode == HttpStatusCode.NotFound)
            {
                missing.Add(name);
            }
        }

        requests = [.. requests, .. dealRequests.Where(r => !missing.Contains(r.Name))];

        // Tickets (issue 11): each queue as the support agent sees it (mine, unassigned, my team, at risk) and all of them
        // as the admin, and a ticket's page with its conversation.
        var ticketId = await SampleTicketAsync(server);
        if (ticketId is int ticket)
        {
            var support = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
            await SignInAsync(support, "support@demo.crm", DemoPassword);
            requests =
            [
                .. requests,
                ("GET /Tickets?queue=mine (support)", support, "/Tickets?queue=mine"),
                ("GET /Tickets?queue=unassigned (support)", support, "/Tickets?queue=unassigned"),
                ("GET /Tickets?queue=team (support)", support, "/Tickets?queue=team"),
                ("GET /Tickets?queue=atrisk (support)", support, "/Tickets?queue=atrisk"),
                ("GET /Tickets?queue=all (admin)", signedIn, "/Tickets?queue=all"),
                ("GET /Tickets/Details/{id}", signedIn, $"/Tickets/Details/{ticket}"),
            ];
        }

        var results = new List<(string Name, double[] Ms, double CpuMs)>();
        foreach (var (name, client, path) in requests)
        {
            for (var i = 0; i < options.Warmup; i++)
            {
                await TimeAsync(client, path);
            }

            var times = new double[options.Runs];
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < options.Runs; i++)
            {
                times[i] = await TimeAsync(client, path);
            }

            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / options.Runs;
            Array.Sort(times);
            results.Add((name, times, cpuMs));
        }

        // The interactive writes, once the pages above have been read (merges change the duplicates lists).
        steps.Add(await InteractiveSteps.SignInAsync(baseAddress!, "admin@demo.crm", DemoPassword, options.Runs));
        foreach (var route in new[] { "/Contacts", "/Companies" })
        {
            if (await InteractiveSteps.MergeAsync(signedIn, route, Math.Min(options.Runs, 10)) is { } merge)
            {
                steps.Add(merge);
            }
        }

        var exports = new List<string>();
        string[] exported = deals.Count == 0 ? ["/Contacts/Export", "/Companies/Export"] : ["/Contacts/Export", "/Companies/Export", "/Deals/Export"];
        foreach (var path in exported)
        {
            exports.Add(await ExportAsync(signedIn, path));
        }

        Console.SetOut(stdout);
        Console.WriteLine(seedLog.ToString().TrimEnd());
        Console.WriteLine();
        Console.WriteLine($"Crm benchmark · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {RuntimeInformation.OSDescription} · {Environment.ProcessorCount} cores · .NET {Environment.Version}");
        Console.WriteLine($"SQLite, Production environment, Kestrel on {baseAddress}, client in the same process · seed {seedWatch.Elapsed.TotalSeconds:0.0} s · {options.Runs} runs after {options.Warmup} warm-up");
        Console.WriteLine();
        Console.WriteLine($"| {"Request",-32} | {"Median ms",9} | {"p90 ms",7} | {"Min ms",7} | {"Max ms",7} | {"CPU ms/req",10} |");
        Console.WriteLine($"| {new string('-', 32)} | {new string('-', 8)}: | {new string('-', 6)}: | {new string('-', 6)}: | {new string('-', 6)}: | {new string('-', 9)}: |");
        foreach (var (name, ms, cpuMs) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name,-32} | {Median(ms),9:0.00} | {Percentile(ms, 0.90),7:0.00} | {ms[0],7:0.00} | {ms[^1],7:0.00} | {cpuMs,10:0.0} |"));
        }

        missing.ForEach(name => Console.WriteLine($"| {name,-32} | missing (404) |"));
        Console.WriteLine();
        Console.WriteLine("| Export (every record, one run) | Seconds | First bytes | CPU s | Bytes | Working set growth MB |");
        Console.WriteLine("| ------------------------------ | ------: | ----------: | ----: | ----: | --------------------: |");
        exports.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine(InteractiveSteps.Table(steps));

        // The app's own shutdown lines are not results.
        Console.SetOut(TextWriter.Null);
        return 0;
    }

    /// <summary>One full export, timed, with the process's working set sampled while it streams.</summary>
    private static async Task<string> ExportAsync(HttpClient client, string path)
    {
        GC.Collect();
        var baseline = Environment.WorkingSet;
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Environment.WorkingSet);
                await Task.Delay(20, CancellationToken.None);
            }
        });
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        long bytes = 0;
        double? firstBytes = null;
        await using (var body = await response.Content.ReadAsStreamAsync())
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                firstBytes ??= watch.Elapsed.TotalSeconds;
                bytes += read;
            }
        }

        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"| GET {path,-26} | {watch.Elapsed.TotalSeconds,7:0.00} | {firstBytes ?? 0,11:0.00} | {cpu,7:0.00} | {bytes,5} | {(peak - baseline) / 1048576.0,21:0} |");
    }

    /// <summary>A contact and a company from the middle of the tables, with the most activities, as a busy record would be.</summary>
    private static async Task<(int ContactId, int CompanyId, int Contacts)> SampleIdsAsync(BenchmarkServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var count = await db.Contacts.CountAsync();
        var contact = await db.Contacts.OrderBy(c => c.Id).Skip(count / 2).Select(c => c.Id).FirstOrDefaultAsync();
        var companies = await db.Companies.CountAsync();
        var company = await db.Companies.OrderBy(c => c.Id).Skip(companies / 2).Select(c => c.Id).FirstOrDefaultAsync();
        return (contact, company, count);
    }

    private sealed record DealSample(int Count, int DealId, string DeepCursor);

    /// <summary>A deal from the middle of the table, and the cursor of a list page half-way down the deals by name.</summary>
    private static async Task<DealSample> SampleDealsAsync(BenchmarkServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var count = await db.Deals.CountAsync();
        if (count == 0)
        {
            return new DealSample(0, 0, string.Empty);
        }

        var deal = await db.Deals.OrderBy(d => d.Id).Skip(count / 2).Select(d => d.Id).FirstAsync();
        var middle = await db.Deals.OrderBy(d => d.NameKey).ThenBy(d => d.Id).Skip(count / 2).Select(d => new { d.NameKey, d.Id }).FirstAsync();
        return new DealSample(count, deal, new Cursor(middle.NameKey, middle.Id).Encode());
    }

    /// <summary>A ticket from the middle of the table, with its seeded conversation; null without tickets.</summary>
    private static async Task<int?> SampleTicketAsync(BenchmarkServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var count = await db.Tickets.CountAsync();
        return count == 0 ? null : await db.Tickets.OrderBy(t => t.Id).Skip(count / 2).Select(t => t.Id).FirstAsync();
    }

    private static async Task<double> TimeAsync(HttpClient client, string path)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(path);
        await response.Content.LoadIntoBufferAsync();
        watch.Stop();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: the benchmark would time an error page.");
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    internal static Task SignInAsync(HttpClient client, string email, string password) =>
        InteractiveSteps.PostSignInAsync(client, email, password);

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
