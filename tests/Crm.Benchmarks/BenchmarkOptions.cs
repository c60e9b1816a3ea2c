using System.Globalization;

namespace Crm.Benchmarks;

/// <summary>Command line: the demo data to seed and how many times each request is timed.</summary>
public sealed record BenchmarkOptions(int? Contacts, int? Companies, int? Deals, int? Tickets, int? Activities, int Runs, int Warmup, string? DataDirectory = null, int? Import = null, int? Load = null, int Clients = 20, bool ImportUpdate = false, int? Reminders = null, int? WorkflowRecords = null, int? TicketsSla = null, bool Campaign = false, string? Pages = null, bool ReportExport = false)
{
    public const string Usage =
        "dotnet run -c Release --project tests/Crm.Benchmarks -- [--contacts N] [--companies N] [--deals N] [--tickets N] [--activities N] [--runs N] [--warmup N] [--data DIR] [--import N] [--import-update N] [--load SECONDS] [--clients N] [--pages TEXT] [--reminders N] [--workflow-records N] [--tickets-sla N] [--campaign N] [--report-export N]";

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions(null, null, null, null, null, Runs: 50, Warmup: 5);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i].TrimStart('-').ToLowerInvariant();
            var raw = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{name} needs a value.");
            if (name == "data")
            {
                // A kept data folder: seeded once, measured many times (seeding 1M activities takes a minute or two).
                options = options with { DataDirectory = raw };
                continue;
            }

            if (name == "pages")
            {
                // Only the load pages whose name contains TEXT (e.g. "Details"): a shorter run to profile one page.
                options = options with { Pages = raw };
                continue;
            }

            var n = int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
                ? parsed
                : throw new ArgumentException($"--{name} needs a whole number, not '{raw}'.");
            options = name switch
            {
                "contacts" => options with { Contacts = n },
                "companies" => options with { Companies = n },
                "deals" => options with { Deals = n },
                "tickets" => options with { Tickets = n },
                "activities" => options with { Activities = n },
                "runs" => options with { Runs = Math.Max(1, n) },
                "warmup" => options with { Warmup = n },
                "import" => options with { Import = n },
                // The import of N new rows, then the same N rows again in "update" mode with another job title.
                "import-update" => options with { Import = n, ImportUpdate = true },
                "load" => options with { Load = Math.Max(1, n) },
                // N reminders due in the same minute, fired by one run of the sweeper.
                "reminders" => options with { Reminders = n },
                // N open tickets, a few past their deadline or their at-risk share, swept by the SLA escalation twice.
                "tickets-sla" => options with { TicketsSla = n },
                // N contacts, all added to an email campaign that is queued, then drained to the pickup folder.
                "campaign" => options with { Contacts = n, Campaign = true },
                // N contacts, then a saved raw report on all of them exported over HTTP (/Reports/Export?key=saved:{id}).
                "report-export" => options with { Contacts = n, ReportExport = true },
                "clients" => options with { Clients = Math.Max(1, n) },
                // N contacts, then a "no activity for 30 days" rule swept over them all.
                "workflow-records" => options with { WorkflowRecords = n },
                _ => throw new ArgumentException($"Unknown option '{args[i - 1]}'."),
            };
        }

        return options;
    }
}
