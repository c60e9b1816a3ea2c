using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// <c>--load SECONDS</c>: N signed-in clients at once (<c>--clients</c>, 20 by default), each with its own cookies and
/// antiforgery token, first on one page at a time for SECONDS, then the same page's queries through
/// <see cref="RawServer"/> for SECONDS, then all pages mixed. Prints req/s, p50/p95/p99, CPU per request, EF
/// commands per request and the ratio to the raw query's throughput.
/// </summary>
public static class LoadBenchmark
{
    private sealed record Page(string Name, Func<Client, HttpRequestMessage> Crm, Func<Client, HttpRequestMessage> Raw, int MixWeight)
    {
        /// <summary>The demo user the page is read as (the dashboard of each role); none, the admin. Such pages stay out of the mix.</summary>
        public string? As { get; init; }
    }

    /// <summary>A signed-in client: cookies, the antiforgery token of its session, the contact it logs activities on.</summary>
    private sealed record Client(HttpClient Crm, HttpClient Raw, string Token, int ContactId)
    {
        /// <summary>The same client signed in as other demo users, by email, for the pages read as them.</summary>
        public Dictionary<string, HttpClient> As { get; } = [];
    }

    private sealed record Phase(int Requests, double Seconds, double[] SortedMs, double CpuSeconds, long EfCommands, double EfSeconds, int Errors, string? FirstError)
    {
        public double PerSecond => Requests / Seconds;

        public double P(double p) => SortedMs.Length == 0 ? double.NaN : SortedMs[Math.Min(SortedMs.Length - 1, (int)Math.Ceiling(p * SortedMs.Length) - 1)];

        public double CpuMsPerRequest => Requests == 0 ? double.NaN : CpuSeconds * 1000 / Requests;
    }

    public static async Task<string> RunAsync(BenchmarkServer server, string password, int seconds, int clientCount, string? only = null)
    {
        var (admin, contactIds, companyId) = await SampleAsync(server);
        await using var raw = await RawServer.StartAsync(Path.Combine(server.DataDirectory, "crm.db"), admin);
        using var ef = new EfCommandCounter();

        var clients = new List<Client>();
        for (var i = 0; i < clientCount; i++)
        {
            var crm = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), MaxConnectionsPerServer = 1 }) { BaseAddress = server.ClientOptions.BaseAddress };
            await BenchmarkProgram.SignInAsync(crm, "admin@demo.crm", password);
            var contactId = contactIds[i % contactIds.Count];
            var details = await crm.GetStringAsync($"/Contacts/Details/{contactId}");
            var token = Regex.Match(details, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
            if (!token.Success)
            {
                throw new InvalidOperationException("No antiforgery token on a contact's page.");
            }

            var rawClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = raw.BaseAddress };
            clients.Add(new Client(crm, rawClient, WebUtility.HtmlDecode(token.Groups[1].Value), contactId));
        }

        var detailsId = contactIds[0];
        var pages = new Page[]
        {
            new("GET /Contacts", _ => Get("/Contacts"), _ => Get("/raw/contacts"), 3),
            new("GET /Contacts?q=mar", _ => Get("/Contacts?q=mar"), _ => Get("/raw/contacts?q=mar"), 1),
            new("GET /Contacts/Details/{id}", c => Get($"/Contacts/Details/{c.ContactId}"), c => Get($"/raw/contacts/{c.ContactId}"), 3),
            new("GET /Companies", _ => Get("/Companies"), _ => Get("/raw/companies"), 1),
            new("GET / (dashboard)", _ => Get("/"), _ => Get("/raw/dashboard"), 1),
            new("GET /Search?q=mar", _ => Get("/Search?q=mar"), _ => Get("/raw/search?q=mar"), 1),
            new("GET /Deals/Board", _ => Get("/Deals/Board"), _ => Get("/raw/deals/board"), 1),
            new("GET /Tickets?queue=unassigned", _ => Get("/Tickets?queue=unassigned"), _ => Get("/raw/tickets/unassigned"), 1),
            new("POST /Contacts/LogActivity/{id}", LogActivity, c => new HttpRequestMessage(HttpMethod.Post, $"/raw/contacts/{c.ContactId}/activity"), 1),

            // The dashboard as each role sees it (issue 16: p95 under 150 ms for every role); "--pages Dashboard" runs them alone.
            new("GET /Dashboard (manager)", _ => Get("/Dashboard"), _ => Get("/raw/dashboard"), 0) { As = "manager@demo.crm" },
            new("GET /Dashboard (sales)", _ => Get("/Dashboard"), _ => Get("/raw/dashboard"), 0) { As = "sales@demo.crm" },
            new("GET /Dashboard (support)", _ => Get("/Dashboard"), _ => Get("/raw/dashboard"), 0) { As = "support@demo.crm" },
            new("GET /Dashboard (marketing)", _ => Get("/Dashboard"), _ => Get("/raw/dashboard"), 0) { As = "marketing@demo.crm" },
            new("GET /Dashboard?period=quarter (admin)", _ => Get("/Dashboard?period=quarter"), _ => Get("/raw/dashboard"), 0),
        };

        pages = [.. pages.Where(p => only is null || p.Name.Contains(only, StringComparison.OrdinalIgnoreCase))];
        foreach (var email in pages.Select(p => p.As).OfType<string>().Distinct())
        {
            foreach (var client in clients)
            {
                var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), MaxConnectionsPerServer = 1 }) { BaseAddress = server.ClientOptions.BaseAddress };
                await BenchmarkProgram.SignInAsync(http, email, password);
                client.As[email] = http;
            }
        }

        var duration = TimeSpan.FromSeconds(seconds);
        var rows = new List<string>();
        foreach (var page in pages)
        {
            Func<Client, HttpClient> via = page.As is string email ? c => c.As[email] : c => c.Crm;
            await RunAsync(clients, via, _ => page.Crm, TimeSpan.FromSeconds(Math.Min(2, seconds)), ef); // warm-up
            var crm = await RunAsync(clients, via, _ => page.Crm, duration, ef);
            await RunAsync(clients, c => c.Raw, _ => page.Raw, TimeSpan.FromSeconds(Math.Min(2, seconds)), ef);
            var rawPhase = await RunAsync(clients, c => c.Raw, _ => page.Raw, duration, ef);
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {page.Name,-34} | {crm.PerSecond,7:0} | {crm.P(0.50),6:0.0} | {crm.P(0.95),6:0.0} | {crm.P(0.99),6:0.0} | {crm.CpuMsPerRequest,6:0.00} | {(double)crm.EfCommands / Math.Max(1, crm.Requests),5:0.0} | {crm.EfSeconds * 1000 / Math.Max(1, crm.Requests),6:0.00} | {crm.Errors,6} | {rawPhase.PerSecond,7:0} | {rawPhase.P(0.95),6:0.0} | {rawPhase.CpuMsPerRequest,6:0.00} | {crm.PerSecond / rawPhase.PerSecond,5:0.00} |"));
            if (crm.FirstError is not null)
            {
                rows.Add($"|   first error: {crm.FirstError} |");
            }
        }

        // The mix: each request picks a page by weight, as a team's clicks would spread.
        var weighted = pages.SelectMany(p => Enumerable.Repeat(p, p.MixWeight)).ToArray();
        if (weighted.Length == 0)
        {
            // Only pages outside the mix were asked for (the dashboards by role): the mix reads them once each, as the admin.
            weighted = [.. pages];
        }

        var perPage = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var mix = await RunAsync(clients, c => c.Crm, (c, n) =>
        {
            var page = weighted[n % weighted.Length];
            return page.Crm;
        }, duration, ef, (n, ms) => perPage.GetOrAdd(weighted[n % weighted.Length].Name, _ => []).Add(ms));

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Crm load · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {RuntimeInformation.OSDescription} · {Environment.ProcessorCount} cores · .NET {Environment.Version}");
        report.AppendLine(CultureInfo.InvariantCulture, $"{clientCount} signed-in clients, {seconds} s per phase, Production, SQLite; clients, Crm and the raw endpoint share this process (CPU per request includes the client's share, alike on both sides)");
        report.AppendLine();
        report.AppendLine("| Page (one at a time) | Crm req/s | p50 ms | p95 ms | p99 ms | CPU ms/req | EF cmds/req | EF wall ms/req | errors | raw req/s | raw p95 ms | raw CPU ms/req | ratio |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        rows.ForEach(r => report.AppendLine(r));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Mix (weights {string.Join(", ", pages.Select(p => $"{p.Name.Split(' ')[1]} ×{p.MixWeight}"))}): {mix.PerSecond:0} req/s, CPU {mix.CpuMsPerRequest:0.00} ms/req, {mix.Errors} errors{(mix.FirstError is null ? "" : " (first: " + mix.FirstError + ")")}");
        report.AppendLine();
        report.AppendLine("| Page (in the mix) | requests | p50 ms | p95 ms | p99 ms |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var page in pages)
        {
            var ms = perPage.TryGetValue(page.Name, out var bag) ? bag.Order().ToArray() : [];
            var phase = new Phase(ms.Length, 1, ms, 0, 0, 0, 0, null);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {page.Name} | {ms.Length} | {phase.P(0.50):0.0} | {phase.P(0.95):0.0} | {phase.P(0.99):0.0} |"));
        }

        foreach (var client in clients)
        {
            foreach (var other in client.As.Values)
            {
                other.Dispose();
            }

            client.Crm.Dispose();
            client.Raw.Dispose();
        }

        return report.ToString();
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage LogActivity(Client client) =>
        new(HttpMethod.Post, $"/Contacts/LogActivity/{client.ContactId}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Kind"] = "Note",
                ["Subject"] = "Load test",
                ["BodyFormat"] = "Plain",
                ["__RequestVerificationToken"] = client.Token,
            }),
        };

    private static Task<Phase> RunAsync(List<Client> clients, Func<Client, HttpClient> http, Func<Client, Func<Client, HttpRequestMessage>> request, TimeSpan duration, EfCommandCounter ef) =>
        RunAsync(clients, http, (c, _) => request(c), duration, ef, null);

    private static async Task<Phase> RunAsync(List<Client> clients, Func<Client, HttpClient> http, Func<Client, int, Func<Client, HttpRequestMessage>> request, TimeSpan duration, EfCommandCounter ef, Action<int, double>? record)
    {
        var times = new ConcurrentBag<double>();
        var errors = 0;
        string? firstError = null;
        var sequence = 0;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var efBefore = ef.Count;
        var efTimeBefore = ef.Time;
        var wall = Stopwatch.StartNew();
        var until = wall.Elapsed + duration;
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            var client_http = http(client);
            while (wall.Elapsed < until)
            {
                var n = Interlocked.Increment(ref sequence);
                using var message = request(client, n)(client);
                var watch = Stopwatch.StartNew();
                using var response = await client_http.SendAsync(message);
                var body = await response.Content.ReadAsStringAsync();
                var ms = watch.Elapsed.TotalMilliseconds;
                var ok = response.StatusCode == HttpStatusCode.OK || (message.Method == HttpMethod.Post && response.StatusCode == HttpStatusCode.Redirect);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{message.Method} {message.RequestUri} answered {(int)response.StatusCode}{(body.Contains("database is locked", StringComparison.OrdinalIgnoreCase) ? " (database is locked)" : "")} {response.Headers.Location}", null);
                    continue;
                }

                times.Add(ms);
                record?.Invoke(n, ms);
            }
        })));
        wall.Stop();
        process.Refresh();
        var sorted = times.Order().ToArray();
        return new Phase(sorted.Length, wall.Elapsed.TotalSeconds, sorted, (process.TotalProcessorTime - cpuBefore).TotalSeconds, ef.Count - efBefore, (ef.Time - efTimeBefore).TotalSeconds, errors, firstError);
    }

    private static async Task<(string AdminId, List<int> ContactIds, int CompanyId)> SampleAsync(BenchmarkServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var admin = await db.Users.Where(u => u.Email == "admin@demo.crm").Select(u => u.Id).SingleAsync();
        var count = await db.Contacts.CountAsync();
        // Contacts spread over the table, one per client, so writers log on different records as a team would.
        var ids = new List<int>();
        for (var i = 1; i <= 20; i++)
        {
            ids.Add(await db.Contacts.OrderBy(c => c.Id).Skip(count * i / 21).Select(c => c.Id).FirstAsync());
        }

        var company = await db.Companies.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        return (admin, ids, company);
    }

    /// <summary>Counts the EF commands the app runs, through EF's DiagnosticListener (no change to the app).</summary>
    private sealed class EfCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly IDisposable _all;
        private readonly List<IDisposable> _subscriptions = [];
        private long _count;
        private long _ticks;

        public EfCommandCounter() => _all = DiagnosticListener.AllListeners.Subscribe(this);

        public long Count => Interlocked.Read(ref _count);

        /// <summary>Time EF measured from sending each command to its reader's end, summed.</summary>
        public TimeSpan Time => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this, name => name == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted"));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            Interlocked.Increment(ref _count);
            if (value.Value is Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData executed)
            {
                Interlocked.Add(ref _ticks, executed.Duration.Ticks);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
