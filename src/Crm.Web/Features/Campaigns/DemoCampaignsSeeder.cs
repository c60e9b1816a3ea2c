using Crm.Web.Features.Demo;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Campaigns;

/// <summary>
/// A few past campaigns (a newsletter, a trade show, a webinar, a product launch) with members taken from the seeded
/// contacts and statuses spread as a real send leaves them (sent, opened, clicked, a few responses, unsubscribes and
/// bounces), so the results panel has something to show. Runs after contacts and deals; additive.
/// </summary>
public sealed class DemoCampaignsSeeder(CrmDbContext db, CampaignMembers members, TimeProvider clock) : IDemoSeeder
{
    private static readonly (string Fr, string En, CampaignType Type, int DaysAgo, long Budget, long Expected, int Every)[] Campaigns =
    [
        ("Lettre d’information de septembre", "September newsletter", CampaignType.Email, 90, 500_00, 10_000_00, 3),
        ("Salon VivaTech", "VivaTech trade show", CampaignType.Event, 160, 18_000_00, 120_000_00, 11),
        ("Webinaire : bien démarrer", "Webinar: getting started", CampaignType.Webinar, 60, 1_200_00, 25_000_00, 7),
        ("Lancement de l’offre 2027", "2027 offer launch", CampaignType.Email, 30, 3_000_00, 60_000_00, 5),
    ];

    public int Order => 70;

    public IReadOnlyCollection<string> Handles => [];

    public async Task SeedAsync(DemoSeedOptions options, TextWriter output, CancellationToken ct)
    {
        if (!await db.Contacts.AnyAsync(ct))
        {
            return;
        }

        var random = DemoData.RandomFor(options, 9);
        var owners = await DemoOwners.LoadAsync(db, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var added = 0;

        // Written around the save interceptor, as the other demo data: demo records have no history.
        var campaigns = new List<(int Id, CampaignType Type, DateTime StartAt, int Every)>();
        await using (var writer = await BulkWriter.OpenAsync(db, ct))
        {
            var table = writer.Table<Campaign>(returnsId: true,
                nameof(Campaign.Name), nameof(Campaign.Type), nameof(Campaign.Status), nameof(Campaign.StartDate), nameof(Campaign.EndDate),
                nameof(Campaign.BudgetCents), nameof(Campaign.ExpectedRevenueCents), nameof(Campaign.MailTemplateId), nameof(Campaign.SendAt),
                nameof(Campaign.SendFinishedAt), nameof(Campaign.OwnerId), nameof(Campaign.TeamId), nameof(Campaign.CreatedAt), nameof(Campaign.UpdatedAt),
                nameof(Campaign.Version));
            foreach (var (fr, en, type, daysAgo, budget, expected, every) in Campaigns)
            {
                var owner = owners.Pick(random);
                var start = today.AddDays(-daysAgo);
                var startAt = start.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
                var email = type == CampaignType.Email;
                var id = await table.InsertReturningIdAsync(ct,
                    random.NextDouble() < 0.5 ? fr : en, type, CampaignStatus.Completed, start, start.AddDays(email ? 7 : 2),
                    budget, expected, email ? 3 : null, email ? startAt : null, email ? startAt.AddMinutes(20) : null,
                    owner?.UserId, owner?.TeamId, startAt.AddDays(-7), startAt.AddDays(-7), 1);
                campaigns.Add((id, type, startAt, every));
            }

            await writer.CompleteAsync(ct);
        }

        foreach (var (id, type, startAt, every) in campaigns)
        {
            var offset = random.Next(every);
            added += await members.AddAsync(id, db.Contacts.Where(c => c.Id % every == offset).Select(c => c.Id), ct);

            // Statuses as a send leaves them, spread by member id so the same seed gives the same results.
            var all = db.CampaignMembers.Where(m => m.CampaignId == id);
            await all.ExecuteUpdateAsync(s => s.SetProperty(m => m.AddedAt, startAt.AddDays(-3)), ct);
            if (type == CampaignType.Email)
            {
                await all.Where(m => m.Contact!.Consent == Contacts.ConsentState.Granted)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, CampaignMemberStatus.Sent).SetProperty(m => m.SentAt, startAt), ct);
                var sent = all.Where(m => m.SentAt != null);
                await sent.Where(m => m.Id % 10 < 4).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, CampaignMemberStatus.Opened).SetProperty(m => m.OpenedAt, startAt.AddHours(3)), ct);
                await sent.Where(m => m.Id % 10 < 1).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, CampaignMemberStatus.Clicked).SetProperty(m => m.ClickedAt, startAt.AddHours(4)), ct);
                await sent.Where(m => m.Id % 97 == 5).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, CampaignMemberStatus.Bounced), ct);
                await sent.Where(m => m.Id % 89 == 7).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, CampaignMemberStatus.Unsubscribed).SetProperty(m => m.UnsubscribedAt, startAt.AddDays(1)), ct);
            }

            await all.Where(m => m.Id % 23 == 3).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, CampaignMemberStatus.Responded).SetProperty(m => m.RespondedAt, startAt.AddDays(2)), ct);
            await all.Where(m => m.Id % 71 == 11).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, CampaignMemberStatus.Converted).SetProperty(m => m.RespondedAt, startAt.AddDays(5)), ct);
        }

        await output.WriteLineAsync($"  {Campaigns.Length} campaigns, {added:N0} members");
    }
}
