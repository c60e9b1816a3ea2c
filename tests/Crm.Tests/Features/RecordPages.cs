using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features;

/// <summary>Users, teams and records for the record page tests, arranged straight in the app's database.</summary>
public static partial class RecordPages
{
    public const string Password = "Test-Pass-2026";

    public sealed record TestUser(string Id, string Email, int? TeamId);

    /// <summary>The role that edits the records of its team for the kind (sales for customer records, support for tickets).</summary>
    public static string TeamEditorRole(Crm.Web.Infrastructure.Records.RecordKind kind) =>
        kind.Access.Edit.First(e => e.Value == Crm.Web.Infrastructure.Records.AccessScope.Team).Key;

    /// <summary>A role that reads some records of the kind but may change none (support for customer records, sales for tickets).</summary>
    public static string ReaderOnlyRole(Crm.Web.Infrastructure.Records.RecordKind kind) =>
        Crm.Web.Infrastructure.Auth.Roles.All.First(r =>
            kind.Access.Read.GetValueOrDefault(r) != Crm.Web.Infrastructure.Records.AccessScope.None
            && kind.Access.Edit.GetValueOrDefault(r) == Crm.Web.Infrastructure.Records.AccessScope.None);

    public static async Task<TestUser> CreateUserAsync(this CrmAppFactory app, string role, string? team = null, string? name = null)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@tests.crm";
        TestUser? created = null;
        await app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<Crm.Web.Infrastructure.Data.CrmDbContext>();
            int? teamId = null;
            if (team is not null)
            {
                var existing = await db.Teams.FirstOrDefaultAsync(t => t.Name == team);
                if (existing is null)
                {
                    existing = new Team { Name = team };
                    db.Teams.Add(existing);
                    await db.SaveChangesAsync();
                }

                teamId = existing.Id;
            }

            var users = services.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name ?? email, TeamId = teamId };
            var result = await users.CreateAsync(user, Password);
            Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            created = new TestUser(user.Id, email, teamId);
        });
        return created!;
    }

    public static Task<HttpClient> SignInAsync(this CrmAppFactory app, TestUser user) => app.SignInAsync(user.Email, Password);

    public static Task<int> AddContactAsync(this CrmAppFactory app, string firstName, string lastName, TestUser? owner = null, int? companyId = null, string? email = null, string? phone = null) =>
        app.WithDbAsync(async db =>
        {
            var contact = new Contact { FirstName = firstName, LastName = lastName, CompanyId = companyId, OwnerId = owner?.Id, TeamId = owner?.TeamId };
            contact.SetEmails(email is null ? [] : [email]);
            contact.SetPhones(phone is null ? [] : [phone]);
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        });

    public static Task<int> AddCompanyAsync(this CrmAppFactory app, string name, TestUser? owner = null, string? siren = null, int? parentId = null) =>
        app.WithDbAsync(async db =>
        {
            var company = new Company { Name = name, Siren = siren, OwnerId = owner?.Id, TeamId = owner?.TeamId, ParentCompanyId = parentId };
            db.Companies.Add(company);
            await db.SaveChangesAsync();
            return company.Id;
        });

    public static async Task<string> ReadHtmlAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {html[..Math.Min(html.Length, 3000)]}");
        return html;
    }

    public static int IdFromLocation(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var match = DetailsPath().Match(response.Headers.Location!.OriginalString);
        Assert.True(match.Success, response.Headers.Location!.OriginalString);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A form's fields, as repeated keys (Emails, Phones) need.</summary>
    public static List<KeyValuePair<string, string>> Fields(params (string Key, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();

    [GeneratedRegex(@"/Details/(\d+)")]
    private static partial Regex DetailsPath();
}
