using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Data;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Support;

[Collection(BrowserCollection.Name)]
public sealed partial class SupportJourneys(BrowserFixture browser)
{
    private static readonly AxeRunOptions Wcag21 = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [GeneratedRegex(@"/Support/Ticket/\S+")]
    private static partial Regex LinkPattern();

    private async Task<IPage> NewPageAsync(string locale, int width)
    {
        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = browser.Server.BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new() { Width = width, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>The page fits the window and passes axe (WCAG 2.1 AA).</summary>
    private static async Task AssertFitsAndAccessibleAsync(IPage page, int width)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than the {width}px window.");
        var violations = (await page.RunAxe(Wcag21)).Violations;
        Assert.True(violations.Length == 0, page.Url + ": " + string.Join("; ", violations.Select(v => $"{v.Id}: {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }

    private async Task<T> WithDbAsync<T>(Func<CrmDbContext, Task<T>> action)
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CrmDbContext>());
    }

    [Fact]
    public async Task A_customer_submits_the_form_an_agent_replies_and_the_customer_reads_the_reply_through_the_signed_link()
    {
        var email = $"client-{Guid.NewGuid():N}@example.fr";
        var subject = "Ma facture est fausse " + Guid.NewGuid().ToString("N")[..6];

        // The customer, on a phone, in French.
        var customer = await NewPageAsync("fr-FR", 390);
        await customer.GotoAsync("/Support/New");
        await Expect(customer.Locator("h1")).ToHaveTextAsync("Contacter le support");
        await Expect(customer.Locator("#Website")).Not.ToBeInViewportAsync();
        await AssertFitsAndAccessibleAsync(customer, 390);
        await customer.Locator("form[data-testid=support-form] button[type=submit]").ClickAsync();
        await Expect(customer.Locator("[data-testid=error-summary]")).ToContainTextAsync("Saisissez votre nom.");
        await AssertFitsAndAccessibleAsync(customer, 390);

        await customer.Locator("#Name").FillAsync("Hélène Lefèvre");
        await customer.Locator("#Email").FillAsync(email);
        await customer.Locator("#Subject").FillAsync(subject);
        await customer.Locator("#Message").FillAsync("Le montant ne correspond pas au devis.");
        await customer.Locator("form[data-testid=support-form] button[type=submit]").ClickAsync();
        await Expect(customer.Locator("[data-testid=support-sent]")).ToBeVisibleAsync();
        await AssertFitsAndAccessibleAsync(customer, 390);

        var ticketId = await WithDbAsync(db => db.Tickets.Where(t => t.Subject == subject).Select(t => t.Id).SingleAsync());
        var confirmation = await WithDbAsync(db => db.Outbox.SingleAsync(m => m.Key == $"ticket-confirmation-{ticketId}"));
        var link = LinkPattern().Match(confirmation.Text).Value;
        Assert.Contains("Nous avons bien reçu votre demande", confirmation.Text, StringComparison.Ordinal);

        // The agent answers on the ticket's page and waits on the customer.
        var agent = await browser.NewPageAsync();
        await agent.GotoAsync("/Account/Login");
        await new LoginPage(agent).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);
        await agent.GotoAsync($"/Tickets/Details/{ticketId}");
        await Expect(agent.Locator("[data-testid=ticket-conversation]")).ToContainTextAsync("Le montant ne correspond pas au devis.");
        await agent.Locator("[data-testid=ticket-write] #Message").FillAsync("Bonjour, nous avons corrigé la facture : la voici.");
        await agent.Locator("[data-testid=ticket-write] #ReplyStatus").SelectOptionAsync(nameof(TicketStatus.WaitingOnCustomer));
        await agent.Locator("[data-testid=ticket-send]").ClickAsync();
        await Expect(agent.Locator("[data-testid=ticket-message][data-kind=Reply]")).ToContainTextAsync("nous avons corrigé la facture");
        await agent.Locator("#Kind-Note").CheckAsync();
        await agent.Locator("[data-testid=ticket-write] #Message").FillAsync("Note interne : client fâché");
        await agent.Locator("[data-testid=ticket-send]").ClickAsync();
        await Expect(agent.Locator("[data-testid=ticket-message][data-kind=Note]")).ToContainTextAsync("client fâché");

        // The customer follows the link: the reply is there, the note is not; they answer, and the ticket reopens.
        await customer.GotoAsync(link);
        var thread = customer.Locator("[data-testid=public-thread]");
        await Expect(thread).ToContainTextAsync("nous avons corrigé la facture");
        await Expect(thread).Not.ToContainTextAsync("client fâché");
        await Expect(customer.Locator("[data-testid=ticket-status]")).ToHaveTextAsync("En attente de votre réponse");
        await AssertFitsAndAccessibleAsync(customer, 390);
        await customer.Locator("#message").FillAsync("Merci, c’est bon maintenant.");
        await customer.Locator("form[data-testid=public-reply] button[type=submit]").ClickAsync();
        await Expect(thread).ToContainTextAsync("Merci, c’est bon maintenant.");
        Assert.Equal(TicketStatus.Open, await WithDbAsync(db => db.Tickets.Where(t => t.Id == ticketId).Select(t => t.Status).SingleAsync()));

        await customer.Context.CloseAsync();
        await agent.Context.CloseAsync();
    }

    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task The_knowledge_base_and_the_inbound_mail_page_fit_and_pass_axe(int width)
    {
        var page = await NewPageAsync("fr-FR", width);
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);

        await page.GotoAsync("/Knowledge?q=" + Guid.NewGuid().ToString("N"));
        await Expect(page.Locator("[data-testid=kb-empty]")).ToBeVisibleAsync();
        await AssertFitsAndAccessibleAsync(page, width);

        var title = $"Remboursements {width} " + Guid.NewGuid().ToString("N")[..6];
        await page.GotoAsync("/Knowledge/New");
        await page.Locator("#Title").FillAsync(title);
        await page.Locator("#Category").FillAsync("Facturation");
        await page.Locator("#Body").FillAsync("# Délai\n\nSous **30 jours**, voir [le formulaire](https://example.com/remboursement).\n\n<img src=x onerror=alert(1)>");
        await page.Locator("[data-testid=preview]").ClickAsync();
        await Expect(page.Locator("[data-testid=preview-result] strong")).ToHaveTextAsync("30 jours");
        await Expect(page.Locator("[data-testid=preview-result] img")).ToHaveCountAsync(0);
        await AssertFitsAndAccessibleAsync(page, width);
        await page.Locator("main form button[type=submit].btn-primary").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Expect(page.Locator("[data-testid=kb-body] h2")).ToHaveTextAsync("Délai");
        await Expect(page.Locator("[data-testid=kb-body]")).ToContainTextAsync("<img src=x onerror=alert(1)>");
        await AssertFitsAndAccessibleAsync(page, width);

        await page.GotoAsync("/Knowledge");
        await page.Locator("#kb-q").FillAsync(title[^6..]);
        await page.Locator("form[role=search] button[type=submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=kb-row]")).ToHaveCountAsync(1);
        await AssertFitsAndAccessibleAsync(page, width);

        await page.GotoAsync("/Admin/Email/Inbound");
        await Expect(page.Locator("[data-testid=mail-in-folder]")).ToBeVisibleAsync();
        await AssertFitsAndAccessibleAsync(page, width);
        await page.Context.CloseAsync();
    }
}
