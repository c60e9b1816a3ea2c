using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;

namespace Crm.Tests.Infrastructure.Records;

/// <summary>What each visibility level makes of a kind's declared rule (decision 0016).</summary>
public sealed class VisibilityLevelTests
{
    private static CrmUser As(string role, int? team = 7) => new("u1", team, new HashSet<string>([role], StringComparer.Ordinal));

    [Fact]
    public void The_team_level_is_the_declared_rule_for_every_role_but_managers_who_see_their_teams()
    {
        foreach (var declared in new[] { RecordAccessRule.CustomerRecord, TicketKind.Access })
        {
            var team = declared.At(VisibilityLevel.Team);
            foreach (var role in Roles.All.Where(r => r != Roles.Manager))
            {
                Assert.Equal(declared.ReadScope(As(role)), team.ReadScope(As(role)));
                Assert.Equal(declared.EditScope(As(role)), team.EditScope(As(role)));
                Assert.Equal(declared.DeleteScope(As(role)), team.DeleteScope(As(role)));
                Assert.Equal(declared.LogScope(As(role)), team.LogScope(As(role)));
            }

            Assert.Equal(AccessScope.All, declared.ReadScope(As(Roles.Manager)));
            Assert.Equal(AccessScope.Team, team.ReadScope(As(Roles.Manager)));
            Assert.Equal(AccessScope.Team, team.EditScope(As(Roles.Manager)));
            Assert.Empty(team.Problems());
        }

        Assert.Equal(AccessScope.Team, RecordAccessRule.CustomerRecord.At(VisibilityLevel.Team).DeleteScope(As(Roles.Manager)));
        Assert.Equal(VisibilityLevel.Team, VisibilityLevels.Default);
        Assert.Empty(RecordVisibility.Declared.Levels);
    }

    [Fact]
    public void Private_narrows_every_ordinary_role_to_its_own_records_managers_to_their_teams_and_leaves_admins_and_creation_alone()
    {
        var rule = RecordAccessRule.CustomerRecord.At(VisibilityLevel.Private);

        Assert.Equal(AccessScope.Own, rule.ReadScope(As(Roles.Sales)));
        Assert.Equal(AccessScope.Own, rule.EditScope(As(Roles.Sales)));
        Assert.Equal(AccessScope.Own, rule.DeleteScope(As(Roles.Sales)));
        Assert.Equal(AccessScope.Own, rule.ReadScope(As(Roles.Support)));
        Assert.Equal(AccessScope.Own, rule.LogScope(As(Roles.Support)));
        Assert.Equal(AccessScope.None, rule.EditScope(As(Roles.Support)));
        Assert.Equal(AccessScope.Own, rule.ReadScope(As(Roles.Marketing)));
        Assert.Equal(AccessScope.Team, rule.ReadScope(As(Roles.Manager)));
        Assert.Equal(AccessScope.Team, rule.EditScope(As(Roles.Manager)));
        Assert.Equal(AccessScope.Team, rule.DeleteScope(As(Roles.Manager)));
        Assert.Equal(AccessScope.All, rule.ReadScope(As(Roles.Admin)));
        Assert.Equal(AccessScope.All, rule.DeleteScope(As(Roles.Admin)));
        Assert.True(rule.CanCreate(As(Roles.Sales)));
        Assert.False(rule.CanCreate(As(Roles.Support)));
        Assert.Empty(rule.Problems());
    }

    [Fact]
    public void Everyone_reads_widens_reading_only_and_everyone_edits_widens_changes_but_never_gives_a_role_a_right_it_lacks()
    {
        var reads = RecordAccessRule.CustomerRecord.At(VisibilityLevel.EveryoneReads);
        Assert.Equal(AccessScope.All, reads.ReadScope(As(Roles.Sales)));
        Assert.Equal(AccessScope.Team, reads.EditScope(As(Roles.Sales)));
        Assert.Equal(AccessScope.Team, reads.DeleteScope(As(Roles.Sales)));

        Assert.Equal(AccessScope.All, reads.ReadScope(As(Roles.Manager)));
        Assert.Equal(AccessScope.All, reads.EditScope(As(Roles.Manager)));
        Assert.Equal(AccessScope.All, reads.DeleteScope(As(Roles.Manager)));

        var edits = RecordAccessRule.CustomerRecord.At(VisibilityLevel.EveryoneEdits);
        Assert.Equal(AccessScope.All, edits.EditScope(As(Roles.Manager)));
        Assert.Equal(AccessScope.All, edits.EditScope(As(Roles.Sales)));
        Assert.Equal(AccessScope.Team, edits.DeleteScope(As(Roles.Sales)));
        Assert.Equal(AccessScope.None, edits.EditScope(As(Roles.Support)));
        Assert.Equal(AccessScope.None, edits.EditScope(As(Roles.Marketing)));
        Assert.Equal(AccessScope.All, edits.LogScope(As(Roles.Support)));

        // Tickets: marketing never reaches them, sales never edits them, at any level; support still works its queue.
        foreach (var level in Enum.GetValues<VisibilityLevel>())
        {
            var tickets = TicketKind.Access.At(level);
            Assert.Equal(AccessScope.None, tickets.ReadScope(As(Roles.Marketing)));
            Assert.Equal(AccessScope.None, tickets.EditScope(As(Roles.Sales)));
            Assert.NotEqual(AccessScope.None, tickets.EditScope(As(Roles.Support)));
            Assert.Equal(AccessScope.None, tickets.DeleteScope(As(Roles.Support)));
            Assert.Empty(tickets.Problems());
        }
    }

    [Fact]
    public void The_private_level_still_reaches_the_unassigned_records_of_the_users_team_but_not_another_teams()
    {
        var visibility = new RecordVisibility(new Dictionary<string, VisibilityLevel> { [Ticket.Kind.Key] = VisibilityLevel.Private });
        var agent = As(Roles.Support) with { Visibility = visibility };

        Assert.True(agent.CanSee<Ticket>(new Ticket { OwnerId = null, TeamId = 7 }));
        Assert.True(agent.CanEdit<Ticket>(new Ticket { OwnerId = "u1", TeamId = 8 }));
        Assert.False(agent.CanSee<Ticket>(new Ticket { OwnerId = null, TeamId = 8 }));
        Assert.False(agent.CanSee<Ticket>(new Ticket { OwnerId = "u2", TeamId = 7 }));
        Assert.True((agent with { Visibility = RecordVisibility.Declared }).CanSee<Ticket>(new Ticket { OwnerId = "u2", TeamId = 7 }));
    }

    [Theory]
    [InlineData("Private", true)]
    [InlineData("EveryoneEdits", true)]
    [InlineData("everyoneedits", false)]
    [InlineData("2", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_a_levels_exact_name_is_read_as_a_level(string? posted, bool read) =>
        Assert.Equal(read, VisibilityLevels.TryParse(posted, out _));

    [Fact]
    public void A_manager_reaches_the_records_of_their_own_team_and_of_the_teams_they_manage_and_no_other()
    {
        var manager = As(Roles.Manager) with { ManagedTeamIds = new HashSet<int> { 8, 9 } };
        Assert.Equal([7, 8, 9], manager.Teams);

        foreach (var team in new[] { 7, 8, 9 })
        {
            Assert.True(manager.CanSee<Ticket>(new Ticket { OwnerId = "u2", TeamId = team }));
            Assert.True(manager.CanEdit<Ticket>(new Ticket { OwnerId = "u2", TeamId = team }));
        }

        Assert.False(manager.CanSee<Ticket>(new Ticket { OwnerId = "u2", TeamId = 10 }));
        Assert.False(manager.CanSee<Ticket>(new Ticket { OwnerId = null, TeamId = 10 }));
        Assert.True(manager.CanSee<Ticket>(new Ticket { OwnerId = null, TeamId = null }));
        Assert.True(manager.CanSee<Ticket>(new Ticket { OwnerId = "u1", TeamId = 10 }));
        Assert.Equal("team:7,8,9:u1", manager.ReadAudience<Ticket>());

        var open = manager with { Visibility = new RecordVisibility(new Dictionary<string, VisibilityLevel> { [Ticket.Kind.Key] = VisibilityLevel.EveryoneReads }) };
        Assert.True(open.CanSee<Ticket>(new Ticket { OwnerId = "u2", TeamId = 10 }));
        Assert.True(open.CanEdit<Ticket>(new Ticket { OwnerId = "u2", TeamId = 10 }));
        Assert.Equal("all", open.ReadAudience<Ticket>());

        // A manager of no team reaches what they own and what belongs to no one.
        var alone = As(Roles.Manager, team: null);
        Assert.False(alone.CanSee<Ticket>(new Ticket { OwnerId = "u2", TeamId = 7 }));
        Assert.True(alone.CanSee<Ticket>(new Ticket { OwnerId = "u1", TeamId = 7 }));
    }
}
