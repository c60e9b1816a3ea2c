using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;

namespace Crm.Tests.Infrastructure.Records;

/// <summary>What each visibility level makes of a kind's declared rule (decision 0016).</summary>
public sealed class VisibilityLevelTests
{
    private static CrmUser As(string role, int? team = 7) => new("u1", team, new HashSet<string>([role], StringComparer.Ordinal));

    [Fact]
    public void The_team_level_is_the_declared_rule_itself_so_installs_that_never_chose_keep_their_behaviour()
    {
        Assert.Same(RecordAccessRule.CustomerRecord, RecordAccessRule.CustomerRecord.At(VisibilityLevel.Team));
        Assert.Same(TicketKind.Access, TicketKind.Access.At(VisibilityLevel.Team));
        Assert.Equal(VisibilityLevel.Team, VisibilityLevels.Default);
        Assert.Empty(RecordVisibility.Declared.Levels);
    }

    [Fact]
    public void Private_narrows_every_ordinary_role_to_its_own_records_and_leaves_admins_managers_and_creation_alone()
    {
        var rule = RecordAccessRule.CustomerRecord.At(VisibilityLevel.Private);

        Assert.Equal(AccessScope.Own, rule.ReadScope(As(Roles.Sales)));
        Assert.Equal(AccessScope.Own, rule.EditScope(As(Roles.Sales)));
        Assert.Equal(AccessScope.Own, rule.DeleteScope(As(Roles.Sales)));
        Assert.Equal(AccessScope.Own, rule.ReadScope(As(Roles.Support)));
        Assert.Equal(AccessScope.Own, rule.LogScope(As(Roles.Support)));
        Assert.Equal(AccessScope.None, rule.EditScope(As(Roles.Support)));
        Assert.Equal(AccessScope.Own, rule.ReadScope(As(Roles.Marketing)));
        Assert.Equal(AccessScope.All, rule.ReadScope(As(Roles.Manager)));
        Assert.Equal(AccessScope.All, rule.EditScope(As(Roles.Manager)));
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

        var edits = RecordAccessRule.CustomerRecord.At(VisibilityLevel.EveryoneEdits);
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
}
