using System.Net;
using Crm.Tests.Features.Mail;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Notifications;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Notifications;

/// <summary>The bell and /Notifications: each user sees only their own notifications.</summary>
public sealed class NotificationPagesTests(MailAppFactory app) : IClassFixture<MailAppFactory>
{
    private const string Password = "Notify-Pass-2026";

    private async Task<long> NotifyAsync(string userId, string title, string? link = null, string? key = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var notification = scope.ServiceProvider.GetRequiredService<Crm.Web.Features.Notifications.Notifications>().Add(userId, title, "Some text", link, key);
        await scope.ServiceProvider.GetRequiredService<CrmDbContext>().SaveChangesAsync();
        return notification.Id;
    }

    [Fact]
    public async Task The_bell_counts_the_unread_and_the_page_lists_them_newest_first()
    {
        var ana = await app.CreateUserAsync("ana-bell@tests.crm", Password, Roles.Sales);
        var other = await app.CreateUserAsync("other-bell@tests.crm", Password, Roles.Sales);
        await NotifyAsync(ana.Id, "First for Ana");
        await NotifyAsync(ana.Id, "Second for Ana", "/Contacts");
        await NotifyAsync(other.Id, "Not for Ana");
        var browser = await app.SignInAsync(ana.Email!, Password);

        var dashboard = await browser.GetTextAsync("/Dashboard");
        Assert.Contains("data-unread=\"2\"", dashboard, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Notifications, 2 unread\"", dashboard, StringComparison.Ordinal);

        var page = await browser.GetTextAsync("/Notifications");
        Assert.DoesNotContain("Not for Ana", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("Second for Ana", StringComparison.Ordinal) < page.IndexOf("First for Ana", StringComparison.Ordinal));
        Assert.Equal(2, page.Split("crm-unread\"", StringSplitOptions.None).Length - 1);
    }

    [Fact]
    public async Task Opening_a_notification_marks_it_read_and_goes_to_its_link()
    {
        var ben = await app.CreateUserAsync("ben-open@tests.crm", Password, Roles.Sales);
        var id = await NotifyAsync(ben.Id, "Go to contacts", "/Contacts");
        var browser = await app.SignInAsync(ben.Email!, Password);

        var opened = await browser.PostFormAsync($"/Notifications/{id}/Open", [], "/Notifications");

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/Contacts", opened.LocationPath());
        Assert.NotNull(await app.WithDbAsync(db => db.Notifications.Where(n => n.Id == id).Select(n => n.ReadAt).SingleAsync()));
        Assert.Contains("data-unread=\"0\"", await browser.GetTextAsync("/Dashboard"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_users_notification_is_not_found_and_stays_unread()
    {
        var owner = await app.CreateUserAsync("owner-404@tests.crm", Password, Roles.Sales);
        var intruder = await app.CreateUserAsync("intruder-404@tests.crm", Password, Roles.Admin);
        var id = await NotifyAsync(owner.Id, "Private");
        var browser = await app.SignInAsync(intruder.Email!, Password);

        var response = await browser.PostFormAsync($"/Notifications/{id}/Open", [], "/Notifications");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Notifications.Where(n => n.Id == id).Select(n => n.ReadAt).SingleAsync()));
        Assert.DoesNotContain("Private", await browser.GetTextAsync("/Notifications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mark_all_as_read_touches_only_the_users_own_notifications()
    {
        var cleo = await app.CreateUserAsync("cleo-all@tests.crm", Password, Roles.Sales);
        var dan = await app.CreateUserAsync("dan-all@tests.crm", Password, Roles.Sales);
        await NotifyAsync(cleo.Id, "One");
        await NotifyAsync(cleo.Id, "Two");
        await NotifyAsync(dan.Id, "Dan's");
        var browser = await app.SignInAsync(cleo.Email!, Password);

        await browser.PostFormAsync("/Notifications/ReadAll", [], "/Notifications");

        Assert.Equal(0, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == cleo.Id && n.ReadAt == null)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == dan.Id && n.ReadAt == null)));
        Assert.Contains("data-unread=\"0\"", await browser.GetTextAsync("/Notifications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_that_leaves_the_site_is_never_kept()
    {
        var eve = await app.CreateUserAsync("eve-link@tests.crm", Password, Roles.Sales);
        var id = await NotifyAsync(eve.Id, "Phishing", "//evil.example.com/x");
        Assert.Null(await app.WithDbAsync(db => db.Notifications.Where(n => n.Id == id).Select(n => n.Link).SingleAsync()));
    }

    [Fact]
    public async Task The_same_key_notifies_once()
    {
        var fay = await app.CreateUserAsync("fay-key@tests.crm", Password, Roles.Sales);
        await NotifyAsync(fay.Id, "Once", key: "test-key-1");
        await Assert.ThrowsAsync<DbUpdateException>(() => NotifyAsync(fay.Id, "Once", key: "test-key-1"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == fay.Id)));
    }
}
