using System.Globalization;
using Crm.Web.Features.Activities;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Demo;
using Crm.Web.Features.Products;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Search;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using static Crm.Web.Features.Demo.DemoData;

namespace Crm.Web.Features.Deals;

/// <summary>
/// Two pipelines ("New business", the default one, and "Renewals"), a few products, rates for USD and GBP, then deals at
/// the seeded companies with some of their contacts, each walked through its stages over the past months (some skip a
/// stage, about a quarter are won, a fifth lost with a reason, a few reopened after a loss, the rest open across the
/// stages, closing over the next months), some with product lines, and activities regarding some of them. Written in
/// bulk (<see cref="BulkWriter"/>); the same --seed gives the same deals. Additive: each run adds deals.
/// </summary>
public sealed class DemoDealsSeeder(CrmDbContext db, TimeProvider clock, CurrencyRates rates, PipelineCatalog catalog) : IDemoSeeder
{
    public const int DefaultCount = 300;
    public const string RenewalsName = "Renewals";

    public static readonly IReadOnlyList<(string Name, int Probability, int? RottingDays)> RenewalStages =
    [
        ("Renewal due", 60, 30),
        ("Contacted", 70, 21),
        ("Quote sent", 85, 14),
        ("Agreed", 95, 7),
    ];

    /// <summary>The demo rates: what one unit is worth in euros.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> EuroRates = new Dictionary<string, decimal> { ["USD"] = 0.92m, ["GBP"] = 1.17m };

    private static readonly (string Name, string Code, long PriceCents, decimal Vat)[] Catalogue =
    [
        ("Licence CRM (par utilisateur et par an)", "CRM-USER", 45_000, 20m),
        ("Pack démarrage", "CRM-START", 250_000, 20m),
        ("Journée de formation", "TRAIN-DAY", 120_000, 20m),
        ("Support premium (annuel)", "SUP-PREM", 480_000, 20m),
        ("Intégration ERP", "INT-ERP", 950_000, 20m),
        ("Migration des données", "MIG-DATA", 380_000, 20m),
        ("Module e-mailing", "MOD-MAIL", 90_000, 20m),
        ("Livre blanc imprimé", "BOOK-PRINT", 2_500, 5.5m),
    ];

    private static readonly (string Fr, string En)[] Topics =
    [
        ("Licences CRM", "CRM licences"), ("Déploiement", "Roll-out"), ("Formation des équipes", "Team training"),
        ("Support premium", "Premium support"), ("Extension équipe", "Team extension"), ("Intégration ERP", "ERP integration"),
        ("Projet pilote", "Pilot project"), ("Migration", "Migration"), ("Nouveau site", "New site"), ("Module e-mailing", "E-mailing module"),
    ];

    private static readonly (string Fr, string En)[] LostReasons =
    [
        ("Prix trop élevé", "Price too high"), ("Concurrent retenu", "Went with a competitor"), ("Pas de budget", "No budget"),
        ("Projet abandonné", "Project cancelled"), ("Pas de décision", "No decision"), ("Plus de nouvelles", "Went silent"),
        ("Besoin mal couvert", "Poor fit"),
    ];

    private static readonly (string Fr, string En)[] NextSteps =
    [
        ("Envoyer la proposition", "Send the proposal"), ("Planifier une démo", "Book a demo"), ("Rappeler le décideur", "Call the decision maker back"),
        ("Relancer le devis", "Chase the quote"), ("Revue juridique du contrat", "Legal review of the contract"), ("Faire signer", "Get it signed"),
    ];

    private static readonly string[] Sources = ["Site web", "Recommandation", "Salon", "Prospection", "Partenaire", "Webinar", "Appel entrant"];

    private static readonly DealContactRole[] OtherRoles =
        [DealContactRole.Influencer, DealContactRole.Buyer, DealContactRole.User, DealContactRole.Champion, DealContactRole.Other];

    public int Order => 40;

    public IReadOnlyCollection<string> Handles => ["deals"];

    public async Task SeedAsync(DemoSeedOptions options, TextWriter output, CancellationToken ct)
    {
        var count = options.Deals ?? DefaultCount;
        if (count == 0)
        {
            return;
        }

        var random = RandomFor(options, 4);
        var today = Today(clock);
        var companies = await db.Companies.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new DealCompany(c.Id, c.Name, c.BillingAddress.Country != "France", c.OwnerId, c.TeamId))
            .ToListAsync(ct);
        if (companies.Count == 0)
        {
            await output.WriteLineAsync("Note: no companies to sell to; --deals ignored.");
            return;
        }

        var contacts = (await db.Contacts.AsNoTracking().Where(c => c.CompanyId != null).OrderBy(c => c.Id)
                .Select(c => new DealPerson(c.Id, c.CompanyId!.Value, c.FirstName))
                .ToListAsync(ct))
            .GroupBy(c => c.CompanyId).ToDictionary(g => g.Key, g => g.ToList());
        var pipelines = await EnsurePipelinesAsync(ct);
        var products = await EnsureProductsAsync(ct);
        var currencies = await EnsureRatesAsync(ct);
        var owners = await DemoOwners.LoadAsync(db, ct);
        var tagIds = await DemoOwners.EnsureTagsAsync(db, ct);

        // Deals go mostly to companies with people to talk to; a busy few get many.
        var withPeople = companies.Where(c => contacts.ContainsKey(c.Id)).ToList();
        var targets = withPeople.Count > 0 ? withPeople : companies;
        var picker = new WeightedPicker(random, targets.Count, noneShare: 0.3);

        await using var writer = await BulkWriter.OpenAsync(db, ct);
        var deals = writer.Table<Deal>(returnsId: true,
            nameof(Deal.Name), nameof(Deal.NameKey), nameof(Deal.CompanyId), nameof(Deal.PipelineId), nameof(Deal.StageId),
            nameof(Deal.StageEnteredAt), nameof(Deal.Status), nameof(Deal.ClosedAt), nameof(Deal.LostReason), nameof(Deal.AmountCents),
            nameof(Deal.Currency), nameof(Deal.AmountDefaultCents), nameof(Deal.ExpectedCloseDate), nameof(Deal.Source), nameof(Deal.NextStep),
            nameof(Deal.OwnerId), nameof(Deal.TeamId), nameof(Deal.CreatedAt), nameof(Deal.UpdatedAt), nameof(Deal.LastActivityAt),
            nameof(Deal.Version));
        var changes = writer.Table<DealStageChange>(returnsId: false,
            nameof(DealStageChange.DealId), nameof(DealStageChange.FromStageId), nameof(DealStageChange.FromStatus),
            nameof(DealStageChange.ToStageId), nameof(DealStageChange.Status), nameof(DealStageChange.ByUserId),
            nameof(DealStageChange.At), nameof(DealStageChange.AmountDefaultCents));
        var people = writer.Table<DealContact>(returnsId: false, nameof(DealContact.DealId), nameof(DealContact.ContactId), nameof(DealContact.Role));
        var lines = writer.Table<DealLine>(returnsId: false,
            nameof(DealLine.DealId), nameof(DealLine.Position), nameof(DealLine.ProductId), nameof(DealLine.Name), nameof(DealLine.Quantity),
            nameof(DealLine.UnitPriceCents), nameof(DealLine.DiscountPercent), nameof(DealLine.VatRate), nameof(DealLine.NetCents),
            nameof(DealLine.VatCents));
        var dealTags = writer.Table<DealTag>(returnsId: false, nameof(DealTag.DealId), nameof(DealTag.TagId));
        var activities = writer.Table<Activity>(returnsId: false,
            nameof(Activity.Kind), nameof(Activity.Subject), nameof(Activity.OccurredAt), nameof(Activity.DurationMinutes),
            nameof(Activity.Outcome), nameof(Activity.Body), nameof(Activity.BodyFormat), nameof(Activity.ContactId),
            nameof(Activity.CompanyId), nameof(Activity.RecordKind), nameof(Activity.RecordId), nameof(Activity.CreatedById),
            nameof(Activity.CreatedAt), nameof(Activity.UpdatedAt), nameof(Activity.Version));
        var searchWords = SearchWordTable.Open(writer);

        var progress = new Progress(output, "deals", count);
        var contactLatest = new Dictionary<int, DateTime>();
        var companyLatest = new Dictionary<int, DateTime>();
        var (moveCount, lineCount, activityCount) = (0, 0, 0);
        for (var i = 0; i < count; i++)
        {
            var company = targets[picker.Next()];
            var pipeline = random.Chance(0.2) ? pipelines[1] : pipelines[0];
            var deal = Plan(random, today, pipeline, company, contacts.GetValueOrDefault(company.Id) ?? [], products, currencies, owners);
            var last = deal.Moves[^1];
            var stage = pipeline.Stages[deal.Moves.Last(m => m.StageIndex is not null).StageIndex!.Value];
            var stageEnteredAt = deal.Moves.Last(m => m.StageIndex is not null).At;
            var talks = Talks(random, deal, stageEnteredAt, today);
            DateTime? lastActivity = talks.Count > 0 ? talks.Max(t => t.At) : null;
            var id = await deals.InsertReturningIdAsync(ct,
                deal.Name, SearchKey.Normalize(deal.Name), company.Id, pipeline.Id, stage.Id, stageEnteredAt, last.Status,
                last.Status == DealStatus.Open ? null : last.At, deal.LostReason, deal.AmountCents, deal.Currency,
                deal.AmountDefaultCents, deal.ExpectedClose, deal.Source, deal.NextStep, deal.Owner?.UserId, deal.Owner?.TeamId,
                deal.Moves[0].At, last.At, lastActivity, 1);

            int? fromStage = null;
            DealStatus? fromStatus = null;
            foreach (var move in deal.Moves)
            {
                var toStage = move.StageIndex is int index ? pipeline.Stages[index].Id : fromStage!.Value;
                await changes.ExecuteAsync(ct, id, fromStage, fromStatus, toStage, move.Status, deal.Owner?.UserId, move.At, deal.AmountDefaultCents);
                (fromStage, fromStatus) = (toStage, move.Status);
            }

            foreach (var (contactId, role) in deal.People)
            {
                await people.ExecuteAsync(ct, id, contactId, role);
            }

            for (var n = 0; n < deal.Lines.Count; n++)
            {
                var line = deal.Lines[n];
                await lines.ExecuteAsync(ct, id, n, line.ProductId, line.Name, line.Quantity, line.UnitPriceCents, line.DiscountPercent,
                    line.VatRate, line.NetCents, line.VatCents);
            }

            var tags = random.Chance(0.3) ? DemoOwners.PickTags(random, tagIds) : [];
            foreach (var tagId in tags)
            {
                await dealTags.ExecuteAsync(ct, id, tagId);
            }

            foreach (var talk in talks)
            {
                var a = DemoActivityText.Make(random, company.English, talk.Contact?.FirstName, company.Name);
                var logged = talk.At.AddMinutes(a.Kind is ActivityKind.Note ? 0 : random.Next(1, 90));
                var createdAt = logged < today ? logged : today;
                await activities.ExecuteAsync(ct,
                    a.Kind, a.Subject, talk.At, a.DurationMinutes, a.Outcome, a.Body, a.Format, talk.Contact?.Id, company.Id,
                    Deal.Kind.Key, id, deal.Owner?.UserId, createdAt, createdAt, 1);
                Raise(companyLatest, company.Id, talk.At);
                if (talk.Contact is { } contact)
                {
                    Raise(contactLatest, contact.Id, talk.At);
                }
            }

            var words = await searchWords.WriteAsync(new Deal { Id = id, Name = deal.Name }, ct);
            moveCount += deal.Moves.Count;
            lineCount += deal.Lines.Count;
            activityCount += talks.Count;
            await writer.RowsWrittenAsync(1 + deal.Moves.Count + deal.People.Count + deal.Lines.Count + tags.Length + talks.Count + words, ct);
            await progress.ReportAsync(i + 1);
        }

        await searchWords.FlushAsync(ct);

        // An activity regarding a deal also names its contact and company: their last activity dates follow.
        var contactTouch = writer.RaiseToLatest<Contact>(nameof(Contact.LastActivityAt));
        foreach (var (contactId, at) in contactLatest.OrderBy(x => x.Key))
        {
            await contactTouch.ExecuteAsync(ct, at, contactId);
            await writer.RowsWrittenAsync(1, ct);
        }

        var companyTouch = writer.RaiseToLatest<Company>(nameof(Company.LastActivityAt));
        foreach (var (companyId, at) in companyLatest.OrderBy(x => x.Key))
        {
            await companyTouch.ExecuteAsync(ct, at, companyId);
            await writer.RowsWrittenAsync(1, ct);
        }

        await writer.CompleteAsync(ct);
        await progress.DoneAsync(count);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  with {moveCount:N0} stage moves, {lineCount:N0} product lines and {activityCount:N0} activities"));
    }

    private static void Raise(Dictionary<int, DateTime> latest, int id, DateTime at)
    {
        if (!latest.TryGetValue(id, out var seen) || at > seen)
        {
            latest[id] = at;
        }
    }

    /// <summary>One deal's life drawn in memory: its moves in time order, then what it is worth and who is in it.</summary>
    private static PlannedDeal Plan(
        Random random, DateTime today, SeedPipeline pipeline, DealCompany company, List<DealPerson> contacts,
        IReadOnlyList<Product> products, IReadOnlyList<(string Code, decimal Rate)> currencies, DemoOwners owners)
    {
        var stages = pipeline.Stages.Count;
        var outcome = random.NextDouble();
        var won = outcome < 0.25;
        var lost = !won && outcome < 0.45;
        var reopened = lost && random.Chance(0.15);

        // The stage the deal gets to: the last for a win, an early one more often for a loss or an open deal.
        int Early() => Math.Min(stages - 1, (int)Math.Floor(Math.Pow(random.NextDouble(), 1.6) * stages));
        var start = random.Chance(0.1) && stages > 2 ? 1 : 0;
        var reach = won ? stages - 1 : Math.Max(start, Early());

        // (stage index or null for a status change, status)
        var path = new List<(int? Stage, DealStatus Status)> { (start, DealStatus.Open) };
        var at = start;
        void Walk(int to)
        {
            while (at < to)
            {
                at += random.Chance(0.15) && at + 2 <= to ? 2 : 1;
                path.Add((at, DealStatus.Open));
            }
        }

        Walk(reach);
        if (won)
        {
            path.Add((null, DealStatus.Won));
        }
        else if (lost)
        {
            path.Add((null, DealStatus.Lost));
            if (reopened)
            {
                path.Add((null, DealStatus.Open));
                Walk(Math.Min(stages - 1, at + random.Next(0, 2)));
                if (random.Chance(0.5))
                {
                    path.Add((null, DealStatus.Won));
                }
            }
        }

        var closed = path[^1].Status != DealStatus.Open;

        // Spread the moves over a window in the past: closed deals over the last two years, open ones over the last months.
        var created = closed ? random.Between(today.AddMonths(-24), today.AddDays(-20)) : random.Between(today.AddMonths(-8), today.AddDays(-1));
        var minimum = TimeSpan.FromDays(2 * (path.Count - 1));
        var latest = closed ? today.AddHours(-6) : today.AddHours(-1);
        var end = path.Count == 1 ? created : random.Between(created + minimum, latest);
        if (end < created + minimum)
        {
            end = created + minimum < latest ? created + minimum : latest;
        }

        var weights = path.Select((_, i) => i == 0 ? 0 : 0.25 + (random.NextDouble() * random.NextDouble() * 3)).ToArray();
        var total = weights.Sum();
        var moves = new List<PlannedMove>(path.Count);
        var sum = 0.0;
        for (var i = 0; i < path.Count; i++)
        {
            sum += weights[i];
            var time = i == 0 ? created : created.AddTicks((long)((end - created).Ticks * (sum / total)));
            time = moves.Count > 0 && time <= moves[^1].At ? moves[^1].At.AddMinutes(1) : time;
            moves.Add(new PlannedMove(path[i].Stage, path[i].Status, time));
        }

        var english = company.English;
        var (currency, rate) = currencies.Count > 1 && random.Chance(english ? 0.4 : 0.12) ? random.Pick(currencies.Skip(1).ToList()) : currencies[0];
        if (english && currency == "USD" && currencies.Any(c => c.Code == "GBP") && random.Chance(0.5))
        {
            (currency, rate) = currencies.First(c => c.Code == "GBP");
        }

        var dealLines = new List<DealLine>();
        if (products.Count > 0 && random.Chance(0.4))
        {
            foreach (var product in Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Pick(products)).DistinctBy(p => p.Id))
            {
                var line = new DealLine
                {
                    ProductId = product.Id,
                    Name = product.Name,
                    Quantity = product.Code == "CRM-USER" ? random.Next(3, 80) : random.Next(1, 4),
                    UnitPriceCents = Money.ToCents(Money.Round(Money.FromCents(product.UnitPriceCents) / rate)),
                    DiscountPercent = random.Chance(0.7) ? 0m : random.Pick(new[] { 5m, 10m, 12.5m, 15m, 20m }),
                    VatRate = product.VatRate,
                };
                line.Compute();
                dealLines.Add(line);
            }
        }

        var renewal = pipeline.Name == RenewalsName;
        var amountCents = dealLines.Count > 0
            ? dealLines.Sum(l => l.NetCents)
            : Money.ToCents(Math.Round((decimal)Math.Exp(Normal(random, renewal ? 8.8 : 9.4, 0.9)) / rate / 100m) * 100m);
        var amountDefault = Money.ToCents(Money.FromCents(amountCents) * rate);

        var topic = random.Pick(Topics);
        var year = (moves[0].At.Year + (renewal ? 1 : 0)).ToString(CultureInfo.InvariantCulture);
        var what = renewal ? (english ? $"Renewal {year}" : $"Renouvellement {year}") : english ? topic.En : topic.Fr;
        var name = $"{company.Name} – {what}";
        if (name.Length > 200)
        {
            name = name[..200];
        }

        var last = moves[^1];
        var expected = last.Status == DealStatus.Open
            ? DateOnly.FromDateTime(today.AddDays(random.Chance(0.06) ? -random.Next(1, 30) : random.Next(5, 200)))
            : DateOnly.FromDateTime(last.At);

        var people = new List<(int, DealContactRole)>();
        var picked = contacts.Count == 0 ? [] : Enumerable.Range(0, random.Next(1, Math.Min(3, contacts.Count) + 1))
            .Select(_ => random.Pick(contacts)).DistinctBy(c => c.Id).ToList();
        for (var i = 0; i < picked.Count; i++)
        {
            people.Add((picked[i].Id, i == 0 ? (random.Chance(0.7) ? DealContactRole.DecisionMaker : DealContactRole.Champion) : random.Pick(OtherRoles)));
        }

        var owner = company.OwnerId is not null && random.Chance(0.5)
            ? new DemoOwner(company.OwnerId, company.TeamId)
            : owners.Pick(random) ?? (owners.Sales.Count > 0 ? random.Pick(owners.Sales) : null);
        string? lostReason = null;
        if (last.Status == DealStatus.Lost)
        {
            var reason = random.Pick(LostReasons);
            lostReason = english ? reason.En : reason.Fr;
        }

        string? nextStep = null;
        if (last.Status == DealStatus.Open && random.Chance(0.7))
        {
            var step = random.Pick(NextSteps);
            nextStep = english ? step.En : step.Fr;
        }
        return new PlannedDeal(name, moves, dealLines, amountCents, currency, amountDefault, expected, owner,
            people, picked, lostReason, random.Chance(0.8) ? random.Pick(Sources) : null, nextStep);
    }

    /// <summary>
    /// The calls and meetings about a deal, during its life. Two open deals in three were touched lately; the others went
    /// quiet after they reached their stage, so the board shows them rotting.
    /// </summary>
    private static List<Talk> Talks(Random random, PlannedDeal deal, DateTime stageEnteredAt, DateTime today)
    {
        var open = deal.Moves[^1].Status == DealStatus.Open;
        if (random.Chance(open ? 0.15 : 0.35))
        {
            return [];
        }

        var from = deal.Moves[0].At;
        var until = open ? (random.Chance(0.65) ? today.AddMinutes(-5) : stageEnteredAt) : deal.Moves[^1].At;
        var talks = new List<Talk>();
        var howMany = random.Next(1, 7);
        for (var n = 0; n < howMany; n++)
        {
            talks.Add(new Talk(random.Between(from, until), deal.Contacts.Count > 0 && random.Chance(0.85) ? random.Pick(deal.Contacts) : null));
        }

        if (open && until > stageEnteredAt)
        {
            // A deal being worked on was touched in the last few days.
            var lately = today.AddDays(-6) > from ? today.AddDays(-6) : from;
            talks.Add(new Talk(random.Between(lately, today.AddMinutes(-5)), deal.Contacts.Count > 0 ? random.Pick(deal.Contacts) : null));
        }

        return talks.OrderBy(t => t.At).ToList();
    }

    private static double Normal(Random random, double mean, double deviation) =>
        mean + (deviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    /// <summary>"New business" (the first pipeline, made at start-up) and "Renewals", created when missing.</summary>
    private async Task<IReadOnlyList<SeedPipeline>> EnsurePipelinesAsync(CancellationToken ct)
    {
        var all = await db.Pipelines.Include(p => p.Stages).OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(ct);
        var main = all.FirstOrDefault(p => p.Name == "New business") ?? all.FirstOrDefault();
        if (main is null)
        {
            main = DefaultPipeline.New("New business");
            db.Pipelines.Add(main);
            all.Add(main);
        }

        var renewals = all.FirstOrDefault(p => p.Name == RenewalsName);
        if (renewals is null)
        {
            renewals = new Pipeline
            {
                Name = RenewalsName,
                Position = all.Max(p => p.Position) + 1,
                Stages = RenewalStages.Select((s, i) => new PipelineStage { Name = s.Name, Position = i, Probability = s.Probability, RottingDays = s.RottingDays }).ToList(),
            };
            db.Pipelines.Add(renewals);
        }

        await db.SaveChangesAsync(ct);
        catalog.Forget();
        return new[] { main, renewals }
            .Select(p => new SeedPipeline(p.Id, p.Name, p.Stages.Where(s => s.RemovedAt == null).OrderBy(s => s.Position).ThenBy(s => s.Id).ToList()))
            .ToList();
    }

    private async Task<IReadOnlyList<Product>> EnsureProductsAsync(CancellationToken ct)
    {
        var codes = Catalogue.Select(c => c.Code).ToList();
        var existing = await db.Products.Where(p => p.Code != null && codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code!, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (name, code, price, vat) in Catalogue.Where(c => !existing.ContainsKey(c.Code)))
        {
            var product = new Product { Name = name, Code = code, UnitPriceCents = price, VatRate = vat, CreatedAt = now, UpdatedAt = now };
            db.Products.Add(product);
            existing[code] = product;
        }

        await db.SaveChangesAsync(ct);
        return codes.Select(c => existing[c]).Where(p => p.Active).ToList();
    }

    /// <summary>The company's currency first (rate 1), then USD and GBP when the company's currency is the euro.</summary>
    private async Task<IReadOnlyList<(string Code, decimal Rate)>> EnsureRatesAsync(CancellationToken ct)
    {
        var home = await rates.DefaultAsync(ct);
        var usable = new List<(string, decimal)> { (home, 1m) };
        if (home != "EUR")
        {
            return usable;
        }

        var kept = await db.CurrencyRates.ToDictionaryAsync(r => r.Currency, ct);
        foreach (var (code, rate) in EuroRates)
        {
            if (!kept.TryGetValue(code, out var row))
            {
                row = new CurrencyRate { Currency = code, Rate = rate, UpdatedAt = clock.GetUtcNow().UtcDateTime };
                db.CurrencyRates.Add(row);
            }

            usable.Add((code, row.Rate));
        }

        await db.SaveChangesAsync(ct);
        return usable;
    }

    private sealed record DealCompany(int Id, string Name, bool English, string? OwnerId, int? TeamId);

    private sealed record DealPerson(int Id, int CompanyId, string? FirstName);

    private sealed record SeedPipeline(int Id, string Name, IReadOnlyList<PipelineStage> Stages);

    /// <param name="StageIndex">The stage moved to, by position in the pipeline; null for a win, a loss or a reopening in place.</param>
    private sealed record PlannedMove(int? StageIndex, DealStatus Status, DateTime At);

    private sealed record Talk(DateTime At, DealPerson? Contact);

    private sealed record PlannedDeal(
        string Name, List<PlannedMove> Moves, List<DealLine> Lines, long AmountCents, string Currency, long AmountDefaultCents,
        DateOnly ExpectedClose, DemoOwner? Owner, List<(int ContactId, DealContactRole Role)> People, List<DealPerson> Contacts,
        string? LostReason, string? Source, string? NextStep);
}
