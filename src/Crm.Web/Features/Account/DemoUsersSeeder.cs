using System.Security.Cryptography;
using Crm.Web.Features.Demo;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Account;

/// <summary>Two teams (both managed by the demo manager) and one demo user per role. Their password comes from --password, else a random one printed once.</summary>
public sealed class DemoUsersSeeder(UserManager<AppUser> users, CrmDbContext db, TimeProvider clock) : IDemoSeeder
{
    public static readonly IReadOnlyList<(string Email, string Name, string Role, string Team, string Culture)> People =
    [
        ("admin@demo.crm", "Claire Dubois", Roles.Admin, "Paris", "fr"),
        ("manager@demo.crm", "James Whitaker", Roles.Manager, "London", "en"),
        ("sales@demo.crm", "Julien Moreau", Roles.Sales, "Paris", "fr"),
        ("sales2@demo.crm", "Emily Carter", Roles.Sales, "London", "en"),
        ("support@demo.crm", "Léa Fontaine", Roles.Support, "Paris", "fr"),
        ("marketing@demo.crm", "Oliver Bennett", Roles.Marketing, "London", "en"),
    ];

    public int Order => 0;

    public IReadOnlyCollection<string> Handles => [];

    public async Task SeedAsync(DemoSeedOptions options, TextWriter output, CancellationToken ct)
    {
        var password = options.Password ?? RandomPassword();
        var teams = new Dictionary<string, Team>();
        foreach (var name in People.Select(p => p.Team).Distinct())
        {
            var team = await db.Teams.FirstOrDefaultAsync(t => t.Name == name, ct);
            if (team is null)
            {
                team = new Team { Name = name };
                db.Teams.Add(team);
                await db.SaveChangesAsync(ct);
            }

            teams[name] = team;
        }

        foreach (var (email, name, role, team, culture) in People)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new AppUser
                {
                    UserName = email,
                    Email = email,
                    EmailConfirmed = true,
                    DisplayName = name,
                    Culture = culture,
                    TeamId = teams[team].Id,
                    CreatedAt = clock.GetUtcNow().UtcDateTime,
                };
                Check(await users.CreateAsync(user, password));
            }
            else
            {
                var token = await users.GeneratePasswordResetTokenAsync(user);
                Check(await users.ResetPasswordAsync(user, token, password));
            }

            if (!await users.IsInRoleAsync(user, role))
            {
                Check(await users.AddToRoleAsync(user, role));
            }
        }

        // The demo manager manages both teams, so they see every demo record at the default (team) level, as
        // "managers see their teams" (decision 0016); a team someone already manages keeps its manager.
        var manager = await users.FindByEmailAsync(People.Single(p => p.Role == Roles.Manager).Email);
        foreach (var team in teams.Values.Where(t => t.ManagerId is null))
        {
            team.ManagerId = manager!.Id;
        }

        await db.SaveChangesAsync(ct);
        await output.WriteLineAsync($"Demo users ({string.Join(", ", People.Select(p => $"{p.Email} [{p.Role}]"))})");
        await output.WriteLineAsync(options.Password is null
            ? $"  password (shown once): {password}"
            : "  password: the one given with --password");
    }

    private static string RandomPassword() =>
        "Demo-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', 'x').Replace('/', 'y') + "9a";

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
