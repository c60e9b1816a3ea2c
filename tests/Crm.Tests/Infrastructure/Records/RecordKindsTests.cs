using System.Reflection;
using System.Xml.Linq;
using Crm.Tests.Infrastructure.Localization;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure.Records;

/// <summary>
/// What every registered kind of record must declare, checked over the kinds the app registers (a new kind joins
/// these tests by being registered): a sound access rule, fields that exist and set their columns, French labels.
/// </summary>
public sealed class RecordKindsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private IReadOnlyList<RecordKind> Kinds => app.Services.GetRequiredService<RecordKinds>().All;

    [Fact]
    public void The_customer_record_kinds_are_registered_once_each_with_their_own_key_and_route()
    {
        Assert.Contains(Kinds, k => k.Key == "contacts");
        Assert.Contains(Kinds, k => k.Key == "companies");
        Assert.Equal(Kinds.Count, Kinds.Select(k => k.Key).Distinct().Count());
        Assert.Equal(Kinds.Count, Kinds.Select(k => k.Route).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(Kinds.Count, Kinds.Select(k => k.EntityType).Distinct().Count());
        // Pages that list kinds (recycle bin tabs, dashboard tiles) show them in their declared order, not registration order.
        Assert.Equal(["contacts", "companies"], Kinds.Select(k => k.Key).Take(2));
    }

    [Fact]
    public void Every_kind_declares_an_access_rule_that_names_known_roles_and_lets_someone_read()
    {
        foreach (var kind in Kinds)
        {
            Assert.True(kind.Access is not null, $"{kind.Key} has no access rule");
            Assert.Empty(kind.Access.Problems().Select(p => $"{kind.Key}: {p}"));
        }
    }

    [Fact]
    public void A_rule_that_lets_a_role_change_what_it_cannot_read_is_reported()
    {
        var rule = RecordAccessRule.CustomerRecord with
        {
            Edit = RecordAccessRule.Scopes((Roles.Support, AccessScope.All), ("Janitor", AccessScope.Own)),
            Read = RecordAccessRule.Scopes((Roles.Support, AccessScope.Team)),
        };

        var problems = rule.Problems().ToList();

        Assert.Contains(problems, p => p.Contains("unknown role 'Janitor'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains($"'{Roles.Support}' may change records (All) it cannot read", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_that_lets_a_role_log_on_what_it_cannot_read_is_reported()
    {
        var rule = RecordAccessRule.CustomerRecord with { Log = RecordAccessRule.Scopes((Roles.Marketing, AccessScope.All)), Read = RecordAccessRule.Scopes((Roles.Marketing, AccessScope.Own)) };

        Assert.Contains(rule.Problems(), p => p.Contains($"'{Roles.Marketing}' may change records (All) it cannot read", StringComparison.Ordinal));
    }

    [Fact]
    public void Logging_reaches_as_far_as_the_wider_of_editing_and_the_log_right_and_no_further()
    {
        var rule = RecordAccessRule.CustomerRecord;
        CrmUser As(params string[] roles) => new("u", 1, roles.ToHashSet());

        Assert.Equal(AccessScope.All, rule.LogScope(As(Roles.Support)));
        Assert.Equal(AccessScope.Team, rule.LogScope(As(Roles.Sales)));
        Assert.Equal(AccessScope.All, rule.LogScope(As(Roles.Sales, Roles.Support)));
        Assert.Equal(AccessScope.None, rule.LogScope(As(Roles.Marketing)));
        Assert.Equal(AccessScope.None, rule.EditScope(As(Roles.Support)));
    }

    [Fact]
    public async Task Every_declared_field_is_a_field_of_the_entity_and_its_length_is_the_column_length()
    {
        await app.WithDbAsync(db =>
        {
            foreach (var kind in Kinds)
            {
                Assert.True(kind.Fields.Count > 0, $"{kind.Key} declares no fields");
                var entity = db.Model.FindEntityType(kind.EntityType)!;
                foreach (var field in kind.Fields)
                {
                    var dot = field.Name.IndexOf('.', StringComparison.Ordinal);
                    var column = dot < 0
                        ? entity.FindProperty(field.Name)
                        : entity.FindComplexProperty(field.Name[..dot])?.ComplexType.FindProperty(field.Name[(dot + 1)..]);
                    var navigation = dot < 0 ? (object?)entity.FindNavigation(field.Name) : null;
                    Assert.True(column is not null || navigation is not null, $"{kind.Key}.{field.Name} is neither a column nor a navigation");
                    if (column is not null && field.MaxLength is int max)
                    {
                        Assert.True(max == column.GetMaxLength(), $"{kind.Key}.{field.Name}: declared {max}, column {column.GetMaxLength()}");
                    }

                    if (column is not null && field.Required)
                    {
                        Assert.False(column.IsNullable, $"{kind.Key}.{field.Name} is required but its column is nullable");
                    }

                    if (field.Type == FieldType.Choice)
                    {
                        Assert.True(field.Choices?.IsEnum == true, $"{kind.Key}.{field.Name} is a choice without its enum");
                    }

                    if (field.Type == FieldType.Record)
                    {
                        Assert.True(Kinds.Any(k => k.Key == field.RecordKind), $"{kind.Key}.{field.Name} points to an unregistered kind '{field.RecordKind}'");
                    }
                }
            }

            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Every_kind_field_label_and_export_header_reads_in_French()
    {
        var french = XDocument.Load(Path.Combine(ResourceCompletenessTests.RepositoryRoot(), "src", "Crm.Web", "Resources", "SharedResource.fr.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var labels = Kinds.SelectMany(k => new[] { k.Singular, k.Plural, k.SummaryDetail }.Concat(k.Fields.Select(f => f.Label)).Concat(k.ExportHeaders));

        Assert.Empty(labels.Where(l => !french.Contains(l)).Distinct());
    }

    public static TheoryData<string> RoleNames() => new(Roles.All);

    /// <summary>The engine's query filter and its in-memory check agree, for every kind, role and kind of owner.</summary>
    [Theory]
    [MemberData(nameof(RoleNames))]
    public void For_every_kind_the_list_filter_and_the_record_check_agree_for_each_owner(string role)
    {
        var me = new CrmUser("me", 1, new HashSet<string>([role], StringComparer.Ordinal));
        var check = typeof(RecordKindsTests).GetMethod(nameof(FilterAgreesWithCheck), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var kind in Kinds)
        {
            check.MakeGenericMethod(kind.EntityType).Invoke(null, [me]);
        }
    }

    [Fact]
    public void The_customer_record_rule_lets_sales_reach_their_team_and_support_read_without_changing()
    {
        var rule = RecordAccessRule.CustomerRecord;
        var sales = new CrmUser("s", 1, new HashSet<string>([Roles.Sales]));
        var support = new CrmUser("p", 1, new HashSet<string>([Roles.Support]));
        var salesAndSupport = new CrmUser("b", 1, new HashSet<string>([Roles.Sales, Roles.Support]));

        Assert.Equal(AccessScope.Team, rule.ReadScope(sales));
        Assert.Equal(AccessScope.Team, rule.EditScope(sales));
        Assert.Equal(AccessScope.All, rule.ReadScope(support));
        Assert.Equal(AccessScope.None, rule.EditScope(support));
        Assert.False(rule.CanCreate(support));
        // Reading everything does not widen what a sales user may change.
        Assert.Equal(AccessScope.All, rule.ReadScope(salesAndSupport));
        Assert.Equal(AccessScope.Team, rule.EditScope(salesAndSupport));
    }

    private static void FilterAgreesWithCheck<T>(CrmUser me)
        where T : class, IRecord<T>
    {
        (string? Owner, int? Team)[] owners = [("me", 1), ("mate", 1), ("stranger", 2), (null, null), ("loner", null)];
        var records = owners.Select(o =>
        {
            var record = Activator.CreateInstance<T>();
            typeof(T).GetProperty(nameof(IOwned.OwnerId))!.SetValue(record, o.Owner);
            typeof(T).GetProperty(nameof(IOwned.TeamId))!.SetValue(record, o.Team);
            return record;
        }).ToList();

        Assert.Equal(records.Where(r => me.CanSee<T>(r)), records.AsQueryable().VisibleTo(me));
        Assert.Equal(records.Where(r => me.CanEdit<T>(r)), records.AsQueryable().EditableBy(me));
        Assert.Equal(records.Where(r => me.CanDelete<T>(r)), records.AsQueryable().DeletableBy(me));
        Assert.True(records.AsQueryable().EditableBy(me).All(r => me.CanSee<T>(r)), $"{typeof(T).Name}: {string.Join(",", me.Roles)} may change records it cannot see");
        Assert.DoesNotContain(records.AsQueryable().VisibleTo(me), r => r.OwnerId == "stranger" && T.Kind.Access.ReadScope(me) != AccessScope.All);
    }
}
