using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Users;

/// <summary>/Admin/Users and /Admin/Teams: invitations, roles, teams, deactivation with hand-over, and the security log.</summary>
public sealed partial class UserAdminTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Password = "Users-Admin-2026";

    [GeneratedRegex(@"https?://\S+/Account/ResetPassword\?\S+")]
    private static partial Regex LinkPattern();

    [Theory]
    [InlineData(Roles.Sales)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Support)]
    [InlineData(Roles.Marketing)]
    public async Task Other_roles_are_refused_every_user_and_team_page(string role)
    {
        var email = $"users-{role.ToLowerInvariant()}@tests.crm";
        await app.CreateUserAsync(email, Password, role);
        var browser = await app.SignInAsync(email, Password);
        var adminId = await IdOfAsync(CrmAppFactory.AdminEmail);

        foreach (var path in new[] { "/Admin/Users", "/Admin/Users/Invite", $"/Admin/Users/{adminId}", $"/Admin/Users/{adminId}/Deactivate", "/Admin/Teams", "/Admin/Teams/New" })
        {
            var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.LocationPath(), StringComparison.Ordinal);
        }

        var refused = await browser.PostFormAsync($"/Admin/Users/{adminId}/Deactivate", new() { ["reassignTo"] = "" }, "/Account/Manage");
        Assert.StartsWith("/Account/AccessDenied", refused.LocationPath(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Id == adminId).Select(u => u.IsActive).SingleAsync()));
    }

    [Theory]
    [InlineData("/Admin/Users/Invite")]
    [InlineData("/Admin/Users/x/Deactivate")]
    [InlineData("/Admin/Users/x/SendLink")]
    [InlineData("/Admin/Users/x/Reactivate")]
    [InlineData("/Admin/Teams/New")]
    [InlineData("/Admin/Teams/1/Delete")]
    public async Task Every_post_without_its_antiforgery_token_is_refused(string action)
    {
        var admin = await app.SignInAsync();
        var response = await admin.PostAsync(action, new FormUrlEncodedContent([new("Name", "x")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_invitation_with_bad_input_shows_every_error_at_once_and_creates_nobody()
    {
        var admin = await app.SignInAsync();
        var response = await admin.PostFormAsync("/Admin/Users/Invite", new() { ["DisplayName"] = " ", ["Email"] = "not an address" });
        var page = await response.ReadTextAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("There are 3 problems:", page, StringComparison.Ordinal);
        Assert.Contains("Enter the person's name.", page, StringComparison.Ordinal);
        Assert.Contains("Enter a valid email address, like name@example.com.", page, StringComparison.Ordinal);
        Assert.Contains("Choose at least one role.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"not an address\"", page, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "not an address")));

        var taken = await admin.PostFormAsync("/Admin/Users/Invite", new() { ["DisplayName"] = "Copy", ["Email"] = CrmAppFactory.AdminEmail.ToUpperInvariant(), ["Roles"] = Roles.Sales });
        Assert.Contains("Another user already has this email address.", await taken.ReadTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invited_person_chooses_a_password_once_with_the_mailed_link_and_signs_in_with_their_roles_and_team()
    {
        var teamId = await NewTeamAsync("Invited team");
        var admin = await app.SignInAsync();
        var invited = await admin.PostMultipleAsync("/Admin/Users/Invite",
        [
            new("DisplayName", "Inès Invitée"), new("Email", "ines.invite@tests.crm"), new("Roles", Roles.Sales), new("Roles", Roles.Support),
            new("TeamId", teamId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Culture", "fr"),
        ], "/Admin/Users/Invite");
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);

        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "ines.invite@tests.crm"));
        Assert.Null(user.PasswordHash);
        Assert.Equal(teamId, user.TeamId);
        var mail = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.To == "ines.invite@tests.crm"));
        Assert.Equal("Vous êtes invité sur Crm", mail.Subject);
        var link = new Uri(LinkPattern().Match(mail.Text).Value);
        Assert.Contains("invite=true", link.Query, StringComparison.Ordinal);

        var list = await admin.GetTextAsync("/Admin/Users?status=Invited&q=ines");
        Assert.Contains("ines.invite@tests.crm", list, StringComparison.Ordinal);

        var anonymous = app.CreateBrowserLikeClient();
        var form = await anonymous.GetTextAsync(link.PathAndQuery);
        Assert.Contains("Welcome: choose your password", form, StringComparison.Ordinal);
        var code = System.Web.HttpUtility.ParseQueryString(link.Query)["code"]!;
        var chosen = await anonymous.PostFormAsync("/Account/ResetPassword", new() { ["Email"] = "ines.invite@tests.crm", ["Code"] = code, ["Password"] = Password, ["ConfirmPassword"] = Password }, link.PathAndQuery);
        Assert.Equal("/Account/Login", chosen.LocationPath());

        var ines = await app.SignInAsync("ines.invite@tests.crm", Password);
        Assert.Equal(HttpStatusCode.OK, (await ines.GetAsync("/Contacts")).StatusCode);

        // The same link a second time: the stamp changed with the password, so it no longer works.
        var again = await anonymous.PostFormAsync("/Account/ResetPassword", new() { ["Email"] = "ines.invite@tests.crm", ["Code"] = code, ["Password"] = "Other-Pass-2026", ["ConfirmPassword"] = "Other-Pass-2026" }, link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await app.SignInAsync("ines.invite@tests.crm", Password);

        var events = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.UserId == user.Id).Select(e => e.Kind).ToListAsync());
        Assert.Contains(SecurityEventKind.Invited, events);
        Assert.Contains(SecurityEventKind.SignedIn, events);
    }

    [Fact]
    public async Task Sending_the_invitation_again_makes_the_first_link_stop_working()
    {
        var admin = await app.SignInAsync();
        await admin.PostMultipleAsync("/Admin/Users/Invite", [new("DisplayName", "Twice"), new("Email", "twice@tests.crm"), new("Roles", Roles.Sales)], "/Admin/Users/Invite");
        var id = await IdOfAsync("twice@tests.crm");
        var first = await LinkToAsync("twice@tests.crm");

        var resent = await admin.PostFormAsync($"/Admin/Users/{id}/SendLink", [], $"/Admin/Users/{id}");
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.To == "twice@tests.crm")));

        var anonymous = app.CreateBrowserLikeClient();
        var code = System.Web.HttpUtility.ParseQueryString(first.Query)["code"]!;
        var stale = await anonymous.PostFormAsync("/Account/ResetPassword", new() { ["Email"] = "twice@tests.crm", ["Code"] = code, ["Password"] = Password, ["ConfirmPassword"] = Password }, first.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task An_admin_cannot_take_the_admin_role_from_themselves()
    {
        var admin = await app.SignInAsync();
        var me = await IdOfAsync(CrmAppFactory.AdminEmail);
        var response = await admin.PostMultipleAsync($"/Admin/Users/{me}", [new("DisplayName", "Admin"), new("Email", CrmAppFactory.AdminEmail), new("Roles", Roles.Sales)], $"/Admin/Users/{me}");

        Assert.Contains("You cannot take the Admin role from yourself: another admin must.", await response.ReadTextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Admin/Users")).StatusCode);
    }

    [Fact]
    public async Task Taking_a_role_away_ends_that_persons_sessions_and_is_logged_with_before_and_after()
    {
        var user = await app.CreateUserAsync("demoted@tests.crm", Password, Roles.Manager);
        await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            await users.AddToRoleAsync((await users.FindByIdAsync(user.Id))!, Roles.Sales);
        });
        var demoted = await app.SignInAsync("demoted@tests.crm", Password);
        Assert.Equal(HttpStatusCode.OK, (await demoted.GetAsync("/Contacts")).StatusCode);

        var admin = await app.SignInAsync();
        var saved = await admin.PostMultipleAsync($"/Admin/Users/{user.Id}", [new("DisplayName", "Demoted"), new("Email", "demoted@tests.crm"), new("Roles", Roles.Sales)], $"/Admin/Users/{user.Id}");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var after = await demoted.GetAsync("/Contacts");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/Login", after.LocationPath(), StringComparison.Ordinal);
        var logged = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.UserId == user.Id && e.Kind == SecurityEventKind.RolesChanged));
        Assert.Equal("Manager, Sales → Sales", logged.Detail);
        Assert.Contains("Roles changed", await admin.GetTextAsync($"/Admin/Users/{user.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_who_changes_team_takes_their_records_with_them()
    {
        var from = await NewTeamAsync("Team before");
        var to = await NewTeamAsync("Team after");
        var mover = await app.CreateUserAsync("mover@tests.crm", Password, Roles.Sales);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == mover.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TeamId, from)));
        var contactId = await AddContactAsync("Mover", mover.Id, from);
        var otherId = await AddContactAsync("Stays", null, from);

        var admin = await app.SignInAsync();
        var saved = await admin.PostMultipleAsync($"/Admin/Users/{mover.Id}", [new("DisplayName", "Mover"), new("Email", "mover@tests.crm"), new("Roles", Roles.Sales), new("TeamId", to.ToString(System.Globalization.CultureInfo.InvariantCulture))], $"/Admin/Users/{mover.Id}");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        Assert.Equal(to, await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == contactId).Select(c => c.TeamId).SingleAsync()));
        Assert.Equal(from, await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == otherId).Select(c => c.TeamId).SingleAsync()));
        var logged = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.UserId == mover.Id && e.Kind == SecurityEventKind.TeamChanged));
        Assert.Equal("Team before → Team after", logged.Detail);
    }

    [Fact]
    public async Task Deactivating_hands_every_record_over_with_history_ends_sessions_and_refuses_sign_in()
    {
        var leaver = await app.CreateUserAsync("leaver@tests.crm", Password, Roles.Sales);
        var heir = await app.CreateUserAsync("heir@tests.crm", Password, Roles.Sales);
        var teamId = await NewTeamAsync("Heir team");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == heir.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TeamId, teamId)));
        var first = await AddContactAsync("Leaver one", leaver.Id, null);
        var second = await AddContactAsync("Leaver two", leaver.Id, null);
        var leaverSession = await app.SignInAsync("leaver@tests.crm", Password);

        var admin = await app.SignInAsync();
        var wizard = await admin.GetTextAsync($"/Admin/Users/{leaver.Id}/Deactivate");
        Assert.Contains("data-testid=\"owned-counts\"", wizard, StringComparison.Ordinal);
        Assert.Contains("Contacts: 2", wizard, StringComparison.Ordinal);

        var refused = await admin.PostFormAsync($"/Admin/Users/{leaver.Id}/Deactivate", new() { ["reassignTo"] = leaver.Id });
        Assert.Contains("Choose an active user to hand the records to.", await refused.ReadTextAsync(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Id == leaver.Id).Select(u => u.IsActive).SingleAsync()));

        var done = await admin.PostFormAsync($"/Admin/Users/{leaver.Id}/Deactivate", new() { ["reassignTo"] = heir.Id });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        var owners = await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == first || c.Id == second).Select(c => new { c.OwnerId, c.TeamId }).ToListAsync());
        Assert.All(owners, o => Assert.Equal((heir.Id, (int?)teamId), (o.OwnerId, o.TeamId)));
        var history = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Kind == "contacts" && a.EntityId == first && a.Source == ChangeSource.Bulk).SingleAsync());
        Assert.Contains(heir.Id, history.Changes, StringComparison.Ordinal);

        var afterwards = await leaverSession.GetAsync("/Contacts");
        Assert.StartsWith("/Account/Login", afterwards.LocationPath(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignInAsync("leaver@tests.crm", Password));
        Assert.True(await app.WithDbAsync(db => db.SecurityEvents.AnyAsync(e => e.UserId == leaver.Id && e.Kind == SecurityEventKind.Deactivated)));
        Assert.Contains("leaver@tests.crm", await admin.GetTextAsync("/Admin/Users?status=Deactivated"), StringComparison.Ordinal);

        var reactivated = await admin.PostFormAsync($"/Admin/Users/{leaver.Id}/Reactivate", [], $"/Admin/Users/{leaver.Id}");
        Assert.Equal(HttpStatusCode.Redirect, reactivated.StatusCode);
        await app.SignInAsync("leaver@tests.crm", Password);
    }

    [Fact]
    public async Task An_admin_cannot_deactivate_themselves()
    {
        var admin = await app.SignInAsync();
        var me = await IdOfAsync(CrmAppFactory.AdminEmail);
        var response = await admin.PostFormAsync($"/Admin/Users/{me}/Deactivate", new() { ["reassignTo"] = "" });
        Assert.Contains("You cannot deactivate your own account.", await response.ReadTextAsync(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Id == me).Select(u => u.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task Sign_ins_and_failed_sign_ins_are_logged()
    {
        var user = await app.CreateUserAsync("logged@tests.crm", Password, Roles.Sales);
        var client = app.CreateBrowserLikeClient();
        await client.PostFormAsync("/Account/Login", new() { ["Email"] = "logged@tests.crm", ["Password"] = "Wrong-Pass-2026" });
        await client.PostFormAsync("/Account/Login", new() { ["Email"] = "nobody-here@tests.crm", ["Password"] = "Wrong-Pass-2026" });
        await app.SignInAsync("logged@tests.crm", Password);

        var mine = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.UserId == user.Id).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        Assert.Equal([SecurityEventKind.SignInFailed, SecurityEventKind.SignedIn], mine);
        Assert.True(await app.WithDbAsync(db => db.SecurityEvents.AnyAsync(e => e.UserId == null && e.Kind == SecurityEventKind.SignInFailed && e.Detail == "nobody-here@tests.crm")));
    }

    [Fact]
    public async Task Teams_are_named_once_get_a_manager_and_are_deleted_only_when_empty()
    {
        var admin = await app.SignInAsync();
        var blank = await admin.PostFormAsync("/Admin/Teams/New", new() { ["Name"] = "", ["ManagerId"] = "no-such-user" });
        var page = await blank.ReadTextAsync();
        Assert.Contains("There are 2 problems:", page, StringComparison.Ordinal);
        Assert.Contains("Enter the team's name.", page, StringComparison.Ordinal);
        Assert.Contains("Choose an active user as the manager.", page, StringComparison.Ordinal);

        var manager = await app.CreateUserAsync("team-manager@tests.crm", Password, Roles.Manager);
        var created = await admin.PostFormAsync("/Admin/Teams/New", new() { ["Name"] = "Support Lyon", ["ManagerId"] = manager.Id });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var team = await app.WithDbAsync(db => db.Teams.SingleAsync(t => t.Name == "Support Lyon"));
        Assert.Equal(manager.Id, team.ManagerId);

        var twice = await admin.PostFormAsync("/Admin/Teams/New", new() { ["Name"] = "Support Lyon" });
        Assert.Contains("Another team already has this name.", await twice.ReadTextAsync(), StringComparison.Ordinal);

        await app.WithDbAsync(db => db.Users.Where(u => u.Id == manager.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TeamId, team.Id)));
        var contactId = await AddContactAsync("Team record", manager.Id, team.Id);
        var kept = await admin.PostFormAsync($"/Admin/Teams/{team.Id}/Delete", [], $"/Admin/Teams/{team.Id}");
        Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Teams.AnyAsync(t => t.Id == team.Id)));

        await app.WithDbAsync(db => db.Users.Where(u => u.Id == manager.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TeamId, (int?)null)));
        var deleted = await admin.PostFormAsync($"/Admin/Teams/{team.Id}/Delete", [], $"/Admin/Teams/{team.Id}");
        Assert.Equal("/Admin/Teams", deleted.LocationPath());
        Assert.False(await app.WithDbAsync(db => db.Teams.AnyAsync(t => t.Id == team.Id)));
        Assert.Null(await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == contactId).Select(c => c.TeamId).SingleAsync()));
    }

    private Task<string> IdOfAsync(string email) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private async Task<Uri> LinkToAsync(string email)
    {
        var body = await app.WithDbAsync(db => db.Outbox.Where(m => m.To == email).OrderBy(m => m.Id).Select(m => m.Text).FirstAsync());
        return new Uri(LinkPattern().Match(body).Value);
    }

    private Task<int> NewTeamAsync(string name) => app.WithDbAsync(async db =>
    {
        var team = new Team { Name = name };
        db.Teams.Add(team);
        await db.SaveChangesAsync();
        return team.Id;
    });

    private Task<int> AddContactAsync(string lastName, string? ownerId, int? teamId) => app.WithDbAsync(async db =>
    {
        var contact = new Contact { FirstName = "Test", LastName = lastName, OwnerId = ownerId, TeamId = teamId };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        return contact.Id;
    });
}
