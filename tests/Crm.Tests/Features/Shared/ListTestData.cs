using System.Net;
using AngleSharp.Html.Parser;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Shared;

/// <summary>Users, teams and tags for list tests, and reading a list page back.</summary>
public static class ListTestData
{
    public const string Password = "Lists-Pass-2026";

    public sealed record User(string Id, string Email, int? TeamId);

    /// <summary>Creates (once) a user with a role in a team, named after its email.</summary>
    public static async Task<User> UserAsync(this CrmAppFactory app, string email, string role, string? team)
    {
        User? created = null;
        await app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<Crm.Web.Infrastructure.Data.CrmDbContext>();
            var users = services.GetRequiredService<UserManager<AppUser>>();
            int? teamId = null;
            if (team is not null)
            {
                var t = await db.Teams.FirstOrDefaultAsync(x => x.Name == team);
                if (t is null)
                {
                    t = new Team { Name = team };
                    db.Teams.Add(t);
                    await db.SaveChangesAsync();
                }

                teamId = t.Id;
            }

            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], TeamId = teamId };
                Check(await users.CreateAsync(user, Password));
                Check(await users.AddToRoleAsync(user, role));
            }

            created = new User(user.Id, email, user.TeamId);
        });
        return created!;
    }

    public static Task<HttpClient> SignInAsAsync(this CrmAppFactory app, User user) => app.SignInAsync(user.Email, Password);

    public static async Task<Tag> TagAsync(this CrmAppFactory app, string name) =>
        await app.WithDbAsync(async db =>
        {
            var key = Crm.Web.Infrastructure.Text.SearchKey.Normalize(name);
            var tag = await db.Tags.FirstOrDefaultAsync(t => t.NameKey == key);
            if (tag is null)
            {
                tag = Tag.Create(name);
                db.Tags.Add(tag);
                await db.SaveChangesAsync();
            }

            return tag;
        });

    /// <summary>The ids of the rows of a list page, in order, read from their details links.</summary>
    public static async Task<List<int>> RowIdsAsync(this HttpClient client, string url, string detailsPrefix)
    {
        var html = await client.GetHtmlAsync(url);
        return RowIds(html, detailsPrefix);
    }

    public static List<int> RowIds(string html, string detailsPrefix)
    {
        var doc = new HtmlParser().ParseDocument(html);
        return doc.QuerySelectorAll("table.crm-list tbody tr td a.fw-semibold")
            .Select(a => a.GetAttribute("href")!)
            .Where(h => h.StartsWith(detailsPrefix, StringComparison.Ordinal))
            .Select(h => int.Parse(h[detailsPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
    }

    public static async Task<string> GetHtmlAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The href of the element matching a CSS selector, HTML-decoded.</summary>
    public static string? Href(string html, string selector) =>
        new HtmlParser().ParseDocument(html).QuerySelector(selector)?.GetAttribute("href");

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
