using Crm.Tests.Infrastructure;
using Crm.Web.Features.Activities;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Duplicates;

/// <summary>Builders for the duplicates tests: users with a role and a team, companies, contacts, activities, tags.</summary>
public static class DuplicateData
{
    public const string Password = "Test-Pass-2026";

    public static readonly CrmUser Admin = new("admin-of-tests", null, new HashSet<string>([Roles.Admin]));

    public static async Task<(string Id, int TeamId)> UserAsync(this CrmAppFactory app, string email, string role, string team)
    {
        string id = string.Empty;
        var teamId = 0;
        await app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<Crm.Web.Infrastructure.Data.CrmDbContext>();
            var existing = db.Teams.FirstOrDefault(t => t.Name == team);
            if (existing is null)
            {
                existing = new Team { Name = team };
                db.Teams.Add(existing);
                await db.SaveChangesAsync();
            }

            teamId = existing.Id;
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, TeamId = existing.Id };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            id = user.Id;
        });
        return (id, teamId);
    }

    public static Task<int> CompanyAsync(this CrmAppFactory app, string name, Action<Company>? configure = null) =>
        app.WithDbAsync(async db =>
        {
            var company = new Company { Name = name };
            configure?.Invoke(company);
            db.Companies.Add(company);
            await db.SaveChangesAsync();
            return company.Id;
        });

    public static Task<int> ContactAsync(
        this CrmAppFactory app, string first, string last, string[]? emails = null, string[]? phones = null, int? companyId = null, Action<Contact>? configure = null) =>
        app.WithDbAsync(async db =>
        {
            var contact = new Contact { FirstName = first, LastName = last, CompanyId = companyId };
            contact.SetEmails(emails ?? []);
            contact.SetPhones(phones ?? []);
            configure?.Invoke(contact);
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        });

    public static Task<int> ActivityAsync(this CrmAppFactory app, string subject, int? contactId = null, int? companyId = null) =>
        app.WithDbAsync(async db =>
        {
            var activity = Activity.Log(ActivityKind.Call, subject, DateTime.UtcNow, contactId, companyId, null);
            db.Activities.Add(activity);
            await db.SaveChangesAsync();
            return activity.Id;
        });

    public static Task<int> TagAsync(this CrmAppFactory app, string name) =>
        app.WithDbAsync(async db =>
        {
            var key = Crm.Web.Infrastructure.Text.SearchKey.Normalize(name);
            var tag = db.Tags.FirstOrDefault(t => t.NameKey == key);
            if (tag is null)
            {
                tag = Tag.Create(name);
                db.Tags.Add(tag);
                await db.SaveChangesAsync();
            }

            return tag.Id;
        });

    /// <summary>Form fields of a page's merge form, as the browser would post them unchanged.</summary>
    public static Dictionary<string, string> FormFields(string html)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var form = document.QuerySelector("form[action$='/Merge']") ?? throw new InvalidOperationException("No merge form on the page.");
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input"))
        {
            var name = input.GetAttribute("name");
            var type = input.GetAttribute("type");
            if (name is null || name == "__RequestVerificationToken" || (type == "radio" && !input.HasAttribute("checked")))
            {
                continue;
            }

            fields[name] = input.GetAttribute("value") ?? string.Empty;
        }

        return fields;
    }
}
