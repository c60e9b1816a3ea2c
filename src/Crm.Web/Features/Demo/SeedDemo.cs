using System.Diagnostics;
using System.Globalization;

namespace Crm.Web.Features.Demo;

/// <summary>Options of the seed-demo verb. Counts are null when not given on the command line.</summary>
public sealed record DemoSeedOptions(
    int? Contacts = null,
    int? Companies = null,
    int? Deals = null,
    int? Tickets = null,
    int? Activities = null,
    string? Password = null,
    int RandomSeed = 20261129)
{
    public static readonly IReadOnlyList<string> CountOptions = ["contacts", "companies", "deals", "tickets", "activities"];

    public int? Count(string option) => option switch
    {
        "contacts" => Contacts,
        "companies" => Companies,
        "deals" => Deals,
        "tickets" => Tickets,
        "activities" => Activities,
        _ => null,
    };

    public static DemoSeedOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DemoSeedOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i].TrimStart('-').ToLowerInvariant();
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{name} needs a value.");
            int Number()
            {
                var raw = Value();
                return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                    ? n
                    : throw new ArgumentException($"--{name} needs a whole number, not '{raw}'.");
            }

            options = name switch
            {
                "contacts" => options with { Contacts = Number() },
                "companies" => options with { Companies = Number() },
                "deals" => options with { Deals = Number() },
                "tickets" => options with { Tickets = Number() },
                "activities" => options with { Activities = Number() },
                "password" => options with { Password = Value() },
                "seed" => options with { RandomSeed = Number() },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --contacts N --companies N --deals N --tickets N --activities N --password P."),
            };
        }

        return options;
    }
}

/// <summary>One feature's share of the demo data. Each feature registers its own; they run by Order.</summary>
public interface IDemoSeeder
{
    int Order { get; }

    /// <summary>The count options (e.g. "contacts") this seeder acts on.</summary>
    IReadOnlyCollection<string> Handles { get; }

    Task SeedAsync(DemoSeedOptions options, TextWriter output, CancellationToken ct);
}

public sealed class SeedDemoCommand(IEnumerable<IDemoSeeder> seeders)
{
    public async Task RunAsync(DemoSeedOptions options, TextWriter output, CancellationToken ct)
    {
        var ordered = seeders.OrderBy(s => s.Order).ToList();
        var handled = ordered.SelectMany(s => s.Handles).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var option in DemoSeedOptions.CountOptions.Where(o => options.Count(o) is not null && !handled.Contains(o)))
        {
            await output.WriteLineAsync($"Note: --{option} is accepted but {option} are not part of Crm yet; ignored.");
        }

        var total = Stopwatch.StartNew();
        foreach (var seeder in ordered)
        {
            var watch = Stopwatch.StartNew();
            await seeder.SeedAsync(options, output, ct);
            await output.WriteLineAsync($"  {seeder.GetType().Name} done in {watch.Elapsed.TotalSeconds:0.0} s");
        }

        await output.WriteLineAsync($"Demo data seeded in {total.Elapsed.TotalSeconds:0.0} s.");
    }
}

public static class DemoSetup
{
    public static IServiceCollection AddDemoData(this IServiceCollection services)
    {
        services.AddScoped<SeedDemoCommand>();
        return services;
    }
}
