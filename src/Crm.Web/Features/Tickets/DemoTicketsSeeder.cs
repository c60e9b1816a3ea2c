using System.Globalization;
using Crm.Web.Features.Account;
using Crm.Web.Features.Demo;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using static Crm.Web.Features.Demo.DemoData;

namespace Crm.Web.Features.Tickets;

/// <summary>
/// Support tickets from the seeded contacts, in French or English after their company: a mix of statuses (new, open,
/// waiting on the customer, resolved, closed), priorities and SLA states (on track, at risk, breached, paused while
/// waiting), each with a conversation (the customer's request, public replies, internal notes, the customer's answers)
/// over the days after it opened, in the Paris or London queue, most assigned to the support agent or a manager.
/// Written in bulk (<see cref="BulkWriter"/>), numbered from the ids the inserts give; the same --seed gives the same
/// tickets. Additive: each run adds tickets.
/// </summary>
public sealed class DemoTicketsSeeder(CrmDbContext db, TimeProvider clock) : IDemoSeeder
{
    public const int DefaultCount = 120;

    private static readonly (string Fr, string En, string Category)[] Subjects =
    [
        ("Impossible de me connecter", "Cannot sign in", "Access"),
        ("Facture en double", "Invoice charged twice", "Billing"),
        ("Export Excel vide", "Excel export is empty", "Bug"),
        ("Demande de formation", "Training request", "Question"),
        ("Erreur 500 sur la page contacts", "Error 500 on the contacts page", "Bug"),
        ("Changer l’adresse de facturation", "Change the billing address", "Billing"),
        ("Import de fichier bloqué", "File import stuck", "Bug"),
        ("Ajouter un utilisateur", "Add a user", "Access"),
        ("Question sur les droits d’accès", "Question about access rights", "Question"),
        ("Lenteurs depuis ce matin", "Slow since this morning", "Performance"),
        ("Mot de passe oublié", "Forgot my password", "Access"),
        ("Devis non reçu", "Quote not received", "Billing"),
    ];

    private static readonly (string Fr, string En)[] Requests =
    [
        ("Bonjour,\nDepuis ce matin, le problème se reproduit à chaque essai. Pouvez-vous regarder rapidement ?\nMerci d’avance.",
            "Hello,\nSince this morning it happens every time we try. Could you have a look soon?\nThanks in advance."),
        ("Bonjour,\nNous avons besoin d’aide sur ce point, c’est bloquant pour l’équipe.\nCordialement.",
            "Hi,\nWe need help with this, the team is blocked.\nKind regards."),
        ("Bonjour,\nPouvez-vous me dire comment procéder ? Je n’ai rien trouvé dans la documentation.",
            "Hello,\nCould you tell me how to do this? I found nothing in the documentation."),
    ];

    private static readonly (string Fr, string En)[] Replies =
    [
        ("Bonjour,\nMerci pour votre message. Nous regardons et revenons vers vous dans la journée.",
            "Hello,\nThank you for your message. We are looking into it and will get back to you today."),
        ("Bonjour,\nPouvez-vous nous envoyer une capture d’écran et l’heure exacte du problème ?",
            "Hello,\nCould you send us a screenshot and the exact time it happened?"),
        ("Bonjour,\nLe correctif est en place : pouvez-vous vérifier de votre côté ?",
            "Hello,\nThe fix is in place: could you check on your side?"),
    ];

    private static readonly (string Fr, string En)[] Answers =
    [
        ("Voici la capture demandée. Le problème est apparu vers 9 h.", "Here is the screenshot. It started around 9am."),
        ("C’est bon pour nous, merci beaucoup !", "All good now, thank you very much!"),
        ("Toujours le même souci, malheureusement.", "Still the same problem, unfortunately."),
    ];

    private static readonly string[] Notes =
    [
        "Reproduit sur la préproduction, ticket technique ouvert.",
        "Client important : prévenir le commercial.",
        "Same issue as last week, see the other ticket.",
        "Waiting for the dev team's answer.",
    ];

    /// <summary>Hours to the first response and to the resolution, by priority (low, normal, high, urgent).</summary>
    private static readonly (int First, int Resolve)[] Targets = [(48, 120), (24, 72), (8, 24), (2, 8)];

    public int Order => 50;

    public IReadOnlyCollection<string> Handles => ["tickets"];

    public async Task SeedAsync(DemoSeedOptions options, TextWriter output, CancellationToken ct)
    {
        var count = options.Tickets ?? DefaultCount;
        if (count == 0)
        {
            return;
        }

        var random = RandomFor(options, 5);
        var now = clock.GetUtcNow().UtcDateTime;
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.Email != null)
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.CompanyId, c.Email, English = c.PreferredLanguage == "en" })
            .Take(20_000)
            .ToListAsync(ct);
        if (contacts.Count == 0)
        {
            await output.WriteLineAsync("Note: no contacts with an email to open tickets for; --tickets ignored.");
            return;
        }

        var agents = await AgentsAsync(ct);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(ct);

        await using var writer = await BulkWriter.OpenAsync(db, ct);
        var tickets = writer.Table<Ticket>(returnsId: true,
            nameof(Ticket.Number), nameof(Ticket.Subject), nameof(Ticket.Description), nameof(Ticket.ContactId), nameof(Ticket.CompanyId),
            nameof(Ticket.Channel), nameof(Ticket.Category), nameof(Ticket.Priority), nameof(Ticket.Status),
            nameof(Ticket.FirstResponseDueAt), nameof(Ticket.FirstRespondedAt), nameof(Ticket.ResolutionDueAt), nameof(Ticket.ResolvedAt),
            nameof(Ticket.ClosedAt), nameof(Ticket.SlaState), nameof(Ticket.SlaPausedAt), nameof(Ticket.AtRiskAt), nameof(Ticket.BreachedAt),
            nameof(Ticket.OwnerId), nameof(Ticket.TeamId), nameof(Ticket.CreatedAt), nameof(Ticket.UpdatedAt), nameof(Ticket.LastActivityAt),
            nameof(Ticket.Version));
        var numbers = writer.Set<Ticket>(nameof(Ticket.Number));
        var messages = writer.Table<TicketMessage>(returnsId: false,
            nameof(TicketMessage.TicketId), nameof(TicketMessage.Kind), nameof(TicketMessage.Body), nameof(TicketMessage.AuthorId),
            nameof(TicketMessage.From), nameof(TicketMessage.At));

        var progress = new Progress(output, "tickets", count);
        var messageCount = 0;
        for (var i = 0; i < count; i++)
        {
            var contact = contacts[random.Next(contacts.Count)];
            var english = contact.English;
            var (subjectFr, subjectEn, category) = Subjects[random.Next(Subjects.Length)];
            var request = Requests[random.Next(Requests.Length)];
            var priority = Pick(random, [(TicketPriority.Low, 20), (TicketPriority.Normal, 50), (TicketPriority.High, 22), (TicketPriority.Urgent, 8)]);
            var status = Pick(random, [(TicketStatus.New, 15), (TicketStatus.Open, 30), (TicketStatus.WaitingOnCustomer, 15), (TicketStatus.Resolved, 20), (TicketStatus.Closed, 20)]);
            var (firstHours, resolveHours) = Targets[(int)priority];
            var open = status is not (TicketStatus.Resolved or TicketStatus.Closed);

            // Open tickets are recent (some now late); closed ones spread over the past months.
            var late = random.Chance(0.15);
            var created = status == TicketStatus.New
                ? now.AddMinutes(-random.Next(5, (int)(firstHours * 60 * (late ? 1.5 : 0.8))))
                : open
                ? now.AddMinutes(-random.Next(10, (int)(resolveHours * 60 * (late ? 1.5 : 0.9))))
                : now.AddDays(-random.Next(2, 180)).AddMinutes(-random.Next(0, 1440));
            var firstDue = created.AddHours(firstHours);
            var resolutionDue = created.AddHours(resolveHours);
            var agent = agents.Count > 0 && random.Chance(status == TicketStatus.New ? 0.3 : 0.9) ? agents[random.Next(agents.Count)] : null;
            var team = agent?.TeamId ?? (teams.Count > 0 && random.Chance(0.8) ? teams[random.Next(teams.Count)] : null);

            var conversation = new List<(TicketMessageKind Kind, string Body, DateTime At)>
            {
                (TicketMessageKind.Customer, english ? request.En : request.Fr, created),
            };
            var at = created;
            DateTime? firstResponse = null;
            if (status != TicketStatus.New)
            {
                at = at.AddMinutes(random.Next(15, firstHours * 60));
                firstResponse = at;
                conversation.Add((TicketMessageKind.Reply, english ? Replies[0].En : Replies[0].Fr, at));
                if (random.Chance(0.4))
                {
                    at = at.AddMinutes(random.Next(5, 120));
                    conversation.Add((TicketMessageKind.Note, Notes[random.Next(Notes.Length)], at));
                }

                if (status != TicketStatus.Open || random.Chance(0.5))
                {
                    at = at.AddMinutes(random.Next(30, 600));
                    conversation.Add((TicketMessageKind.Reply, english ? Replies[1 + random.Next(2)].En : Replies[1 + random.Next(2)].Fr, at));
                }

                if (status is TicketStatus.Resolved or TicketStatus.Closed || (status == TicketStatus.Open && random.Chance(0.5)))
                {
                    at = at.AddMinutes(random.Next(30, 900));
                    var answer = Answers[status == TicketStatus.Open ? 2 : random.Next(2)];
                    conversation.Add((TicketMessageKind.Customer, english ? answer.En : answer.Fr, at));
                }
            }

            var last = conversation.Max(m => m.At);
            if (last > now)
            {
                // A conversation drawn past now is squeezed back before it, in the same order.
                var factor = (now - created).TotalMinutes / (last - created).TotalMinutes;
                conversation = conversation.Select(m => (m.Kind, m.Body, created.AddMinutes((m.At - created).TotalMinutes * factor))).ToList();
                last = conversation.Max(m => m.At);
                firstResponse = conversation.Where(m => m.Kind == TicketMessageKind.Reply).Select(m => (DateTime?)m.At).FirstOrDefault();
            }

            DateTime? resolved = status is TicketStatus.Resolved or TicketStatus.Closed ? last.AddMinutes(random.Next(5, 240)) : null;
            DateTime? closed = status == TicketStatus.Closed ? resolved!.Value.AddDays(random.Next(1, 4)) : null;
            if (resolved > now) { resolved = now; }
            if (closed > now) { closed = now; }
            var (sla, atRisk, breached) = !open ? (SlaState.OnTrack, (DateTime?)null, (DateTime?)null)
                : status == TicketStatus.WaitingOnCustomer ? (SlaState.Paused, null, null)
                : now > resolutionDue || (firstResponse is null && now > firstDue) ? (SlaState.Breached, created.AddHours(resolveHours * 0.8), now > resolutionDue ? resolutionDue : firstDue)
                : now > created.AddHours(resolveHours * 0.8) ? (SlaState.AtRisk, created.AddHours(resolveHours * 0.8), null)
                : (SlaState.OnTrack, null, null);

            var id = await tickets.InsertReturningIdAsync(ct,
                string.Empty, english ? subjectEn : subjectFr, conversation[0].Body, contact.Id, contact.CompanyId,
                Pick(random, [(TicketChannel.Email, 60), (TicketChannel.Phone, 25), (TicketChannel.WebForm, 15)]), category, priority, status,
                firstDue, firstResponse, resolutionDue, resolved, closed, sla, status == TicketStatus.WaitingOnCustomer ? last : null, atRisk, breached,
                agent?.UserId, team, created, closed ?? resolved ?? last, last, 1);
            await numbers.ExecuteAsync(ct, Ticket.NumberFor(id, created), id);
            foreach (var (kind, body, when) in conversation)
            {
                await messages.ExecuteAsync(ct, id, kind, body, kind == TicketMessageKind.Customer ? null : agent?.UserId ?? agents.FirstOrDefault()?.UserId,
                    kind == TicketMessageKind.Customer ? contact.Email : null, when);
            }

            messageCount += conversation.Count;
            await writer.RowsWrittenAsync(2 + conversation.Count, ct);
            await progress.ReportAsync(i + 1);
        }

        await writer.CompleteAsync(ct);
        await progress.DoneAsync(count);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  with {messageCount:N0} messages"));
    }

    /// <summary>The support agents, then managers and admins, who answer the demo tickets.</summary>
    private async Task<List<Demo.DemoOwner>> AgentsAsync(CancellationToken ct)
    {
        var emails = DemoUsersSeeder.People.Where(p => p.Role is Roles.Support or Roles.Manager or Roles.Admin).Select(p => p.Email.ToUpperInvariant()).ToList();
        var agents = await db.Users.AsNoTracking().Where(u => emails.Contains(u.NormalizedEmail!))
            .OrderBy(u => u.Email).Select(u => new Demo.DemoOwner(u.Id, u.TeamId)).ToListAsync(ct);
        return agents.Count > 0 ? agents
            : await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Id).Take(1).Select(u => new Demo.DemoOwner(u.Id, u.TeamId)).ToListAsync(ct);
    }

    private static T Pick<T>(Random random, (T Value, int Weight)[] choices)
    {
        var x = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((x -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }
}
